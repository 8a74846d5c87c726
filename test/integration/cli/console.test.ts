// The console as an operator meets it, in a pipe (a CI log) and in a terminal (script(1) gives the
// run a pty): colour only on a terminal unless NO_COLOR or FORCE_COLOR says otherwise, for v6ready's
// lines and for Vitest's reporter alike; no suite file without tests, no build path, each failure once.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import { ROOT } from './cli.ts'

const REPLAY = join(ROOT, 'test/fixtures/report/lab-faults.observations.json')
const TSX = join(ROOT, 'node_modules/.bin/tsx')
const MAIN = join(ROOT, 'lib/cli/main.ts')
// The test runner's own colour settings must not decide for the run under test.
const BASE = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, CI: 'true', TERM: 'xterm-256color' }

/** A replay of the seeded-fault lab, its stdout and stderr through a pipe. */
function piped(env: NodeJS.ProcessEnv, ...args: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'v6r-console-'))
  const r = spawnSync(TSX, [MAIN, 'run', '--replay', REPLAY, '--report-dir', dir, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...BASE, ...env },
  })
  return { ...r, out: r.stdout + r.stderr, dir }
}

const shq = (s: string) => `'${s.replaceAll("'", "'\\''")}'`
/** The same on a terminal: script(1) runs it on a pty and copies what the terminal got. */
function onTerminal(env: NodeJS.ProcessEnv, ...args: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'v6r-tty-'))
  const cmd = [TSX, MAIN, 'run', '--replay', REPLAY, '--report-dir', dir, ...args].map(shq).join(' ')
  const r = spawnSync('script', ['-qefc', `stty cols 200; ${cmd}`, '/dev/null'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...BASE, ...env },
  })
  return { ...r, out: r.stdout }
}

const failures = (dir: string): { check: string; subject: string }[] =>
  (
    JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')).records as {
      state: string
      check: string
      verdict: { subject: string }
    }[]
  )
    .filter((r) => r.state === 'failed')
    .map((r) => ({ check: r.check, subject: r.verdict.subject }))

describe('in a pipe, as in a CI log', () => {
  let r: ReturnType<typeof piped>
  beforeAll(() => {
    r = piped({})
  }, 120_000)

  test('no escape code, even with CI=true and a colour TERM', () => {
    expect(r.status, r.stderr).toBe(1)
    expect(r.out).not.toContain('\x1b')
  })

  test('no suite file without tests, no build path, no Vitest banner', () => {
    expect(r.stdout).not.toMatch(/\(0 tests?\)|\b0 tests\b/)
    expect(r.stdout).not.toContain(ROOT)
    expect(r.stdout).not.toMatch(/dist\/[0-9a-f]{16}/)
    expect(r.stdout).not.toMatch(/^\s*RUN\s+v\d/m)
    expect(r.stdout).toMatch(/^✗ hosts\/sysctl {2}28 tests: 3 failed, 1 skipped$/m)
    // hosts/container: this lab has no container host in the recording, so no test and no line.
    expect(r.stdout).not.toMatch(/^. hosts\/container\b/m)
  })

  test('each failure appears once, as its one-line finding with the fix', () => {
    const f = failures(r.dir)
    expect(f).toHaveLength(29)
    for (const { check, subject } of f) {
      const lines = r.stdout.split('\n').filter((l) => l.includes(`${check} ${subject}: expected `))
      expect(lines, `${check} ${subject}`).toHaveLength(1)
      expect(lines[0]).toMatch(/^ {2}✗ .*Fix: /)
    }
  })

  test('FORCE_COLOR colours our lines and the summary', () => {
    const c = piped({ FORCE_COLOR: '1' })
    expect(c.stdout).toContain('\x1b[31m✗\x1b[0m hosts/sysctl')
    expect(c.stdout).toMatch(/\x1b\[1mv6ready lab: run /)
  })

  test("Vitest's own reporter, when asked for, follows the same rule: plain in a pipe, coloured with FORCE_COLOR", () => {
    const plain = piped({}, '--reporter', 'default')
    expect(plain.stdout).toMatch(/Test Files/)
    expect(plain.out).not.toContain('\x1b')
    const forced = piped({ FORCE_COLOR: '1' }, '--reporter', 'default')
    expect(forced.stdout).toMatch(/\x1b\[\d+m.*Test Files/)
  })
}, 120_000)

describe('on a terminal', () => {
  test('colour, from v6ready and from Vitest', () => {
    const r = onTerminal({})
    expect(r.out).toContain('\x1b[31m✗\x1b[0m hosts/sysctl')
    expect(r.out).toMatch(/\x1b\[1mv6ready lab: run /)
    const v = onTerminal({}, '--reporter', 'default')
    expect(v.out).toMatch(/\x1b\[\d+m.*Test Files/)
  })

  test('NO_COLOR turns it off for both', () => {
    const r = onTerminal({ NO_COLOR: '1' })
    // Vitest hides the cursor while it runs (`\x1b[?25l`): a terminal control, not colour.
    expect(r.out).toMatch(/^(\x1b\[\?25l)?✗ hosts\/sysctl/m)
    expect(r.out).not.toMatch(/\x1b\[\d+(;\d+)*m/)
    const v = onTerminal({ NO_COLOR: '1' }, '--reporter', 'default')
    expect(v.out).toMatch(/Test Files/)
    expect(v.out).not.toMatch(/\x1b\[\d+(;\d+)*m/)
  })
}, 120_000)
