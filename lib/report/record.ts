// What a reporter hands to the report writers: one record per test, findings as data.
import type { Baseline, Night } from './trend.ts'
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
  /** A previous run (`--baseline`): findings are marked new or still failing, and fixes listed. */
  baseline?: Baseline
  /** The nights before this run, oldest first (`--history`); else the baseline's chain. */
  history?: Night[]
}
