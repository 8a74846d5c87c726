// IPv6 subnet modes: every (ipv6_ra_mode, ipv6_address_mode) pair Neutron must accept and echo,
// every mismatched pair it must refuse with 400 (NetworksIpV6TestAttrs, test_dhcpv6_invalid_options),
// and where the gateway lies (test_create_delete_subnet_with_gw, _with_default_gw).
import { overlaySuite } from '../../lib/suite/overlay.ts'

overlaySuite(['overlay.subnet.modes', 'overlay.subnet.invalid-modes', 'overlay.subnet.gateway'])
