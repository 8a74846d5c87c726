// Issue 7, item 5: SIGINT and SIGTERM in each phase of a run, through the real CLI. Each phase is
// hit on purpose, not by timing: while observing (an SSH host that accepts and never speaks, a
// Keystone that never answers), while judging (the moment observations.json is written), and in
// the overlay (Neutron has made a port and holds its answer; or network creates are on the wire,
// to be made and answered within openstack.timeout, after the signal). Every time the exit code is
// 128 + the signal, junit.xml and summary.md are written with what was judged and marked
// interrupted, and the fake Neutron holds nothing afterwards.
import type { ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { freePort } from '../integration/ssh/harness.ts'
import { junitCases, ROOT, type Case } from '../integration/cli/cli.ts'
import { serveTcp, type Served } from '../unit/http/servers.ts'
import { cliAsync, type CliRun } from './cli-async.ts'
import { CLOUD, fakeCloud, type FakeCloud } from './fake-cloud.ts'

const SIGNALS = [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const
type Signal = (typeof SIGNALS)[number][0]

interface Phase {
  name: 'observe' | 'judge' | 'overlay' | 'overlay-wire'
  /** Starts the cloud (and whatever else the phase needs) in `dir`. */
  cloud(dir: string): Promise<FakeCloud>
  args: string[]
  /** True once the run is in the phase. */
  reached(c: FakeCloud, report: string, child: ChildProcess): boolean
  /** What the report directory holds before the run (an earlier run's files). */
  earlier?: Record<string, string>
}

const dir = mkdtempSync(join(tmpdir(), 'v6r-faults-interrupt-'))
/**
 * The console prints a line per suite file with tests as it ends (`✗ hosts/sysctl  …`), after the
 * reporters have its tests' results. An unreached host gives every hosts file a skipped test each.
 */
const HOSTS_FILES = readdirSync(join(ROOT, 'suites/hosts')).filter((f) => f.endsWith('.test.ts')).length
const hostsFilesDone = (child: ChildProcess): number => outputOf(child).match(/^[✓✗] hosts\/\S+ {2}/gm)?.length ?? 0
let refused: number
/** Each observe run's own listener that accepts and never speaks SSH, by its cloud. */
const silent = new Map<FakeCloud, Served>()

const PHASES: Phase[] = [
  {
    // Both sides of the observation in flight: the host's SSH handshake and Keystone's token.
    name: 'observe',
    cloud: async (d) => {
      const s = await serveTcp('::1')
      const c = await fakeCloud(d, {
        keystone: { stall: true },
        timeout: 30,
        hosts: [{ name: 'silent', port: s.port }],
        sshTimeout: 30,
      })
      silent.set(c, s)
      return c
    },
    args: [],
    reached: (c) => c.keystone.requests > 0 && (silent.get(c)?.connections ?? 0) > 0,
    // An earlier run's observations would otherwise stand beside this run's empty report as if they were its own.
    earlier: { 'observations.json': '{"version": 1, "runId": "an-earlier-run"}\n' },
  },
  {
    // observations.json is written just before Vitest starts to judge.
    name: 'judge',
    cloud: (d) => fakeCloud(d, { hosts: [{ name: 'refused', port: refused }] }),
    args: ['--suite', 'hosts'],
    reached: (_c, report) => existsSync(join(report, 'observations.json')),
  },
  {
    // Neutron has made a port and holds the answer, and every hosts file has ended.
    name: 'overlay',
    cloud: (d) =>
      fakeCloud(d, {
        neutron: { stall: { method: 'POST', path: 'ports', nth: 1 } },
        timeout: 30,
        hosts: [{ name: 'refused', port: refused }],
      }),
    args: ['--check', 'hosts.*', '--check', 'overlay.port.eui64'],
    reached: (c, _report, child) => c.neutron.stalled > 0 && hostsFilesDone(child) >= HOSTS_FILES,
  },
  {
    // Network creates on the wire, each made and answered 4 s later, well within openstack.timeout
    // (10 s): the main process waits for them, then deletes what they made.
    name: 'overlay-wire',
    cloud: (d) =>
      fakeCloud(d, {
        neutron: { delayMs: (method, path) => (method === 'POST' && path.startsWith('/v2.0/networks') ? 4000 : 0) },
        timeout: 10,
      }),
    args: ['--check', 'overlay.port.eui64'],
    reached: (c) => c.neutron.requests.some((r) => r.method === 'POST' && r.path.startsWith('/v2.0/networks')),
  },
]

const output = new WeakMap<ChildProcess, string>()
const outputOf = (child: ChildProcess): string => output.get(child) ?? ''

interface Outcome {
  cloud: FakeCloud
  report: string
  run: CliRun
  /** From the signal to the exit. */
  afterSignalMs: number
}
const outcomes = new Map<string, Outcome>()
const key = (phase: string, signal: Signal) => `${phase} ${signal}`

/** Runs the CLI and sends `signal` once `reached` holds (polled); the run must end by itself after that. */
async function interrupted(phase: Phase, signal: Signal): Promise<Outcome> {
  const d = join(dir, `${phase.name}-${signal}`)
  const cloud = await phase.cloud(d)
  const report = join(d, 'report')
  mkdirSync(report, { recursive: true })
  for (const [file, text] of Object.entries(phase.earlier ?? {})) writeFileSync(join(report, file), text)
  let sentAt = 0
  const run = await cliAsync(
    ['run', '--target', CLOUD, '--targets', cloud.targets, '--report-dir', report, ...phase.args],
    90_000,
    (child) => {
      child.stdout?.on('data', (s: string) => output.set(child, outputOf(child) + s))
      const poll = setInterval(() => {
        if (!phase.reached(cloud, report, child)) return
        clearInterval(poll)
        sentAt = performance.now()
        child.kill(signal)
      }, 25)
      child.once('close', () => clearInterval(poll))
    },
  )
  return { cloud, report, run, afterSignalMs: sentAt ? Math.round(performance.now() - sentAt) : -1 }
}

beforeAll(async () => {
  refused = await freePort()
  // All six side by side: each waits on its own servers, and the phases are reached by state, not time.
  await Promise.all(
    PHASES.flatMap((p) => SIGNALS.map(async ([s]) => outcomes.set(key(p.name, s), await interrupted(p, s)))),
  )
}, 120_000)
afterAll(async () => {
  await Promise.all([...outcomes.values()].map((o) => o.cloud.close()))
  await Promise.all([...silent.values()].map((s) => s.close()))
})

const junitText = (o: Outcome) => readFileSync(join(o.report, 'junit.xml'), 'utf8')
const property = (xml: string, name: string) =>
  [...xml.matchAll(new RegExp(`<property name="${name}" value="([^"]*)"/>`, 'g'))].map((m) => m[1])

describe.for(PHASES.map((p) => p.name))('%s', (phase) => {
  test.for(SIGNALS)(
    '%s: exits %i soon after the signal, junit.xml and summary.md marked interrupted',
    ([signal, code]) => {
      const o = outcomes.get(key(phase, signal))!
      expect(o.afterSignalMs, 'the signal was never sent: the phase was not reached').toBeGreaterThan(0)
      expect(o.run.status, o.run.stderr).toBe(code)
      // The overlay's DELETEs included; nothing waits for a timeout.
      expect(o.afterSignalMs).toBeLessThan(15_000)
      const cases = junitCases(join(o.report, 'junit.xml'))
      const xml = junitText(o)
      const why = property(xml, 'interruption')
      expect(new Set(property(xml, 'interrupted'))).toEqual(new Set(['true']))
      expect(why.length).toBeGreaterThan(0)
      expect(new Set(why).size).toBe(1)
      const summary = readFileSync(join(o.report, 'summary.md'), 'utf8')
      expect(summary).toContain(`**Interrupted:** ${why[0]}, so these results are incomplete.`)
      expect(readFileSync(join(o.report, 'report.html'), 'utf8')).toContain(
        `<b>Interrupted:</b> ${why[0]}, so these results are incomplete.`,
      )
      expect(o.run.stdout).toContain(`interrupted: ${why[0]}`)
      if (phase === 'observe') {
        expect(why[0]).toBe(`${signal} while observing the target, before any check was judged`)
        expect(cases.size).toBe(0)
        expect(existsSync(join(o.report, 'observations.json'))).toBe(false)
      } else {
        expect(why[0]).toMatch(
          new RegExp(`^${signal} (before any check was judged|while the checks ran, after (\\d+) (was|were) judged)$`),
        )
        const judged = Number(/after (\d+)/.exec(why[0] ?? '')?.[1] ?? 0)
        expect(cases.size).toBe(judged)
      }
    },
  )

  // Each phase asserts, even where nothing was judged: the count is the interruption line's, every
  // case belongs to a check the run selected, and each says what its judge said.
  test.for(SIGNALS)('%s: what was judged is reported as judged', ([signal]) => {
    const o = outcomes.get(key(phase, signal))!
    const cases = [...junitCases(join(o.report, 'junit.xml'))].map(
      ([k, c]) => [k.replace(/^\S+ /, ''), c] as [string, Case],
    )
    const [why = ''] = property(junitText(o), 'interruption')
    expect(cases.length).toBe(Number(/after (\d+)/.exec(why)?.[1] ?? 0))
    const selected: Record<typeof phase, RegExp> = {
      observe: /^$/, // interrupted before any check was judged: nothing may be reported
      judge: /^hosts\./,
      overlay: /^(hosts\.|overlay\.port\.eui64 )/,
      'overlay-wire': /^overlay\.port\.eui64 /,
    }
    expect(cases.map(([k]) => k).filter((k) => !selected[phase].test(k))).toEqual([])
    const hosts = cases.filter(([k]) => k.startsWith('hosts.'))
    expect(Object.fromEntries(hosts)).toEqual(
      Object.fromEntries(
        hosts.map(([k]) => [
          k,
          k === 'hosts.reach.ssh refused'
            ? { state: 'failed', message: expect.stringMatching(/refused/i) }
            : { state: 'skipped', message: expect.stringContaining('refused was not observed') },
        ]),
      ),
    )
    if (phase === 'observe') expect(cases).toEqual([])
    if (phase === 'overlay') {
      // The hosts' files had ended before the signal; the overlay check that waited on Neutron had not.
      expect(hosts.length).toBeGreaterThan(3)
      expect(cases.filter(([k]) => k.startsWith('overlay.')).every(([, c]) => c.state === 'passed')).toBe(true)
    }
  })

  test.for(SIGNALS)('%s: nothing is left in Neutron, nor in the journal', ([signal]) => {
    const o = outcomes.get(key(phase, signal))!
    expect(o.cloud.neutron.leftovers('v6ready-')).toEqual([])
    expect(Object.values(o.cloud.neutron.store).reduce((n, m) => n + m.size, 0)).toBe(0)
    expect(existsSync(join(o.report, 'overlay-journal.jsonl'))).toBe(false)
    if (phase === 'overlay') {
      expect(o.cloud.neutron.stalled).toBe(1)
      expect(o.run.stderr).toMatch(new RegExp(`v6ready overlay: ${signal}: deleting what run \\S+ created`))
      expect(o.run.stderr).toMatch(/v6ready overlay: nothing is left/)
    }
    if (phase === 'overlay-wire') {
      expect(
        o.cloud.neutron.requests.filter((r) => r.method === 'POST' && r.path === '/v2.0/networks').length,
      ).toBeGreaterThan(0)
      expect(o.run.stderr).toMatch(/v6ready overlay: nothing is left/)
    }
  })
})
