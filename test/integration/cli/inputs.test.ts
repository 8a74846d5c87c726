// Crafted input files and the crashes of issue 19, through the CLI as a user runs it: each bad
// input exits 2 with one line naming the file and the offending key, before anything is observed
// or written, and nothing lands outside the report directory.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { cliAsync } from '../../faults/cli-async.ts'
import { cli, junitCases, ROOT, runs } from './cli.ts'
import { readOnlyDir } from './read-only.ts'

const FIX = join(ROOT, 'test/fixtures/report')
const OBS = join(FIX, 'lab-faults.observations.json')
const OBS_TEXT = readFileSync(OBS, 'utf8')
const RESULTS_TEXT = readFileSync(join(FIX, 'lab-faults.results.json'), 'utf8')

const dir = mkdtempSync(join(tmpdir(), 'v6ready-inputs-'))
const ro = readOnlyDir(join(dir, 'read-only'))
afterAll(() => {
  ro.release()
  rmSync(dir, { recursive: true, force: true })
})

/** The parts of observations.json and results.json the cases edit. */
type Doc = { target: Record<string, unknown>; info: Record<string, unknown>; hosts: unknown[] }

/** A copy of a fixture with `edit` applied, written under the test directory. */
function edited(text: string, name: string, edit: (d: Doc) => void): string {
  const d = JSON.parse(text) as Doc
  edit(d)
  const f = join(dir, name)
  mkdirSync(join(f, '..'), { recursive: true })
  writeFileSync(f, JSON.stringify(d))
  return f
}

/** Exit 2, one line on stderr matching `message`, nothing on stdout. */
function usageError(r: { status: number | null; stdout: string; stderr: string }, message: RegExp): void {
  expect(r.status, r.stderr).toBe(2)
  expect(r.stderr.trimEnd().split('\n'), r.stderr).toHaveLength(1)
  expect(r.stderr.trimEnd()).toMatch(message)
  expect(r.stderr).not.toMatch(/internal error|    at /)
}

describe('crafted replay and report inputs', () => {
  test('__proto__ keys in an observations.json (top level, a host, its sections, its interfaces): the run completes with every test, no crash', {
    timeout: runs(2),
  }, () => {
    const key = '"__proto__": {"polluted": "yes"}, '
    const text = OBS_TEXT.replace('{\n "version": 1,', `{ ${key}"version": 1,`)
      .replace('"name": "ctl",\n   "transport"', `${key}"name": "ctl",\n   "transport"`)
      .replace('"sections": {', `"sections": { ${key}`)
      .replace('"interfaces": {', `"interfaces": { ${key}`)
    expect(text.match(/__proto__/g)).toHaveLength(4)
    const f = join(dir, 'proto', 'observations.json')
    mkdirSync(join(dir, 'proto'))
    writeFileSync(f, text)
    const out = join(dir, 'proto-reports')
    const r = cli(['run', '--replay', f, '--report-dir', out])
    // Before: Vitest's merge of its options put "polluted" on Object.prototype, and its config hook then threw
    // (TypeError: Cannot create property 'dev' on string 'yes'), exit 1 and no report.
    expect(r.stderr).not.toMatch(/TypeError|internal error|polluted/)
    expect(r.status, r.stderr).toBe(1)
    // The same tests, with the same verdicts, as the file without the keys.
    const clean = join(dir, 'clean-reports')
    expect(cli(['run', '--replay', OBS, '--report-dir', clean]).status).toBe(1)
    const cases = junitCases(join(out, 'junit.xml'))
    expect(cases.size).toBeGreaterThan(100)
    expect(cases).toEqual(junitCases(join(clean, 'junit.xml')))
    expect(readFileSync(join(out, 'observations.json'), 'utf8')).not.toContain('__proto__')
  })

  // The reports would go to reports/../../../tmp/x: from <dir>/a/b/cwd, that is <dir>/a/tmp/x.
  const cwd = join(dir, 'a', 'b', 'cwd')
  const outside = join(dir, 'a', 'tmp', 'x')
  beforeAll(() => mkdirSync(cwd, { recursive: true }))

  test('a replay whose target name is ../../../tmp/x: exit 2 naming target.name, and nothing is written anywhere', () => {
    const f = edited(OBS_TEXT, 'climb/observations.json', (d) => (d.target.name = '../../../tmp/x'))
    usageError(
      cli(['run', '--replay', f], {}, cwd),
      /^v6ready: --replay \S+climb\/observations\.json: target\.name: invalid name: use letters, digits, "_", "\." and "-", starting with a letter or digit: want an observations\.json as v6ready writes it$/,
    )
    expect(existsSync(outside)).toBe(false)
    expect(readdirSync(cwd)).toEqual([])
  })

  test('merge-reports of a results.json whose target is ../../../tmp/x: exit 2 naming info.target, and nothing is written anywhere', () => {
    const f = edited(RESULTS_TEXT, 'climb-shard/results.json', (d) => (d.info.target = '../../../tmp/x'))
    usageError(
      cli(['merge-reports', join(f, '..')], {}, cwd),
      /^v6ready: merge-reports \S+climb-shard\/results\.json: info\.target: invalid name: .*: want a results\.json as v6ready writes it$/,
    )
    expect(existsSync(outside)).toBe(false)
    expect(readdirSync(cwd)).toEqual([])
  })
})

