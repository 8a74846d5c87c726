// Port addresses: exactly the modified EUI-64 of the MAC on slaac and dhcpv6-stateless subnets,
// computed here (NetworksTestDHCPv6 eui64 tests), and fixed IPs on dhcpv6-stateful subnets:
// honoured, refused out of the pool, refused when taken (test_dhcp_stateful_fixedips*).
import { portEui64, portStatefulFixedIp } from '../../lib/overlay/checks/port.ts'
import { overlaySuite } from '../../lib/suite/overlay.ts'

overlaySuite([
  portEui64, // On slaac and dhcpv6-stateless subnets a port gets exactly the modified EUI-64 address of its MAC
  portStatefulFixedIp, // On dhcpv6-stateful subnets a requested fixed IP is honoured; one after the pool gets 400; a taken one gets 409
])
