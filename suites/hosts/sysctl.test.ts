// The kernel's effective IPv6 settings, per interface: what the kernel does, not what a key says.
import { acceptRa, disableIpv6, expectedSysctls, forwarding, redirects } from '../../lib/judge/sysctl.ts'
import { hostsSuite } from '../../lib/suite/hosts.ts'

hostsSuite([
  disableIpv6, // IPv6 is enabled on every interface that may carry it
  acceptRa, // Router advertisements are effectively accepted where expected
  forwarding, // IPv6 forwarding matches the role
  redirects, // Interfaces with a global address ignore ICMPv6 redirects
  expectedSysctls, // Every sysctl named in the targets file has its value
])
