// `ip -j -6 route show` (iproute2 JSON) → Route[].
import type { Route } from '../facts.ts'
import { canonicalAddress, canonicalPrefix, excerpt, isRecord, parseJsonArray } from './util.ts'

const CMD = 'ip -j -6 route show'

/** "gateway", or "via": {family, host} when the next hop is of the other family (RFC 5549). */
function gatewayOf(r: Record<string, unknown>, where: string): string | undefined {
  const text = typeof r.gateway === 'string' ? r.gateway : isRecord(r.via) && typeof r.via.host === 'string' ? r.via.host : undefined
  if (text === undefined) return undefined
  const c = canonicalAddress(text)
  if (!c) throw new Error(`${CMD}: ${where}: bad gateway ${JSON.stringify(text)}`)
  return c.address
}

type Hop = NonNullable<Route['nexthops']>[number]

function hop(r: Record<string, unknown>, where: string): Hop {
  const gateway = gatewayOf(r, where)
  return { ...(gateway ? { gateway } : {}), ...(typeof r.dev === 'string' ? { dev: r.dev } : {}) }
}

export function parseIpRoute(raw: string): Route[] {
  return parseJsonArray(raw, CMD).map((r, i) => {
    if (!isRecord(r) || typeof r.dst !== 'string') throw new Error(`${CMD}: entry ${i} has no dst: ${excerpt(JSON.stringify(r))}`)
    // A host route is printed without /128.
    const dst = r.dst === 'default' ? 'default' : canonicalPrefix(r.dst)
    if (!dst) throw new Error(`${CMD}: entry ${i}: bad dst ${JSON.stringify(r.dst)}`)
    const route: Route = {
      dst,
      ...hop(r, dst),
      // iproute2 leaves out "protocol" when it is boot (what `ip route add` sets), "type" when unicast,
      // and "metric" when the kernel sent none (IPv6 routes always carry one).
      protocol: r.protocol === undefined ? 'boot' : String(r.protocol),
      metric: typeof r.metric === 'number' ? r.metric : 0,
      type: typeof r.type === 'string' ? r.type : 'unicast',
      flags: Array.isArray(r.flags) ? r.flags.map(String) : [],
    }
    if (Array.isArray(r.nexthops)) route.nexthops = r.nexthops.filter(isRecord).map((h) => hop(h, dst))
    return route
  })
}
