// Tenant networks over IPv6: a network and its subnet live and die through the API
// (NetworksIpV6Test), an IPv6 subnet sits beside an IPv4 one (test_dhcpv6_64_subnets), and two IPv6
// prefixes share a network (test_dhcpv6_two_subnets, test_network_v6 multi-prefix): a port gets
// one address in each.
import { networkCrud, networkDualStack, networkMultiPrefix } from '../../lib/overlay/checks/network.ts'
import { overlaySuite } from '../../lib/suite/overlay.ts'

overlaySuite([
  networkCrud, // An IPv6 tenant network, subnet and port are created, shown, listed, updated and deleted
  networkDualStack, // A network with an IPv4 and an IPv6 subnet gives a port one address of each
  networkMultiPrefix, // Two IPv6 prefixes on one network give a port one address in each
])
