// Every host: the ICMPv6 that IPv6 needs, through the host's packet filter (RFC 4890).
import { icmpv6Firewall } from '../../lib/judge/firewall.ts'
import { hostsSuite } from '../../lib/suite/hosts.ts'

hostsSuite([
  icmpv6Firewall, // The host's firewall lets through the ICMPv6 that IPv6 needs
])
