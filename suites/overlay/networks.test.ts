// Tenant networks over IPv6: a network and its subnet live and die through the API
// (NetworksIpV6Test), an IPv6 subnet sits beside an IPv4 one (test_dhcpv6_64_subnets), and two IPv6
// prefixes share a network (test_dhcpv6_two_subnets, test_network_v6 multi-prefix): a port gets
// one address in each.
import { overlaySuite } from '../../lib/suite/overlay.ts'

overlaySuite(['overlay.network.crud', 'overlay.network.dual-stack', 'overlay.network.multi-prefix'])
