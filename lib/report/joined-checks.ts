// The checks a shard cannot judge alone, judged by merge-reports on the joined observations: an A
// record is orphaned only if no host of the whole target holds its address, and a resolver is
// judged on every name it was asked. The records they make are the ones an unsharded run makes.
import { noOrphanA, resolverV6 } from '../judge/underlay-dns.ts'
import type { Observations } from '../observe/record.ts'
import { settle, testName } from '../suite/settle.ts'
import { underlayViewOf } from '../suite/underlay-view-of.ts'
import type { Suite, Verdict } from '../verdict.ts'
import type { Waiver } from '../waivers.ts'
import type { TestRecord } from './record.ts'

const JOINED = [noOrphanA, resolverV6]

/** The shards' records, with those of the joined checks (skipped in each shard) judged again on the whole observation. */
export function withJoinedChecks(records: readonly TestRecord[], whole: Observations): TestRecord[] {
  const view = underlayViewOf(whole)
  const judges = JOINED.filter((j) => records.some((r) => r.suite === 'underlay' && r.check === j.check.id))
  if (!view || !judges.length) return [...records]
  const ids = new Set(judges.map((j) => j.check.id))
  const today = whole.startedAt.slice(0, 10)
  return [
    ...records.filter((r) => !(r.suite === 'underlay' && ids.has(r.check))),
    ...judges.flatMap((j) =>
      j(view).map((v) => recordOfVerdict('underlay', v.subject, v, whole.target.waivers, today)),
    ),
  ]
}

/** The record a reporter makes of the verdict's test (lib/report/vitest-reporter.ts recordOf), made without running it. */
export function recordOfVerdict(
  suite: Suite,
  group: string,
  found: Verdict,
  waivers: Waiver[],
  today: string,
): TestRecord {
  const s = settle(found, waivers, today)
  const v = s.verdict
  const message = s.failure ?? s.skip
  return {
    suite,
    group,
    check: v.check,
    name: testName(v.check, v.subject, group),
    state: s.failure !== undefined ? 'failed' : s.skip !== undefined ? 'skipped' : 'passed',
    verdict: v,
    ...(message ? { message } : {}),
    ...(v.evidence ? { body: v.evidence } : {}),
    durationMs: 0,
    ...(s.waiver ? { waiver: { reason: s.waiver.reason, expires: s.waiver.expires } } : {}),
  }
}
