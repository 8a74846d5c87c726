// Counting and grouping shared by the reports (what to fix is grouped in fixes.ts).
import { CATALOG } from '../checks/catalog.ts'
import { SUITES, type Suite } from '../verdict.ts'
import type { TestRecord } from './record.ts'
import { oneLine, sanitizeText } from '../util/sanitize.ts'

export interface Counts {
  passed: number
  failed: number
  skipped: number
  waived: number
  total: number
}

/** Readiness: passed over judged. Skips were not judged; a waived finding is still not ready. */
export function score(c: Pick<Counts, 'passed' | 'failed' | 'waived'>): number | undefined {
  const judged = c.passed + c.failed + c.waived
  return judged === 0 ? undefined : Math.round((100 * c.passed) / judged)
}

/** A waived finding is a skip that carries a waiver; it is counted apart from plain skips. */
export const isWaived = (r: TestRecord): boolean => r.state === 'skipped' && r.waiver !== undefined

export function countBySuite(records: readonly TestRecord[]): Map<Suite, Counts> {
  const out = new Map<Suite, Counts>()
  for (const r of records) {
    let c = out.get(r.suite)
    if (!c) out.set(r.suite, (c = { passed: 0, failed: 0, skipped: 0, waived: 0, total: 0 }))
    c.total++
    if (isWaived(r)) c.waived++
    else c[r.state]++
  }
  // Stable suite order, whatever order the records came in.
  return new Map([...out].sort(([a], [b]) => SUITES.indexOf(a) - SUITES.indexOf(b)))
}

/** Safe, single-line text for Markdown and the terminal. */
export const line = (s: string): string => oneLine(sanitizeText(s))

/** The subject a finding is about, as waivers spell it. */
export const subjectOf = (r: TestRecord): string => r.verdict?.subject ?? r.group

// cmp2 before cmp10.
const natural = new Intl.Collator('en', { numeric: true })

const CHECK_RANK = new Map(CATALOG.map((c, i) => [c.id, i]))

/**
 * One order for every report, whatever order the tests finished in or the shards were merged:
 * suites in report order, subjects naturally, then checks in catalog order.
 */
export function inReportOrder(records: readonly TestRecord[]): TestRecord[] {
  const rank = (check: string) => CHECK_RANK.get(check) ?? CATALOG.length
  return [...records].sort(
    (a, b) =>
      SUITES.indexOf(a.suite) - SUITES.indexOf(b.suite) ||
      natural.compare(a.group, b.group) ||
      rank(a.check) - rank(b.check) ||
      natural.compare(a.name, b.name),
  )
}

/** Plain skips (not waivers) grouped by their reason, largest group first. */
export function skipsByReason(records: readonly TestRecord[]): Array<{ reason: string; records: TestRecord[] }> {
  const reasonOf = (r: TestRecord) => line(r.message ?? r.verdict?.skip ?? '') || '(no reason given)'
  return groupBy(
    records.filter((r) => r.state === 'skipped' && !isWaived(r)),
    reasonOf,
  )
    .map((rs) => ({ reason: reasonOf(rs[0] as TestRecord), records: rs }))
    .sort((a, b) => b.records.length - a.records.length || a.reason.localeCompare(b.reason))
}

/** Subjects a group lists in summary.md before `and N more`: a group stays this long at any fleet size. */
export const SHOWN = 10

/** Items grouped by `key`, in the order each key first appears. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const k = key(item)
    const list = groups.get(k)
    if (list) list.push(item)
    else groups.set(k, [item])
  }
  return [...groups.values()]
}

export function seconds(ms: number): string {
  return `${(Math.max(0, ms) / 1000).toFixed(1)} s`
}
