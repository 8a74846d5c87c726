// IPv6 subnet modes: every (ipv6_ra_mode, ipv6_address_mode) pair Neutron must accept and echo,
// every mismatched pair it must refuse with 400 (NetworksIpV6TestAttrs, test_dhcpv6_invalid_options),
// and where the gateway lies (test_create_delete_subnet_with_gw, _with_default_gw).
import { subnetGateway, subnetInvalidModes, subnetModes } from '../../lib/overlay/checks/subnet.ts'
import { overlaySuite } from '../../lib/suite/overlay.ts'

overlaySuite([
  subnetModes, // Subnets are accepted in every valid (ipv6_ra_mode, ipv6_address_mode) pair, with both echoed
  subnetInvalidModes, // Every mismatched (ipv6_ra_mode, ipv6_address_mode) pair is refused with 400
  subnetGateway, // The default gateway lies inside the subnet and is never handed to a port; an explicit gateway is honoured and a router interface takes it
])
