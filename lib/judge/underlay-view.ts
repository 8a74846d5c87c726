// What an underlay judge sees: the target, the underlay observation, and the addresses the
// target's observed hosts hold (for orphaned A records).
import { resultsFor } from '../dns/results.ts'
import type { DnsResult, DnsType } from '../dns/types.ts'
import type { CatalogEntry } from '../openstack/keystone-token.ts'
import { canonicalIPv6 } from '../net/index.ts'
import type { UnderlayObservation } from '../observe/underlay-record.ts'
import type { ResolvedTarget } from '../targets/resolve.ts'
import type { Shard } from '../targets/shard.ts'
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
  /**
   * `--shard i/n`: the observations hold only this shard's hosts and names, so the checks that read
   * every host's addresses or every name's answers are left to merge-reports (judgedWhenJoined).
   */
  shard?: Shard
}

/** Why a shard skips the checks that merge-reports judges once the shards are joined. */
export const judgedWhenJoined = (v: UnderlayView, what: string): string | undefined =>
  v.shard === undefined || v.shard.count === 1
    ? undefined
    : `judged by merge-reports once the shards are joined: it reads ${what}, and shard ${v.shard.index}/${v.shard.count} observed only its share`

export type UnderlayJudge = (v: UnderlayView) => Verdict[]

// ---- shared by the dns, endpoint and catalog judges ----

/** Every result for (name, type), one per resolver asked, in resolver order. Names compare as DNS does (RFC 4343). */
export const answersFor = (v: UnderlayView, name: string, type: DnsType): DnsResult[] =>
  resultsFor(v.underlay.dns, name, type)

/** Each text once, in order of first appearance; IPv6 in RFC 5952 form so that one address is one entry. */
export const uniqueAddresses = (addrs: string[]): string[] => [...new Set(addrs.map((a) => canonicalIPv6(a) ?? a))]

/**
 * One evidence line per result: `[2001:db8:0:1::53]:53 udp NOERROR aa: AAAA 2001:db8:0:1::11 (ttl 600)`.
 * With `question`, the name and type asked follow the server (for evidence that mixes questions).
 */
export function showDns(r: DnsResult, question = false): string {
  const q = question ? `${r.name} ${r.type} ` : ''
  if (!r.ok) return `${r.server} ${q}${r.transport ? `${r.transport} ` : ''}${r.error}: ${r.detail}`
  const records = r.answers.map((x) => `${x.type} ${x.data} (ttl ${x.ttl})`).join(', ') || 'no records'
  return `${r.server} ${q}${r.transport}${r.tc ? ' (after TC over udp)' : ''} ${r.rcode}${r.aa ? ' aa' : ''}: ${records}`
}

export const NO_RESOLVERS = 'no dns.resolvers in the targets file'

/** The fixes that apply, in order, as one remedy. */
export const remedies = (...fixes: (string | false)[]): string => fixes.filter((f): f is string => !!f).join('; ')

export interface CatalogSubject {
  entry: CatalogEntry
  /** `identity/internal`, with `@RegionTwo` only when the service/interface is in several regions. */
  subject: string
}

/** The catalog entries the target asks to judge (`openstack.catalog.interfaces`, default all three). */
export function catalogSubjects(v: UnderlayView): CatalogSubject[] {
  const c = v.underlay.catalog
  if (!c?.ok) return []
  const wanted = v.target.openstack?.catalog?.interfaces ?? ['public', 'internal', 'admin']
  const entries = c.entries.filter((e) => wanted.includes(e.interface))
  const key = (e: CatalogEntry) => `${e.service}/${e.interface}`
  const regions = new Map<string, Set<string>>()
  for (const e of entries) regions.set(key(e), (regions.get(key(e)) ?? new Set()).add(e.region))
  return entries.map((entry) => ({
    entry,
    subject: (regions.get(key(entry))?.size ?? 0) > 1 ? `${key(entry)}@${entry.region}` : key(entry),
  }))
}
