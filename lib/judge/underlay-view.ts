// What an underlay judge sees: the target, the underlay observation, and the addresses the
// target's observed hosts hold (for orphaned A records).
import type { CatalogEntry } from '../openstack/keystone.ts'
import { isIPv4, parseIPv6, parseUrlAuthority } from '../net/index.ts'
import type { UnderlayObservation } from '../observe/underlay-record.ts'
import type { ResolvedTarget } from '../targets/resolve.ts'
import type { Verdict } from '../verdict.ts'

export interface UnderlayView {
  target: ResolvedTarget
  underlay: UnderlayObservation
  /** Every address (IPv4 and IPv6, canonical, no prefix length) that an observed host holds. */
  hostAddresses: string[]
  /** Whether any host was observed, i.e. whether `hostAddresses` is known at all. */
  hostsKnown: boolean
  /** The run's clock, for certificate validity. */
  now: Date
}

export type UnderlayJudge = (v: UnderlayView) => Verdict[]

const bare = (name: string) => (name.length > 1 && name.endsWith('.') ? name.slice(0, -1) : name).toLowerCase()

/** The host of a URL when it is a DNS name (not an IP literal), else undefined. */
export function urlName(url: string): string | undefined {
  const a = parseUrlAuthority(url)
  return a.ok && a.kind === 'name' ? bare(a.host) : undefined
}

/**
 * The names the dns checks cover (issue 4): every endpoint host name, the auth URL's host, every
 * catalog host name, every host `address` that is a name, and `dns.names`. Lower case, in order
 * of first appearance, each once.
 */
export function checkedNames(target: ResolvedTarget, catalog: readonly CatalogEntry[] = []): string[] {
  const all = [
    ...target.endpoints.map((e) => urlName(e.url)),
    target.openstack?.auth_url === undefined ? undefined : urlName(target.openstack.auth_url),
    ...catalog.map((c) => urlName(c.url)),
    ...target.hosts.map((h) => (h.address === undefined || isIPv4(h.address) || parseIPv6(h.address) ? undefined : bare(h.address))),
    ...(target.dns?.names ?? []).map(bare),
  ]
  return [...new Set(all.filter((n): n is string => n !== undefined))]
}
