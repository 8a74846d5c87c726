// What each test's verdict cost, for the JUnit `time` Jenkins shows: judging takes microseconds, so
// the cost is the observation the verdict stands on. A subject's observation is shared equally
// among its tests (README, "Reports"): a host's own observation (its SSH round trip, however it
// ended) among that host's tests; an underlay subject's probes (its DNS queries, its TCP connects
// and HTTP requests, Keystone's answer) among its tests. Overlay tests do their I/O inside the test,
// so their own duration is already their cost.
import { nameKey, ptrName } from '../dns/index.ts'
import type { Observations } from '../observe/record.ts'
import type { UnderlayObservation } from '../observe/underlay-record.ts'
import type { TestRecord } from './record.ts'

const key = (suite: string, group: string) => `${suite}\0${group}`

/** Milliseconds of observation per (suite, subject group): the groups the suites describe. */
export function observationCosts(o: Observations): Map<string, number> {
  const costs = new Map<string, number>()
  const add = (suite: string, group: string, ms: number | undefined) => {
    if (!ms || !Number.isFinite(ms) || ms <= 0) return
    costs.set(key(suite, group), (costs.get(key(suite, group)) ?? 0) + ms)
  }
  for (const h of o.hosts) add('hosts', h.name, h.durationMs)
  if (o.underlay) for (const [group, ms] of underlayCosts(o.underlay)) add('underlay', group, ms)
  return costs
}

/** The underlay's probes by the subject group whose tests judge them (lib/suite/underlay.ts, suites/underlay/). */
function underlayCosts(u: UnderlayObservation): Map<string, number> {
  const out = new Map<string, number>()
  const add = (group: string, ms: number) => out.set(group, (out.get(group) ?? 0) + ms)
  // A name's AAAA and A at every resolver, and the PTRs of its addresses (underlay.dns.reverse).
  const names = new Map(u.names.map((n) => [nameKey(n), n]))
  const ptrOwner = new Map<string, string>()
  for (const r of u.dns) {
    const owner = names.get(nameKey(r.name))
    if (!owner || !r.ok) continue
    for (const a of r.answers)
      if (a.type === 'AAAA') {
        const p = ptrName(a.data)
        if (p) ptrOwner.set(p, owner)
      }
  }
  for (const r of u.dns) {
    const owner = names.get(nameKey(r.name)) ?? ptrOwner.get(nameKey(r.name))
    if (owner) add(owner, r.ms)
  }
  for (const r of u.tcpOnly) add(r.server, r.ms)
  for (const e of u.endpoints)
    add(e.name, e.tcp.reduce((t, p) => t + p.ms, 0) + (e.http?.timings.totalMs ?? 0) + (e.v4?.timings.totalMs ?? 0))
  if (u.catalog)
    add(
      'catalog',
      u.catalog.ms + (u.catalog.ok ? u.catalog.probes.reduce((t, p) => t + (p.http?.timings.totalMs ?? 0), 0) : 0),
    )
  return out
}

/**
 * Each record with `observedMs`, its share of its group's observation: whole milliseconds, the
 * remainder to the first tests, so a group's shares add up to its cost exactly.
 */
export function shareObservation(records: readonly TestRecord[], costs: ReadonlyMap<string, number>): TestRecord[] {
  const groups = new Map<string, number[]>()
  records.forEach((r, i) => {
    const k = key(r.suite, r.group)
    const list = groups.get(k)
    if (list) list.push(i)
    else groups.set(k, [i])
  })
  const out = [...records]
  for (const [k, idx] of groups) {
    const total = Math.round(costs.get(k) ?? 0)
    if (total <= 0) continue
    const each = Math.floor(total / idx.length)
    const rest = total - each * idx.length
    idx.forEach((i, n) => {
      const share = each + (n < rest ? 1 : 0)
      out[i] = { ...out[i]!, observedMs: share }
    })
  }
  return out
}

/** What a test's verdict cost: its share of the observation and its own run. */
export const costOf = (r: Pick<TestRecord, 'durationMs' | 'observedMs'>): number =>
  Math.max(0, r.durationMs || 0) + (r.observedMs ?? 0)
