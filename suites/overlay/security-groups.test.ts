// IPv6 security group rules: ipv6-icmp, an ICMPv6 type, TCP from ::/0; a prefix of the other
// family is refused (SecGroupIPv6Test, NegativeSecGroupIPv6Test).
import { secgroupIpv6Rules } from '../../lib/overlay/checks/secgroup.ts'
import { overlaySuite } from '../../lib/suite/overlay.ts'

overlaySuite([
  secgroupIpv6Rules, // IPv6 security group rules are created as asked; a prefix of the other family is refused
])
