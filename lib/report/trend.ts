// results.json is the machine-readable outcome of a run: every record with its verdict. A previous
// one (`--baseline`) marks each finding as new or still failing and lists what got fixed, and
// merge-reports joins the shards' ones into one report.
import { existsSync, statSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { readTextInput, RESULTS_INPUT } from '../util/input-file.ts'
import { UsageError } from '../util/usage-error.ts'
import type { Suite } from '../verdict.ts'
import type { Baseline, Night, Result, Results, RunInfo, TestRecord, Trend } from './record.ts'
import { parseResults } from './results-file.ts'
import { countBySuite, isWaived, score, subjectOf } from './tally.ts'

export const RESULTS_FILE = 'results.json'

export type { Baseline, Night, Result, Results, Trend } from './record.ts'

export const resultState = (r: TestRecord): Result['state'] => (isWaived(r) ? 'waived' : r.state)

/** results.json of a run: its records, and the chain of nights with this one last. */
export function resultsOf(records: readonly TestRecord[], info: RunInfo): Results {
  const { reportDir: _, baseline: __, history: ___, ...rest } = info
  return { version: 1, info: rest, records: [...records], history: nightsUpTo(records, info) }
}

/** The chain of nights up to this run: --history's, else the baseline's, then this run's own. */
export const nightsUpTo = (records: readonly TestRecord[], info: RunInfo): Night[] =>
  chain(info.history ?? info.baseline?.history ?? [], nightOf(records, info, info.baseline))

const resultOf = (r: TestRecord): Result => ({
  suite: r.suite,
  group: r.group,
  check: r.check,
  subject: subjectOf(r),
  state: resultState(r),
})

/**
 * A report directory's results.json (or the file itself, or the results.json beside an
 * observations.json), size-checked, then checked against its schema: `what` names the flag or
 * command for messages. Every problem is a UsageError.
 */
export function readResults(path: string, what: string): { file: string; results: Results } {
  if (!existsSync(path)) throw new UsageError(`${what} ${path}: no such file or directory`)
  const file = statSync(path).isDirectory()
    ? join(path, RESULTS_FILE)
    : basename(path) === RESULTS_FILE
      ? path
      : join(dirname(path), RESULTS_FILE)
  const read = readTextInput(file, RESULTS_INPUT)
  if ('problem' in read)
    throw new UsageError(
      file === path
        ? `${what} ${path}: ${read.problem}`
        : `${what} ${path}: cannot read ${file}: ${read.problem} (a v6ready report directory holds one)`,
    )
  return { file, results: parseResults(read.text, `${what} ${file}`) }
}

const key = (check: string, subject: string) => `${check}\0${subject}`

// What failed in a baseline, keyed once: every report asks about every record.
const failedKeys = new WeakMap<Baseline, Set<string>>()
function failedIn(b: Baseline): Set<string> {
  let keys = failedKeys.get(b)
  if (!keys)
    failedKeys.set(
      b,
      (keys = new Set(b.results.filter((x) => x.state === 'failed').map((x) => key(x.check, x.subject)))),
    )
  return keys
}

/** A failure is new unless the same check failed on the same subject in the baseline. */
export function trendOf(r: TestRecord, b: Baseline): Trend | undefined {
  if (r.state !== 'failed') return undefined
  return failedIn(b).has(key(r.check, subjectOf(r))) ? 'still' : 'new'
}

/** Baseline failures that pass now. One that is now waived or no longer judged is not "fixed". */
export function fixedSince(records: readonly TestRecord[], b: Baseline): Result[] {
  const now = new Map(records.map((r) => [key(r.check, subjectOf(r)), resultState(r)]))
  return b.results.filter((x) => x.state === 'failed' && now.get(key(x.check, x.subject)) === 'passed')
}

export interface TrendCounts {
  new: number
  still: number
  fixed: number
}

export function trendCounts(records: readonly TestRecord[], b: Baseline): TrendCounts {
  const trends = records.map((r) => trendOf(r, b))
  return {
    new: trends.filter((t) => t === 'new').length,
    still: trends.filter((t) => t === 'still').length,
    fixed: fixedSince(records, b).length,
  }
}

/**
 * `--baseline PATH`: a previous report directory, its results.json, or its observations.json (the
 * results.json beside it is read: the findings are what a run concluded, not its raw facts).
 */
export function readBaseline(path: string): Baseline {
  const { file, results } = readResults(path, '--baseline')
  return baselineOf(results, file)
}

/** A results.json as the run before this one; one written before the chain existed is a chain of its own night. */
export function baselineOf(results: Results, source: string): Baseline {
  const history = results.history?.length ? results.history : [nightOf(results.records, results.info)]
  return {
    runId: results.info.runId,
    startedAt: results.info.startedAt,
    source,
    results: results.records.map(resultOf),
    history,
  }
}

/** Nights kept in a results.json: a quarter of a year of nightly runs. */
export const MAX_NIGHTS = 90

/** A run as one night of the chain: its readiness, and against `before` what is new and fixed. */
export function nightOf(
  records: readonly TestRecord[],
  info: Pick<RunInfo, 'runId' | 'startedAt'>,
  before?: Baseline,
): Night {
  const readiness: Partial<Record<Suite, number>> = {}
  for (const [suite, c] of countBySuite(records)) {
    const s = score(c)
    if (s !== undefined) readiness[suite] = s
  }
  const t = before && trendCounts(records, before)
  return { runId: info.runId, startedAt: info.startedAt, readiness, ...(t && { new: t.new, fixed: t.fixed }) }
}

/** The nights before `night` and `night` itself, a re-run of the same run replacing it, at most MAX_NIGHTS. */
export function chain(earlier: readonly Night[], night: Night): Night[] {
  return [...earlier.filter((n) => n.runId !== night.runId), night].slice(-MAX_NIGHTS)
}
