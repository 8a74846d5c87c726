// What a reporter hands to the report writers: one record per test, findings as data.
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
  durationMs: number
  /** A waived finding is reported as a skip (DESIGN §4); an expired waiver fails again. */
  waiver?: { reason: string; expires: string }
}

export interface RunInfo {
  target: string
  runId: string
  /** ISO 8601 with timezone. */
  startedAt: string
  durationMs: number
  reportDir: string
  interrupted?: boolean
  /** What stopped the run and when: `SIGINT while observing the target, before any check was judged`. */
  interruption?: string
  /** A previous run (`--baseline`): findings are marked new or still failing, and fixes listed. */
  baseline?: Baseline
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
  info: Omit<RunInfo, 'reportDir' | 'baseline'>
  records: TestRecord[]
}

export type Trend = 'new' | 'still'

export interface Baseline {
  runId: string
  startedAt: string
  /** Where it was read from, for messages. */
  source: string
  results: Result[]
}
