// Hosts that ask for it (path_mtu in the targets file): full-size IPv6 packets to the default router
// and the named peers, with fragmentation forbidden.
import { pathMtu } from '../../lib/judge/path-mtu.ts'
import { hostsSuite } from '../../lib/suite/hosts.ts'

hostsSuite([
  pathMtu, // Full-size IPv6 packets reach the default router and the named peers, or a Packet Too Big says the path's MTU
])