describe('what used to end in a stack trace and exit 1', () => {
  const targets = join(dir, 'targets.yaml')
  beforeAll(() =>
    writeFileSync(targets, 'targets:\n  lab1:\n    hosts:\n      - { name: ctl1, address: "2001:db8::11" }\n'),
  )

  test.for(['constructor', '__proto__', 'toString'])('--target %s: an unknown target', (name) => {
    usageError(
      cli(['list', '--targets', targets, '--target', name]),
      new RegExp(`^\\S+targets\\.yaml: targets: unknown target "${name}"; known: lab1, local \\(built-in\\)$`),
    )
  })

  test('--shard 5/2: exit 2 before the replay is read or the report directory made', () => {
    const out = join(dir, 'shard-reports')
    usageError(
      cli(['run', '--replay', OBS, '--report-dir', out, '--shard', '5/2']),
      /^v6ready: --shard needs i\/n, part i of n with 1 ≤ i ≤ n \(--shard 1\/2, then --shard 2\/2\), got "5\/2"$/,
    )
    expect(existsSync(out)).toBe(false)
  })

  test('--reporter with a name Vitest does not have: exit 2 before the replay is read or the report directory made', () => {
    const out = join(dir, 'reporter-reports')
    usageError(
      cli(['run', '--replay', OBS, '--report-dir', out, '--reporter', 'junt']),
      /^v6ready: --reporter junt: not one of Vitest's reporters \(default, .*junit.*\), nor a path to a reporter module$/,
    )
    expect(existsSync(out)).toBe(false)
  })

  test('--include-list naming a directory, --exclude-list naming a file the kernel will not read', () => {
    usageError(
      cli(['run', '--replay', OBS, '--report-dir', join(dir, 'list-reports'), '--include-list', dir]),
      new RegExp(`^v6ready: --include-list ${dir}: is a directory, not a check list$`),
    )
    usageError(
      cli(['list', '--exclude-list', '/proc/self/mem']),
      /^v6ready: --exclude-list \/proc\/self\/mem: cannot read it: EIO: i\/o error$/,
    )
    expect(existsSync(join(dir, 'list-reports'))).toBe(false)
  })

  test('a replay with hosts: [null]: exit 2 naming hosts[0]', () => {
    const f = edited(OBS_TEXT, 'null-host/observations.json', (d) => (d.hosts = [null]))
    const out = join(dir, 'null-reports')
    usageError(
      cli(['run', '--replay', f, '--report-dir', out]),
      /^v6ready: --replay \S+null-host\/observations\.json: hosts\[0\]: Invalid input: expected object, received null: want an observations\.json as v6ready writes it$/,
    )
    expect(existsSync(out)).toBe(false)
  })

  test('a --baseline whose runId is a number: exit 2 naming info.runId, before anything is observed or written', () => {
    const f = edited(RESULTS_TEXT, 'numeric-run/results.json', (d) => (d.info.runId = 20261124))
    const out = join(dir, 'numeric-reports')
    usageError(
      cli(['run', '--replay', OBS, '--report-dir', out, '--baseline', join(f, '..')]),
      /^v6ready: --baseline \S+numeric-run\/results\.json: info\.runId: Invalid input: expected string, received number: want a results\.json as v6ready writes it$/,
    )
    expect(existsSync(out)).toBe(false)
  })

  describe('a report directory that cannot take the reports: exit 2 at once, before the target is observed', () => {
    // An SSH host that accepts the connection and never answers: observing it would take ssh.timeout (60 s).
    let connections = 0
    const held = net.createServer(() => void connections++)
    let heldTargets = ''
    beforeAll(async () => {
      const port = await new Promise<number>((ok) =>
        held.listen(0, '::1', () => ok((held.address() as net.AddressInfo).port)),
      )
      heldTargets = join(dir, 'held.yaml')
      writeFileSync(join(dir, 'known_hosts'), '')
      writeFileSync(
        heldTargets,
        `targets:\n  held:\n    ssh: { user: root, known_hosts: ./known_hosts, timeout: 60 }\n    hosts:\n      - { name: h1, address: "::1", ssh: { port: ${port} } }\n`,
      )
    })
    afterAll(() => void held.close())

    test('a file', async () => {
      const f = join(dir, 'a-file')
      writeFileSync(f, 'not a directory')
      const r = await cliAsync(['run', '--targets', heldTargets, '--target', 'held', '--report-dir', f], 50_000)
      usageError(
        r,
        new RegExp(
          `^v6ready: report directory ${f} is a file, not a directory: pass --report-dir a directory v6ready can write$`,
        ),
      )
      expect(connections, 'the held host was connected to: the check came after the observation started').toBe(0)
      expect(readFileSync(f, 'utf8')).toBe('not a directory')
    })

    test.skipIf(!ro.ok)(`a read-only directory (${ro.how})`, async () => {
      const r = await cliAsync(['run', '--targets', heldTargets, '--target', 'held', '--report-dir', ro.path], 50_000)
      usageError(
        r,
        new RegExp(
          `^v6ready: cannot write in the report directory ${ro.path} \\((EPERM|EACCES|EROFS): .*\\): pass --report-dir a directory v6ready can write$`,
        ),
      )
      expect(connections).toBe(0)
      expect(readdirSync(ro.path)).toEqual([])
    })
  })
})

