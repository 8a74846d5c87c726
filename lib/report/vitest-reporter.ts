// The Vitest reporter that turns the run into v6ready's reports: it reads each test's verdict
// from its metadata and writes junit.xml, summary.md, report.html and results.json, then prints the one-screen summary.
import type { Reporter, TestCase, TestModule } from 'vitest/node'
import type {} from '../suite/register.ts' // TaskMeta.v6ready, types only: vitest stays out of the CLI process
import { colorWanted } from './color.ts'
import { consoleSummary } from './console.ts'
import type { RunInfo, TestRecord } from './record.ts'
import { shareObservation } from './timings.ts'
import { writeReports } from './write.ts'

export function recordOf(tc: TestCase): TestRecord | undefined {
  const meta = tc.meta().v6ready
  if (!meta) return undefined
  const r = tc.result()
  const state = r.state === 'failed' ? 'failed' : r.state === 'passed' ? 'passed' : 'skipped'
  const message = r.state === 'failed' ? r.errors?.[0]?.message : r.state === 'skipped' ? r.note : undefined
  const v = meta.verdict
  return {
    suite: meta.suite,
    group: meta.group,
    check: v.check,
    name: tc.name,
    state,
    verdict: v,
    ...(message ? { message } : {}),
    ...(v.evidence ? { body: v.evidence } : {}),
    durationMs: tc.diagnostic()?.duration ?? 0,
    ...(meta.waiver ? { waiver: { reason: meta.waiver.reason, expires: meta.waiver.expires } } : {}),
  }
}

/** The suite file as its author wrote it: `suites/hosts/sysctl.test.ts`, not its compiled `dist/<key>/…js`. */
export const sourceOf = (moduleId: string): string =>
  moduleId.replace(/^dist\/[^/]+\//, '').replace(/\.test\.js$/, '.test.ts')

export class V6ReadyReporter implements Reporter {
  readonly records: TestRecord[] = []
  /** Suite files that failed to load (a syntax error, a module that threw): their checks never ran. */
  readonly unloaded: { file: string; error: string }[] = []
  /** Each test as it finishes: what an interrupted run reports. */
  private readonly judged: TestRecord[] = []
  private interrupted = false
  private readonly info: Omit<RunInfo, 'durationMs'>
  private readonly costs: ReadonlyMap<string, number>
  private readonly t0: number
  /**
   * `costs`: each subject's observation (observationCosts), shared among its tests for their JUnit
   * times; `t0`: when the run started (performance.now()), so its duration includes the observation.
   */
  constructor(info: Omit<RunInfo, 'durationMs'>, opts: { costs?: ReadonlyMap<string, number>; t0?: number } = {}) {
    this.info = info
    this.costs = opts.costs ?? new Map()
    this.t0 = opts.t0 ?? performance.now()
  }

  onTestCaseResult(tc: TestCase): void {
    const r = recordOf(tc)
    if (r) this.judged.push(r)
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    // A suite file that could not be loaded ran none of its checks: the run is broken, not failing.
    for (const m of modules) {
      const e = m.errors()[0]
      if (e) this.unloaded.push({ file: sourceOf(m.relativeModuleId), error: e.message ?? String(e) })
    }
    // The interrupted reports are written already; tests that ended after the signal (creates
    // refused, Neutron cut off) are no findings about the cloud.
    if (this.interrupted) return
    for (const m of modules)
      for (const tc of m.children.allTests()) {
        const r = recordOf(tc)
        if (r) this.records.push(r)
      }
    const info: RunInfo = { ...this.info, durationMs: Math.round(performance.now() - this.t0) }
    printSummary(writeReports(shareObservation(this.records, this.costs), info), info)
  }

  /** On SIGINT or SIGTERM: the reports with the tests judged so far, marked interrupted; synchronous, so it beats any exit. */
  interrupt(signal: NodeJS.Signals): void {
    this.interrupted = true
    const n = this.judged.length
    const interruption = `${signal} ${n ? `while the checks ran, after ${n} ${n === 1 ? 'was' : 'were'} judged` : 'before any check was judged'}`
    writeInterrupted(
      shareObservation(this.judged, this.costs),
      { ...this.info, durationMs: Math.round(performance.now() - this.t0) },
      interruption,
    )
  }

  get failed(): number {
    return this.records.filter((r) => r.state === 'failed').length
  }
}

/** The reports of a run a signal stopped: what was judged, marked interrupted with why. */
export function writeInterrupted(records: readonly TestRecord[], info: RunInfo, interruption: string): void {
  const marked: RunInfo = { ...info, interrupted: true, interruption }
  printSummary(writeReports(records, marked), marked)
}

/** The one-screen summary; colour as lib/report/color.ts decides (a terminal, NO_COLOR, FORCE_COLOR). */
export function printSummary(records: readonly TestRecord[], info: RunInfo): void {
  const color = colorWanted(process.env, !!process.stdout.isTTY)
  process.stdout.write(`\n${consoleSummary(records, info, { color, width: process.stdout.columns ?? 100 })}\n`)
}
