// IPv6 security group rules: ipv6-icmp, an ICMPv6 type, TCP from ::/0; a prefix of the other
// family is refused (SecGroupIPv6Test, NegativeSecGroupIPv6Test).
import { overlaySuite } from '../../lib/suite/overlay.ts'

overlaySuite(['overlay.secgroup.ipv6-rules'])
