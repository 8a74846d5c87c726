// Guests take their IPv6 configuration the way their Neutron subnet gives it: a DHCPv6 client where
// the subnet is dhcpv6-stateful or -stateless, RAs and solicitations where it is slaac or stateless.
import { dhcpv6Client, raSolicit } from '../../lib/judge/guest.ts'
import { hostsSuite } from '../../lib/suite/hosts.ts'

hostsSuite([
  dhcpv6Client, // Guests on DHCPv6 networks ask DHCPv6 on every IPv6 interface, and hold their lease
  raSolicit, // Guests on SLAAC networks take RAs, solicit them, and route by them
])
