// The console while the suites judge, in place of Vitest's default reporter: one line per suite file
// that has tests (a file whose checks do not apply to the target prints nothing), and each failure
// once, as the one line that says what was expected, what was observed and the fix. No banner with
// the build's path, no second list of the same failures, no per-test timings: the summary that
// follows gives the counts. A test that threw (a bug, not a finding) shows its stack.
import type { Reporter, TestCase, TestModule } from 'vitest/node'
import type {} from '../suite/register.ts' // TaskMeta.v6ready, types only
import { sanitizeText } from '../util/sanitize.ts'

export interface FileOutcome {
  /** `hosts/sysctl`, from `suites/hosts/sysctl.test.js`. */
  label: string
  tests: number
  failed: number
  skipped: number
  failures: { check: string; message: string; stack?: string }[]
  /** The file itself failed (it did not load): its errors. */
  errors: { message: string; stack?: string }[]
}

export const fileLabel = (relativeModuleId: string): string =>
  relativeModuleId.replace(/^suites\//, '').replace(/\.test\.[cm]?[jt]s$/, '')

const SGR = { red: 31, green: 32, yellow: 33, dim: 2 } as const

/** The lines for one finished suite file; none for a file without tests and without errors. */
export function fileLines(f: FileOutcome, color: boolean): string[] {
  if (f.tests === 0 && f.errors.length === 0) return []
  const paint = (s: string, c: keyof typeof SGR) => (color ? `\x1b[${SGR[c]}m${s}\x1b[0m` : s)
  const bad = f.failed > 0 || f.errors.length > 0
  const counts = [
    f.failed ? paint(`${f.failed} failed`, 'red') : '',
    f.skipped ? paint(`${f.skipped} skipped`, 'yellow') : '',
  ].filter(Boolean)
  const tests = `${f.tests} ${f.tests === 1 ? 'test' : 'tests'}`
  const out = [
    `${bad ? paint('✗', 'red') : paint('✓', 'green')} ${f.label}  ${tests}${counts.length ? `: ${counts.join(', ')}` : ''}`,
  ]
  for (const e of f.errors) out.push(`  ${paint('✗', 'red')} ${oneLine(e.message)}`, ...indent(e.stack))
  for (const x of f.failures)
    out.push(`  ${paint('✗', 'red')} ${x.check ? `${x.check} ` : ''}${oneLine(x.message)}`, ...indent(x.stack))
  return out
}

const oneLine = (s: string) => sanitizeText(s).replace(/\s*\n\s*/g, ' ')
// A stack's first line repeats the message: the frames are what is new.
const indent = (stack: string | undefined) =>
  stack
    ? sanitizeText(stack)
        .split('\n')
        .slice(1)
        .map((l) => `      ${l.trim()}`)
    : []

/** A finding carries its whole story in its message; only other errors (bugs) show a stack. */
function failureOf(tc: TestCase): FileOutcome['failures'][number] {
  const r = tc.result()
  const e = r.state === 'failed' ? r.errors?.[0] : undefined
  const check = tc.meta().v6ready?.verdict.check ?? ''
  const message = e?.message ?? 'failed'
  const isFinding = e?.name === 'Finding'
  return {
    check,
    message: check && !isFinding ? `${tc.name}: ${message}` : message,
    ...(!isFinding && e?.stack ? { stack: e.stack } : {}),
  }
}

export function outcomeOf(m: TestModule): FileOutcome {
  const tests = [...m.children.allTests()]
  const state = (tc: TestCase) => tc.result().state
  return {
    label: fileLabel(m.relativeModuleId),
    tests: tests.length,
    failed: tests.filter((t) => state(t) === 'failed').length,
    skipped: tests.filter((t) => state(t) === 'skipped').length,
    failures: tests.filter((t) => state(t) === 'failed').map(failureOf),
    errors: m.errors().map((e) => ({ message: e.message ?? String(e), ...(e.stack ? { stack: e.stack } : {}) })),
  }
}

export class ConsoleReporter implements Reporter {
  private readonly color: boolean
  constructor(color: boolean) {
    this.color = color
  }

  onTestModuleEnd(m: TestModule): void {
    const lines = fileLines(outcomeOf(m), this.color)
    if (lines.length) process.stdout.write(`${lines.join('\n')}\n`)
  }

  onUserConsoleLog(log: { content: string; type: 'stdout' | 'stderr' }): void {
    ;(log.type === 'stderr' ? process.stderr : process.stdout).write(sanitizeText(log.content))
  }

  onTestRunEnd(_modules: ReadonlyArray<TestModule>, errors: ReadonlyArray<{ message?: string; stack?: string }>): void {
    for (const e of errors)
      process.stderr.write(
        `v6ready: an error outside any test (a bug in v6ready): ${sanitizeText(e.stack ?? e.message ?? String(e))}\n`,
      )
  }
}
