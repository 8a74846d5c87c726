// The way out: an IPv6 default route through a neighbour, on links that can carry IPv6.
import { mtu } from '../../lib/judge/link.ts'
import { defaultRoute } from '../../lib/judge/routes.ts'
import { hostsSuite } from '../../lib/suite/hosts.ts'

hostsSuite([
  defaultRoute, // An IPv6 default route exists and its gateway is link-local or on-link
  mtu, // IPv6 interfaces have an MTU of at least 1280
])
