// The command line as operators expect of any CLI: -h per command, -V, "did you mean" for a typo in a
// flag, a target, a role or a check ID, --skip, and an error (exit 2, before anything is observed)
// for a --targets file that is not there and for flags that contradict each other.
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { cli, junitCases, ROOT } from './cli.ts'

const REPLAY = join(ROOT, 'test/fixtures/report/lab-faults.observations.json')
const EXAMPLE = join(ROOT, 'targets.example.yaml')
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }

/** Exit 2 with one line on stderr, and nothing else done. */
function usageError(r: ReturnType<typeof cli>, line: string | RegExp): void {
  expect(r.status, r.stderr).toBe(2)
  expect(r.stdout).toBe('')
  const lines = r.stderr.trim().split('\n')
  expect(lines).toHaveLength(1)
  if (typeof line === 'string') expect(lines[0]).toBe(line)
  else expect(lines[0]).toMatch(line)
}

describe('help and version', () => {
  test.for([['-V'], ['--version'], ['version'], ['run', '-V']])('%j prints the version', (argv) => {
    const r = cli(argv)
    expect(r.status).toBe(0)
    expect(r.stdout.trim()).toBe(`v6ready ${pkg.version}`)
  })

  test("-h and --help print the command's own help, not the same global text", () => {
    const global = cli(['-h'])
    const run = cli(['run', '-h'])
    const validate = cli(['validate', '--help'])
    const cleanup = cli(['cleanup', '-h'])
    for (const r of [global, run, validate, cleanup]) expect(r.status).toBe(0)
    expect(global.stdout).toMatch(/^v6ready: is this lab ready for IPv6\?/)
    expect(run.stdout).toMatch(/^v6ready run \[flags\]/)
    expect(validate.stdout).toMatch(/^v6ready validate/)
    expect(cleanup.stdout).toMatch(/^v6ready cleanup/)
    expect(new Set([global.stdout, run.stdout, validate.stdout, cleanup.stdout]).size).toBe(4)
  })
})

describe('"did you mean"', () => {
  test('a flag', () =>
    usageError(
      cli(['run', '--tagret', 'lab1']),
      'v6ready: unknown flag "--tagret"; did you mean "--target"? (v6ready run --help lists the flags)',
    ))

  test('a target name', () =>
    usageError(
      cli(['list', '--targets', EXAMPLE, '--target', 'lab2']),
      /^\S+targets\.example\.yaml: targets: unknown target "lab2"; did you mean "lab1"\?; known: lab1, dual1, local \(built-in\)$/,
    ))

  test('a role', () => {
    const dir = mkdtempSync(join(tmpdir(), 'v6r-role-'))
    writeFileSync(
      join(dir, 'targets.yaml'),
      'targets:\n  lab1:\n    roles: { controller: {} }\n    hosts:\n      - { name: ctl1, roles: [controler] }\n',
    )
    usageError(
      cli(['validate', '--targets', join(dir, 'targets.yaml')]),
      `${join(dir, 'targets.yaml')}:5:31: targets.lab1.hosts[0].roles[0]: unknown role "controler"; did you mean "controller"?`,
    )
  })

  test('a check ID, for explain, --check and --skip', () => {
    usageError(
      cli(['explain', 'hosts.sysctl.accpt-ra']),
      'v6ready: unknown check "hosts.sysctl.accpt-ra"; did you mean "hosts.sysctl.accept-ra"? (v6ready list shows them)',
    )
    usageError(
      cli(['run', '--check', 'hosts.sysctl.accpt-ra']),
      'v6ready: --check hosts.sysctl.accpt-ra matches no check; did you mean "hosts.sysctl.accept-ra"?: v6ready list prints the check IDs',
    )
    usageError(
      cli(['list', '--skip', 'hosts.sysctl.accpt-ra']),
      /^v6ready: --skip hosts\.sysctl\.accpt-ra matches no check; did you mean "hosts\.sysctl\.accept-ra"\?/,
    )
  })
})

describe('--skip GLOB', () => {
  test('leaves out the checks it matches, and only those, however often it is given', () => {
    const dir = mkdtempSync(join(tmpdir(), 'v6r-skip-'))
    const r = cli([
      'run',
      '--replay',
      REPLAY,
      '--report-dir',
      dir,
      '--skip',
      'hosts.sysctl.*',
      '--skip',
      'underlay.dns.reverse',
    ])
    expect(r.status, r.stderr).toBe(1)
    const names = [...junitCases(join(dir, 'junit.xml')).keys()]
    expect(names.filter((n) => / hosts\.sysctl\.| underlay\.dns\.reverse /.test(n))).toEqual([])
    expect(names.some((n) => / hosts\.addr\./.test(n))).toBe(true)
    expect(names.some((n) => / underlay\.dns\.aaaa /.test(n))).toBe(true)
  }, 120_000)
})

describe('errors that used to pass in silence', () => {
  test('--targets naming a file that is not there (meant: --target)', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'v6r-targets-'))
    usageError(
      cli(['run', '--targets', 'lab1'], {}, cwd),
      'v6ready: --targets lab1: no such file (to pick a target, use --target lab1)',
    )
    // Nothing was observed or written: this machine was not judged.
    expect(readdirSync(cwd)).toEqual([])
    usageError(cli(['validate', '--targets', 'missing.yaml'], {}, cwd), 'v6ready: --targets missing.yaml: no such file')
  })

  test('--targets with no --target to pick from it', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'v6r-targets-'))
    usageError(
      cli(['run', '--targets', EXAMPLE], {}, cwd),
      /^v6ready: --targets \S+ names a targets file, but no --target picks one of its targets: add --target NAME/,
    )
    expect(readdirSync(cwd)).toEqual([])
  })

  test('--replay with --target, which the replay would ignore', () => {
    usageError(
      cli(['run', '--replay', REPLAY, '--target', 'lab1']),
      'v6ready: --replay and --target do not go together: the target is the one recorded in the observations file',
    )
  })

  test('a flag of another command', () => {
    usageError(
      cli(['validate', '--targets', EXAMPLE, '--report-dir', 'x']),
      'v6ready: --report-dir does not apply to validate (it is a flag of run, merge-reports): v6ready validate --help lists its flags',
    )
  })
})