describe('input files over their limits: exit 2 from their size, naming it and the limit', () => {
  /** A sparse file: stat says its size, and there is nothing to read. */
  const sparse = (name: string, bytes: number) => {
    const f = join(dir, name)
    mkdirSync(join(f, '..'), { recursive: true })
    writeFileSync(f, '')
    truncateSync(f, bytes)
    return f
  }
  const MiB = 1024 * 1024

  test('--replay of 200 MiB (the size that took 244 s and 4.4 GB)', () => {
    const f = sparse('huge/observations.json', 200 * MiB)
    usageError(
      cli(['run', '--replay', f, '--report-dir', join(dir, 'huge-reports')]),
      /^v6ready: --replay \S+: 200 MiB, over the 64 MiB limit for an observations\.json \(1,000 hosts weigh about 20 MiB; split a bigger fleet into several targets\)$/,
    )
  })

  test('a targets file of 50 MiB (the size that took 247 s and 4 GB)', () => {
    const f = sparse('huge/targets.yaml', 50 * MiB)
    usageError(
      cli(['validate', '--targets', f]),
      /^\S+huge\/targets\.yaml: cannot read the targets file: 50 MiB, over the 4 MiB limit for a targets file \(.*\)$/,
    )
  })

  test('a --baseline results.json of 100 MiB, and an include list of 1 MiB', () => {
    const f = sparse('huge-run/results.json', 100 * MiB)
    usageError(
      cli(['run', '--replay', OBS, '--report-dir', join(dir, 'huge-reports'), '--baseline', join(f, '..')]),
      /^v6ready: --baseline \S+huge-run: cannot read \S+results\.json: 100 MiB, over the 64 MiB limit for a results\.json \(.*\) \(a v6ready report directory holds one\)$/,
    )
    const l = sparse('huge/list', MiB)
    usageError(
      cli(['list', '--include-list', l]),
      /^v6ready: --include-list \S+: 1 MiB, over the 64 KiB limit for a check list \(a list holds check-ID globs, one per line \(v6ready list shows the IDs\)\)$/,
    )
    expect(existsSync(join(dir, 'huge-reports'))).toBe(false)
  })
})
