// The Vitest reporter that turns the run into v6ready's reports: it reads each test's verdict
// from its metadata and writes junit.xml, summary.md, report.html and results.json, then prints the one-screen summary.
import type { Reporter, TestCase, TestModule } from 'vitest/node'
import type {} from '../suite/register.ts' // TaskMeta.v6ready, types only: vitest stays out of the CLI process
import { consoleSummary } from './console.ts'
import type { RunInfo, TestRecord } from './record.ts'
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
export const sourceOf = (moduleId: string): string => moduleId.replace(/^dist\/[^/]+\//, '').replace(/\.test\.js$/, '.test.ts')

export class V6ReadyReporter implements Reporter {
  readonly records: TestRecord[] = []
  /** Suite files that failed to load (a syntax error, a module that threw): their checks never ran. */
  readonly unloaded: { file: string; error: string }[] = []
  /** Each test as it finishes: what an interrupted run reports. */
  private readonly judged: TestRecord[] = []
  private interrupted = false
  private readonly info: Omit<RunInfo, 'durationMs'>
  private readonly t0 = performance.now()
  constructor(info: Omit<RunInfo, 'durationMs'>) {
    this.info = info
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
    for (const m of modules) for (const tc of m.children.allTests()) {
      const r = recordOf(tc)
      if (r) this.records.push(r)
    }
    const info: RunInfo = { ...this.info, durationMs: Math.round(performance.now() - this.t0) }
    printSummary(writeReports(this.records, info), info)
  }

  /** On SIGINT or SIGTERM: the reports with the tests judged so far, marked interrupted; synchronous, so it beats any exit. */
  interrupt(signal: NodeJS.Signals): void {
    this.interrupted = true
    const n = this.judged.length
    const interruption = `${signal} ${n ? `while the checks ran, after ${n} ${n === 1 ? 'was' : 'were'} judged` : 'before any check was judged'}`
    writeInterrupted(this.judged, { ...this.info, durationMs: Math.round(performance.now() - this.t0) }, interruption)
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

/** The one-screen summary; colour only on a terminal, and never with NO_COLOR. */
export function printSummary(records: readonly TestRecord[], info: RunInfo): void {
  const color = !!process.stdout.isTTY && !process.env.NO_COLOR
  process.stdout.write(`\n${consoleSummary(records, info, { color, width: process.stdout.columns ?? 100 })}\n`)
}
