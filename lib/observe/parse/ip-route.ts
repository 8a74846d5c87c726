// `ip -j -6 route show` (iproute2 JSON) → Route[]. A route that cannot be read whole (its dst, a
// gateway) is left out and listed as unreadable, with its dst when that was read; the rest is kept.
import type { Parsed, Route, Unreadable } from '../facts.ts'
import { complaintOf, parseIpRouteText, textForm } from './ip-text.ts'
import { canonicalAddress, canonicalPrefix, isRecord, parseJsonArray, quote, readInPart } from './util.ts'

const CMD = 'ip -j -6 route show'

/** "gateway", or "via": {family, host} when the next hop is of the other family (RFC 5549); why when unreadable. */
function gatewayOf(r: Record<string, unknown>): { gateway?: string } | { why: string } {
  const text =
    typeof r.gateway === 'string'
      ? r.gateway
      : isRecord(r.via) && typeof r.via.host === 'string'
        ? r.via.host
        : undefined
  if (text === undefined) return {}
  const c = canonicalAddress(text)
  return c ? { gateway: c.address } : { why: `bad gateway ${quote(text)}` }
}

type Hop = NonNullable<Route['nexthops']>[number]

function hop(r: Record<string, unknown>): Hop | { why: string } {
  const g = gatewayOf(r)
  if ('why' in g) return g
  return { ...g, ...(typeof r.dev === 'string' ? { dev: r.dev } : {}) }
}

export function parseIpRoute(raw: string): Parsed<Route[]> {
  const text = textForm(raw)
  if (text)
    return parseIpRouteText(
      text.text,
      `ip -6 route show (${text.busybox ? 'BusyBox ip: no -j' : `ip -j refused: ${complaintOf(text.complaint)}`})`,
      text.busybox,
    )
  const unreadable: Unreadable[] = []
  const bad = (entry: number, x: unknown, why: string, about?: string) =>
    unreadable.push({
      source: CMD,
      entry,
      excerpt: quote(JSON.stringify(x) ?? String(x)),
      why,
      ...(about !== undefined ? { about } : {}),
    })
  const routes = parseJsonArray(raw, CMD).flatMap((r, i): Route[] => {
    if (!isRecord(r) || typeof r.dst !== 'string') {
      bad(i, r, 'no dst')
      return []
    }
    // A host route is printed without /128.
    const dst = r.dst === 'default' ? 'default' : canonicalPrefix(r.dst)
    if (!dst) {
      bad(i, r, `bad dst ${quote(r.dst)}`)
      return []
    }
    // Half a route misleads: without its gateway it would pass for an on-link route.
    const hops = [r, ...(Array.isArray(r.nexthops) ? r.nexthops.filter(isRecord) : [])].map(hop)
    const broken = hops.find((h): h is { why: string } => 'why' in h)
    if (broken) {
      bad(i, r, `${dst}: ${broken.why}`, dst)
      return []
    }
    const [own, ...next] = hops as Hop[]
    const route: Route = {
      dst,
      ...own,
      // iproute2 leaves out "protocol" when it is boot (what `ip route add` sets), "type" when unicast,
      // and "metric" when the kernel sent none (IPv6 routes always carry one).
      protocol: r.protocol === undefined ? 'boot' : String(r.protocol),
      metric: typeof r.metric === 'number' ? r.metric : 0,
      type: typeof r.type === 'string' ? r.type : 'unicast',
      flags: Array.isArray(r.flags) ? r.flags.map(String) : [],
    }
    if (Array.isArray(r.nexthops)) route.nexthops = next
    return [route]
  })
  return readInPart(routes, unreadable, routes.length > 0)
}
