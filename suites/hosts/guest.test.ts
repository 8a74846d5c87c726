// Guests take their IPv6 configuration the way their Neutron subnet gives it: a DHCPv6 client where
// the subnet is dhcpv6-stateful or -stateless, RAs and solicitations where it is slaac or stateless.
import { dhcpv6Client, raSolicit } from '../../lib/judge/guest.ts'
import { hostsSuite } from '../../lib/suite/hosts.ts'

hostsSuite({
  'hosts.guest.dhcpv6-client': dhcpv6Client,
  'hosts.guest.ra-solicit': raSolicit,
})
