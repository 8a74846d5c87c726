// The IPv6 addresses each interface holds, and whether the kernel can use them.
import { dad, forbidden, linkLocal, required } from '../../lib/judge/addresses.ts'
import { hostsSuite } from '../../lib/suite/hosts.ts'

hostsSuite([
  required, // Expected IPv6 addresses are on their interfaces and usable
  forbidden, // No global IPv6 appears on an IPv4-only interface
  dad, // No address failed duplicate address detection
  linkLocal, // Every IPv6 interface has a link-local address
])
