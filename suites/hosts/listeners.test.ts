// Services listening for IPv6: binds judged with v6only semantics, and a real connect over AF_INET6.
import { acceptsIPv6, dualStack, reachable } from '../../lib/judge/listeners.ts'
import { hostsSuite } from '../../lib/suite/hosts.ts'

hostsSuite([
  acceptsIPv6, // Expected listeners accept IPv6
  dualStack, // On dual-stack targets, expected listeners accept IPv4 too
  reachable, // Named listeners answer a TCP connect over IPv6 from the runner
])
