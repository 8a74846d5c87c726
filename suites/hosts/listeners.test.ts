// Services listening for IPv6: binds judged with v6only semantics, and a real connect over AF_INET6.
import { acceptsIPv6, dualStack, reachable } from '../../lib/judge/listeners.ts'
import { hostsSuite } from '../../lib/suite/hosts.ts'

hostsSuite({
  'hosts.listeners.ipv6': acceptsIPv6,
  'hosts.listeners.dual-stack': dualStack,
  'hosts.listeners.reachable': reachable,
})
