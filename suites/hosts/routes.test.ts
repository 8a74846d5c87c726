// The way out: an IPv6 default route through a neighbour, on links that can carry IPv6.
import { mtu } from '../../lib/judge/link.ts'
import { defaultRoute } from '../../lib/judge/routes.ts'
import { hostsSuite } from '../../lib/suite/hosts.ts'

hostsSuite({
  'hosts.route.default': defaultRoute,
  'hosts.link.mtu': mtu,
})
