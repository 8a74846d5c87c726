// hosts.route: The default route.
import { hostCheck } from '../define.ts'
import { theHost } from '../subjects.ts'

export const ROUTE_DEFAULT = hostCheck({
  id: 'hosts.route.default',
  tags: ['smoke'],
  title: 'An IPv6 default route exists and its gateway is link-local or on-link',
  why: 'Without a default route nothing beyond the link answers; a gateway that is neither link-local nor inside an on-link prefix is unreachable (RFC 4861 §6.3.4: routers are link-local neighbours).',
  fix: 'Add the default route (ip -6 route add default via fe80::1 dev <if>, or accept RAs), persisted in the network configuration.',
  subjects: theHost,
})

/** The hosts.route checks, in report order: a new one is appended here. */
export const ROUTE_CHECKS = [ROUTE_DEFAULT] as const
