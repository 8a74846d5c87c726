// Port addresses: exactly the modified EUI-64 of the MAC on slaac and dhcpv6-stateless subnets,
// computed here (NetworksTestDHCPv6 eui64 tests), and fixed IPs on dhcpv6-stateful subnets:
// honoured, refused out of the pool, refused when taken (test_dhcp_stateful_fixedips*).
import { overlaySuite } from '../../lib/suite/overlay.ts'

overlaySuite(['overlay.port.eui64', 'overlay.port.stateful-fixed-ip'])
