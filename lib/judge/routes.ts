// Judge of the IPv6 default route and whether its gateway can be reached on the link.
import type { Route } from '../observe/facts.ts'
import { classifyIPv6, inPrefix } from '../net/index.ts'
import { fail, pass, type Verdict } from '../verdict.ts'
import { needs, subjectOf, whereOf, type HostView } from './host-view.ts'
import { ROUTE_DEFAULT } from '../checks/hosts/route.ts'
import { judgeFacts } from './judged.ts'

interface Hop {
  gateway?: string
  dev?: string
}

const hopsOf = (r: Route): Hop[] =>
  r.nexthops?.length ? r.nexthops : [{ ...(r.gateway ? { gateway: r.gateway } : {}), ...(r.dev ? { dev: r.dev } : {}) }]

/** RFC 4861 §6.3.4: routers are neighbours, so the next hop is link-local or inside an on-link prefix. */
function hopProblem(hop: Hop, routes: Route[]): string | undefined {
  if (!hop.gateway) return undefined // a device route: the whole internet is on-link
  if (classifyIPv6(hop.gateway) === 'link-local')
    return hop.dev ? undefined : `${hop.gateway} is link-local but names no device`
  const onLink = routes.some(
    (r) => r.dst !== 'default' && !r.gateway && r.dev === hop.dev && inPrefix(hop.gateway!, r.dst),
  )
  return onLink
    ? undefined
    : `gateway ${hop.gateway} is neither link-local nor inside an on-link prefix of ${hop.dev ?? 'its device'}`
}

const showRoute = (r: Route): string =>
  `default ${hopsOf(r)
    .map((h) => `${h.gateway ? `via ${h.gateway} ` : ''}dev ${h.dev ?? '?'}`)
    .join(' nexthop ')} proto ${r.protocol} metric ${r.metric}${r.type !== 'unicast' ? ` type ${r.type}` : ''}`

export const defaultRoute = judgeFacts(ROUTE_DEFAULT, (v: HostView): Verdict[] => {
  const check = ROUTE_DEFAULT.id
  return needs(
    check,
    v,
    ['routes'],
    () => {
      const routes = v.facts.routes.ok ? v.facts.routes.value : []
      const defaults = routes.filter((r) => r.dst === 'default')
      const usable = defaults.filter((r) => r.type === 'unicast')
      const base = {
        check,
        subject: subjectOf(v),
        expected: 'an IPv6 default route via a link-local or on-link gateway',
        where: whereOf(v),
      }
      const evidence = defaults.map(showRoute).join('\n') || 'ip -6 route: no default route'
      if (!usable.length)
        return [
          fail({
            ...base,
            observed: defaults.length
              ? `only ${defaults.map((r) => r.type).join(', ')} default routes`
              : 'no IPv6 default route',
            remedy:
              'add a default route (ip -6 route add default via fe80::1 dev <if>) or accept RAs from the router, and persist it',
            evidence,
          }),
        ]
      const problems = usable
        .flatMap((r) => hopsOf(r).map((h) => hopProblem(h, routes)))
        .filter((p): p is string => !!p)
      if (!problems.length) return [pass({ ...base, observed: usable.map(showRoute).join('; '), evidence })]
      return [
        fail({
          ...base,
          observed: problems.join('; '),
          remedy:
            "route via the router's link-local address (fe80::…%if) or add the on-link prefix that holds the gateway",
          evidence,
        }),
      ]
    },
    'pass',
  ) // a usable default route read is usable; unreadable routes are in the evidence
})
