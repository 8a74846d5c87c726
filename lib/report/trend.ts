// results.json is the machine-readable outcome of a run: every record with its verdict. A previous
// one (`--baseline`) marks each finding as new or still failing and lists what got fixed, and
// merge-reports joins the shards' ones into one report.
import { existsSync, statSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { readTextInput, RESULTS_INPUT } from '../util/input-file.ts'
import { UsageError } from '../util/usage-error.ts'
import type { Baseline, Result, Results, RunInfo, TestRecord, Trend } from './record.ts'
import { parseResults } from './results-file.ts'
import { isWaived, subjectOf } from './tally.ts'

export const RESULTS_FILE = 'results.json'

export type { Baseline, Result, Results, Trend } from './record.ts'

export const resultState = (r: TestRecord): Result['state'] => (isWaived(r) ? 'waived' : r.state)

export function resultsOf(records: readonly TestRecord[], info: RunInfo): Results {
  const { reportDir: _, baseline: __, ...rest } = info
  return { version: 1, info: rest, records: [...records] }
}

const resultOf = (r: TestRecord): Result => ({ suite: r.suite, group: r.group, check: r.check, subject: subjectOf(r), state: resultState(r) })

/**
 * A report directory's results.json (or the file itself, or the results.json beside an
 * observations.json), size-checked, then checked against its schema: `what` names the flag or
 * command for messages. Every problem is a UsageError.
 */
export function readResults(path: string, what: string): { file: string; results: Results } {
  if (!existsSync(path)) throw new UsageError(`${what} ${path}: no such file or directory`)
  const file = statSync(path).isDirectory() ? join(path, RESULTS_FILE) : basename(path) === RESULTS_FILE ? path : join(dirname(path), RESULTS_FILE)
  const read = readTextInput(file, RESULTS_INPUT)
  if ('problem' in read) throw new UsageError(file === path ? `${what} ${path}: ${read.problem}` : `${what} ${path}: cannot read ${file}: ${read.problem} (a v6ready report directory holds one)`)
  return { file, results: parseResults(read.text, `${what} ${file}`) }
}

const key = (check: string, subject: string) => `${check}\0${subject}`

// What failed in a baseline, keyed once: every report asks about every record.
const failedKeys = new WeakMap<Baseline, Set<string>>()
function failedIn(b: Baseline): Set<string> {
  let keys = failedKeys.get(b)
  if (!keys) failedKeys.set(b, (keys = new Set(b.results.filter((x) => x.state === 'failed').map((x) => key(x.check, x.subject)))))
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
  return { new: trends.filter((t) => t === 'new').length, still: trends.filter((t) => t === 'still').length, fixed: fixedSince(records, b).length }
}

/**
 * `--baseline PATH`: a previous report directory, its results.json, or its observations.json (the
 * results.json beside it is read: the findings are what a run concluded, not its raw facts).
 */
export function readBaseline(path: string): Baseline {
  const { file, results } = readResults(path, '--baseline')
  return { runId: results.info.runId, startedAt: results.info.startedAt, source: file, results: results.records.map(resultOf) }
}
