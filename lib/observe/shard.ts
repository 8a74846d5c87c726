// A shard's observations (`--shard i/n`, lib/targets/shard.ts): its share of a whole observation,
// what its suites judge, and the shards joined again by merge-reports into the observation one
// unsharded run would have made, so that `--replay` of the merged directory judges the whole target.
import { nameKey, ptrName, recordData, resultsFor, type DnsResult, type DnsType } from '../dns/index.ts'
import { dialable } from '../net/index.ts'
import { checkedNames } from '../targets/checked-names.ts'
import { namesOfShard, shardOf, shardText, shareOfTarget, type Shard } from '../targets/shard.ts'
import type { Observations } from './record.ts'
import type { UnderlayObservation } from './underlay-record.ts'

/**
 * The shard's part of an observation of the whole target (a live one, or a replayed file): its
 * hosts, endpoints and names; the catalog in shard 1. `target` stays whole. The DNS answers all
 * stay: they are the evidence of the endpoints' checks too.
 */
export function shareOfObservations(o: Observations, s: Shard): Observations {
  if (s.count === 1) return { ...o, shard: s }
  const mine = (name: string) => shardOf(name, s.count) === s.index
  const { underlay, ...rest } = o
  return {
    ...rest,
    hosts: o.hosts.filter((h) => mine(h.name)),
    ...(underlay && { underlay: shareOfUnderlay(underlay, o, s) }),
    shard: s,
  }
}

function shareOfUnderlay(u: UnderlayObservation, o: Observations, s: Shard): UnderlayObservation {
  const { catalog, ...rest } = u
  return {
    ...rest,
    names: u.names.filter(namesOfShard(o.target, s)),
    endpoints: u.endpoints.filter((e) => shardOf(e.name, s.count) === s.index),
    ...(catalog && s.index === 1 && { catalog }),
  }
}

/** What the suites judge: a shard's observations with the target cut to its share, so each suite plans only its subjects. */
export const judgedObservations = (o: Observations): Observations =>
  o.shard ? { ...o, target: shareOfTarget(o.target, o.shard) } : o

export interface ShardFile {
  file: string
  observations: Observations
}

/** The target as every shard must hold it: the path it was read from may differ from one CI agent to another. */
const targetKey = (o: Observations): string => JSON.stringify({ ...o.target, source: undefined })

/**
 * The n shards of one run joined into the observation one unsharded run makes. Throws an Error
 * naming the files when they are not that: different targets or targets files, a file that is no
 * shard, shards of different counts, a shard twice, or a shard missing.
 */
export function mergeObservations(parts: readonly ShardFile[]): Observations {
  const first = parts[0]
  if (!first) throw new Error('merge-reports needs the report directories of the shards')
  checkShards(parts.map((p) => ({ file: p.file, target: p.observations.target.name, shard: p.observations.shard })))
  const other = parts.find((p) => targetKey(p.observations) !== targetKey(first.observations))
  if (other)
    throw new Error(
      `merge-reports: ${other.file} and ${first.file} observed target ${first.observations.target.name} as different targets files describe it: merge the shards of one run, made from one targets file`,
    )
  const byIndex = [...parts].sort((a, b) => (a.observations.shard?.index ?? 0) - (b.observations.shard?.index ?? 0))
  const all = byIndex.map((p) => p.observations)
  const full = first.observations.target
  const hosts = full.hosts.flatMap((h) => all.flatMap((o) => o.hosts.filter((x) => x.name === h.name)).slice(0, 1))
  const underlays = all.flatMap((o) => (o.underlay ? [o.underlay] : []))
  const underlay = underlays.length ? mergeUnderlay(underlays, all, full) : undefined
  return {
    version: 1,
    tool: first.observations.tool,
    // As merge-reports' results.json has it (lib/report/merge.ts).
    runId: [...new Set(all.map((o) => o.runId))].join('+'),
    startedAt: all.map((o) => o.startedAt).sort()[0] ?? first.observations.startedAt,
    durationMs: Math.max(...all.map((o) => o.durationMs)),
    target: full,
    hosts,
    ...(underlay && { underlay }),
  }
}

