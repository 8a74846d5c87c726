// The lab never shares address space with this machine's real networks (docs/design.md §7): it refuses to
// start on an overlap, and pins its prefixes to `unreachable` in the root namespace, so a client
// started in the wrong namespace fails at once with "no route" instead of sending packets out.
import ipaddr from 'ipaddr.js'
import { LAB_PREFIXES } from './plan.ts'
import { sh } from './proc.ts'

/** What `ip -j addr` and `ip -j route` say about the root namespace, reduced to prefixes. */
export interface RootNetwork {
  addresses: { dev: string; cidr: string }[]
  routes: { dst: string; type: string; dev?: string }[]
}

const parse = (cidr: string): [ipaddr.IPv4 | ipaddr.IPv6, number] => ipaddr.parseCIDR(cidr)

/** Two prefixes overlap when either holds the other's network address. */
export function overlaps(a: string, b: string): boolean {
  const [an, al] = parse(a)
  const [bn, bl] = parse(b)
  if (an.kind() !== bn.kind()) return false
  return an.match(bn, bl) || bn.match(an, al)
}

/**
 * Every reason the lab must not start here. A default route is not an overlap (it holds
 * everything); our own `unreachable` routes from an earlier `lab:up` are expected.
 */
export function overlapProblems(root: RootNetwork, labPrefixes: readonly string[] = LAB_PREFIXES): string[] {
  const out: string[] = []
  for (const p of labPrefixes) {
    for (const a of root.addresses) if (overlaps(a.cidr, p)) out.push(`${a.dev} holds ${a.cidr}, inside the lab's ${p}`)
    for (const r of root.routes) {
      if (r.dst === 'default' || r.dst.endsWith('/0')) continue
      if (r.type === 'unreachable' && r.dst === p) continue
      if (overlaps(r.dst, p))
        out.push(`the route to ${r.dst}${r.dev ? ` dev ${r.dev}` : ''} (${r.type}) overlaps the lab's ${p}`)
    }
  }
  return out
}

interface IpAddrJson {
  ifname: string
  addr_info?: { local: string; prefixlen: number }[]
}
interface IpRouteJson {
  dst: string
  type?: string
  dev?: string
}

/** Route `dst` as ip prints it: a bare address means a host route. */
const asCidr = (dst: string): string =>
  dst === 'default' || dst.includes('/') ? dst : `${dst}/${dst.includes(':') ? 128 : 32}`

export async function readRootNetwork(): Promise<RootNetwork> {
  const addrs = JSON.parse(await sh('ip', ['-j', 'addr', 'show'])) as IpAddrJson[]
  const routes = [
    ...(JSON.parse(await sh('ip', ['-j', '-4', 'route', 'show', 'table', 'all'])) as IpRouteJson[]),
    ...(JSON.parse(await sh('ip', ['-j', '-6', 'route', 'show', 'table', 'all'])) as IpRouteJson[]),
  ]
  return {
    addresses: addrs.flatMap((i) =>
      (i.addr_info ?? []).map((a) => ({ dev: i.ifname, cidr: `${a.local}/${a.prefixlen}` })),
    ),
    // Local and broadcast routes mirror the addresses; multicast ff00::/8 is never ours.
    routes: routes
      .filter((r) => !['local', 'broadcast', 'multicast', 'anycast'].includes(r.type ?? 'unicast'))
      .map((r) => ({ dst: asCidr(r.dst), type: r.type ?? 'unicast', ...(r.dev ? { dev: r.dev } : {}) })),
  }
}

/** Refuse on any overlap, then pin every lab prefix to `unreachable` in the root namespace. */
export async function guardRootNamespace(): Promise<void> {
  const problems = overlapProblems(await readRootNetwork())
  if (problems.length)
    throw new Error(
      `lab: refusing to start, the lab's address space is in use on this machine:\n  ${problems.join('\n  ')}`,
    )
  for (const p of LAB_PREFIXES) await sh('ip', [p.includes(':') ? '-6' : '-4', 'route', 'replace', 'unreachable', p])
}
