// What a reporter hands to the report writers: one record per test, findings as data.
import type { Shard } from '../targets/shard.ts'
import type { Suite, Verdict } from '../verdict.ts'

export interface TestRecord {
  suite: Suite
  /** The JUnit <testsuite> subject: host name, endpoint name or network. */
  group: string
  check: string
  /** `<check id> <detail>` */
  name: string
  state: 'passed' | 'failed' | 'skipped'
  verdict?: Verdict
  /** Failure: ONE line (finding + remedy). Skipped: the reason. */
  message?: string
  /** Failure evidence (multi-line). */
  body?: string
  /** How long the test itself ran (judging, or the overlay's API calls). */
  durationMs: number
  /** Its share of its subject's observation (lib/report/timings.ts); absent for tests that observe nothing beforehand. */
  observedMs?: number
  /** A waived finding is reported as a skip (docs/design.md §4); an expired waiver fails again. */
  waiver?: { reason: string; expires: string }
}

export interface RunInfo {
  target: string
  runId: string
  /** ISO 8601 with timezone. */
  startedAt: string
  /** The whole run: the observation, then judging (and under --replay, reading the file instead). */
  durationMs: number
  reportDir: string
  interrupted?: boolean
  /** What stopped the run and when: `SIGINT while observing the target, before any check was judged`. */
  interruption?: string
  /** `--shard i/n`: the reports hold only this shard's subjects; merge-reports joins the n of them. */
  shard?: Shard
  /** Each host's roles as the targets file gives them, by host name: report.html groups the hosts by them. */
  roles?: Record<string, string[]>
  /** A previous run (`--baseline`): findings are marked new or still failing, and fixes listed. */
  baseline?: Baseline
  /** The nights before this run, oldest first (`--history`); else the baseline's chain. */
  history?: Night[]
}

/** One test of a run as results.json keeps it for --baseline: a waived finding has its own state. */
export interface Result {
  suite: Suite
  group: string
  check: string
  subject: string
  state: 'passed' | 'failed' | 'skipped' | 'waived'
}

/** results.json: every record of a run, with the run's info. */
export interface Results {
  version: 1
  info: Omit<RunInfo, 'reportDir' | 'baseline' | 'history'>
  records: TestRecord[]
  /** Readiness night by night, this run last (history.ts); absent in files written before it existed. */
  history?: Night[]
}

export type Trend = 'new' | 'still'

export interface Baseline {
  runId: string
  startedAt: string
  /** Where it was read from, for messages. */
  source: string
  results: Result[]
  /** Its chain of nights, its own last: tonight's run continues it. */
  history?: Night[]
}

/** One night of readiness, for the chart in report.html. */
export interface Night {
  runId: string
  startedAt: string
  /** Readiness per suite that ran, in percent (passed over judged). */
  readiness: Partial<Record<Suite, number>>
  /** Findings new since the night before, and fixed since; absent for a night with none before it. */
  new?: number
  fixed?: number
}