/** The underlays in shard order (shard 1 first: the catalog and the resolvers' TCP-only queries are its own). */
function mergeUnderlay(
  us: readonly UnderlayObservation[],
  all: readonly Observations[],
  full: Observations['target'],
): UnderlayObservation {
  const first = us[0]!
  const catalog = us.find((u) => u.catalog)?.catalog
  const named = new Set(us.flatMap((u) => u.names))
  const names = checkedNames(full, catalog?.ok ? catalog.entries : []).filter((n) => named.has(n))
  // A name's answers from the shard that judges it first: the same answers its verdicts were made from.
  const owner = (name: string) => all.findIndex((o) => o.shard && namesOfShard(full, o.shard)(name))
  const seen = new Set<string>()
  const answered = us
    .flatMap((u, i) => u.dns.map((r) => ({ r, rank: owner(r.name) === i ? 0 : 1 })))
    .sort((a, b) => a.rank - b.rank)
    .flatMap(({ r }) => {
      const k = dnsKey(r)
      return seen.has(k) ? [] : (seen.add(k), [r])
    })
  const dns = inQueryOrder(answered, full, catalog?.ok ? catalog.entries : [], first.resolvers)
  const endpoints = full.endpoints.flatMap((e) =>
    us.flatMap((u) => u.endpoints.filter((x) => x.name === e.name)).slice(0, 1),
  )
  return {
    startedAt: us.map((u) => u.startedAt).sort()[0] ?? first.startedAt,
    durationMs: Math.max(...us.map((u) => u.durationMs)),
    resolvers: first.resolvers,
    names,
    dns,
    tcpOnly: first.tcpOnly,
    endpoints,
    ...(catalog && { catalog }),
  }
}

const dnsKey = (r: { server: string; name: string; type: string }) => `${r.server}\0${r.name}\0${r.type}`

/**
 * The answers in the order one unsharded observation asks them (lib/observe/underlay.ts): the
 * checked names (AAAA, then A), the catalog's further names, the PTR of each dialable AAAA, then the
 * AAAA of each PTR target that is no checked name; each question of every resolver in turn. The
 * evidence of a resolver's check lists its answers in this order.
 */
function inQueryOrder(
  dns: readonly DnsResult[],
  full: Observations['target'],
  entries: readonly { url: string }[],
  resolvers: readonly string[],
): DnsResult[] {
  const records = (name: string, type: DnsType) => [...new Set(resultsFor(dns, name, type).flatMap(recordData))]
  const listed = checkedNames(full)
  const allNames = checkedNames(full, entries)
  const ptrs = full.dns?.reverse
    ? [...new Set(allNames.flatMap((n) => records(n, 'AAAA').filter(dialable)).flatMap((a) => ptrName(a) ?? []))]
    : []
  const targets = [...new Set(ptrs.flatMap((p) => records(p, 'PTR')).map(nameKey))].filter((n) => !allNames.includes(n))
  const questions: [string, DnsType][] = [
    ...listed.flatMap((n) => [[n, 'AAAA'] as [string, DnsType], [n, 'A'] as [string, DnsType]]),
    ...allNames
      .filter((n) => !listed.includes(n))
      .flatMap((n) => [[n, 'AAAA'] as [string, DnsType], [n, 'A'] as [string, DnsType]]),
    ...ptrs.map((p): [string, DnsType] => [p, 'PTR']),
    ...targets.map((n): [string, DnsType] => [n, 'AAAA']),
  ]
  const byKey = new Map(dns.map((r) => [dnsKey(r), r]))
  const ordered = questions.flatMap(([name, type]) =>
    resolvers.flatMap((server) => {
      const k = dnsKey({ server, name, type })
      const r = byKey.get(k)
      return r ? (byKey.delete(k), [r]) : []
    }),
  )
  // Anything else a shard asked (none today) keeps its place after them.
  return [...ordered, ...byKey.values()]
}

/**
 * The shards given to merge-reports are all n shards of one target, each once. `what` names each
 * part's file for the message.
 */
export function checkShards(parts: readonly { file: string; target: string; shard?: Shard | undefined }[]): void {
  const first = parts[0]
  if (!first) throw new Error('merge-reports needs the report directories of the shards')
  const targets = [...new Set(parts.map((p) => p.target))]
  if (targets.length > 1)
    throw new Error(
      `merge-reports: the reports are of different targets (${parts.map((p) => `${p.file}: ${p.target}`).join(', ')}); merge the shards of one run`,
    )
  const whole = parts.find((p) => !p.shard)
  if (whole)
    throw new Error(
      `merge-reports: ${whole.file} is of a run without --shard, which holds the whole target: merge the reports of --shard 1/n … n/n runs`,
    )
  const count = first.shard!.count
  const odd = parts.find((p) => p.shard!.count !== count)
  if (odd)
    throw new Error(
      `merge-reports: ${first.file} is shard ${shardText(first.shard!)} but ${odd.file} is shard ${shardText(odd.shard!)}: merge the shards of one run, all split the same n ways`,
    )
  for (let i = 1; i <= count; i++) {
    const at = parts.filter((p) => p.shard!.index === i)
    if (at.length > 1)
      throw new Error(
        `merge-reports: shard ${i}/${count} is given twice (${at.map((p) => p.file).join(', ')}): give each shard's report directory once`,
      )
    if (at.length === 0)
      throw new Error(
        `merge-reports: shard ${i}/${count} is missing (given: ${parts.map((p) => `${p.file} (${shardText(p.shard!)})`).join(', ')}): every shard of the run is needed, or the report would pass what was never judged`,
      )
  }
}
