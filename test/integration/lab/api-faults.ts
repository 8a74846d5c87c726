// Issue 7 on the lab's real Keystone and Neutron: a proxy in the management namespace
// (api-proxy.ts) answers Keystone's token request with 500, or lets Neutron carry out a port POST
// mid-way through an overlay check and never passes its answer on. The same findings as the fakes
// give (test/faults/openstack.test.ts), with real services' messages; the port Neutron made
// without saying so is deleted, `cleanup --dry-run` finds nothing, and the admin, who sees every
// project, finds nothing of the run either.
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { parse, stringify } from 'yaml'
import { keystoneUrl } from '../../../lab/keystone.ts'
import { neutronUrl } from '../../../lab/neutron.ts'
import { ns } from '../../../lab/plan.ts'
import type { Observations } from '../../../lib/observe/record.ts'
import { runPrefix } from '../../../lib/overlay/names.ts'
import { TIMEOUT_REMEDY } from '../../../lib/overlay/verdicts.ts'
import { escapeRegExp } from '../../../lib/util/regexp.ts'
import { ROOT } from '../cli/cli.ts'
import { KEYSTONE_500_ERROR, proxied, type Logged, type ProxyPorts } from './api-proxy.ts'
import { junitFindings, runV6ready, STATE, TARGETS, type JunitFinding } from './lab.ts'

const MGMT = ns('mgmt')
/** openstack.timeout of the stalled run: Neutron answers everything else well within it. */
const STALL_TIMEOUT_S = 20

/** `ip` arguments that run a TypeScript file of this folder in the management namespace. */
const tsxInLab = (file: string, args: string[]) => [
  'netns',
  'exec',
  MGMT,
  process.execPath,
  '--import',
  'tsx',
  fileURLToPath(new URL(file, import.meta.url)),
  ...args,
]

interface Proxy {
  ports: ProxyPorts
  /** What it did so far. */
  log(): Logged[]
}

/**
 * Started, and listening: its first line of stdout names its ports. It goes into `children` at once,
 * for the afterAll to kill whatever happens next; it also exits when its stdin (held here) closes.
 */
function startProxy(dir: string, name: string, fault: string, children: ChildProcess[]): Promise<Proxy> {
  const logFile = join(dir, `${name}.proxy.jsonl`)
  writeFileSync(logFile, '')
  const child = spawn('ip', tsxInLab('api-proxy.ts', [logFile, fault]), {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  children.push(child)
  const log = () =>
    readFileSync(logFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Logged)
  return new Promise((ok, fail) => {
    const limit = setTimeout(() => fail(new Error(`api-proxy ${fault}: not listening within 30 s`)), 30_000)
    child.once(
      'exit',
      (code) => (clearTimeout(limit), fail(new Error(`api-proxy ${fault} exited (${code}) before listening`))),
    )
    let out = ''
    child.stdout!.setEncoding('utf8').on('data', (s: string) => {
      out += s
      if (!out.includes('\n')) return
      clearTimeout(limit)
      ok({ ports: JSON.parse(out.split('\n')[0]!) as ProxyPorts, log })
    })
  })
}

/** The lab's target, with Keystone behind the proxy: local paths made absolute, since the copy lives elsewhere. */
function proxiedTargets(file: string, keystonePort: number, timeout?: number): string {
  const absolute = (v: unknown): unknown =>
    typeof v === 'string' && v.startsWith('./')
      ? resolve(STATE, v)
      : Array.isArray(v)
        ? v.map(absolute)
        : typeof v === 'object' && v !== null
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, absolute(x)]))
          : v
  const doc = absolute(parse(readFileSync(TARGETS, 'utf8'))) as {
    targets: { lab: { openstack: Record<string, unknown> } }
  }
  const lab = doc.targets.lab
  lab.openstack = {
    ...lab.openstack,
    auth_url: proxied(keystoneUrl(), keystonePort),
    ...(timeout !== undefined && { timeout }),
  }
  // It holds the v6ready user's password, as lab/.state/targets.yaml does.
  writeFileSync(file, stringify(doc), { mode: 0o600 })
  return file
}

interface Ran {
  proxy: Proxy
  authUrl: string
  status: number | null
  stderr: string
  dir: string
  findings: JunitFinding[]
}

/** `v6ready run` inside the lab against a targets file whose Keystone is the proxy's. */
function runProxied(reports: string, name: string, proxy: Proxy, extra: string[], timeout?: number): Ran {
  const dir = join(reports, name)
  const targets = proxiedTargets(join(reports, `${name}.targets.yaml`), proxy.ports.keystone, timeout)
  const r = runV6ready(dir, MGMT, extra, targets)
  return {
    proxy,
    authUrl: proxied(keystoneUrl(), proxy.ports.keystone),
    status: r.status,
    stderr: r.stderr,
    dir,
    findings: junitFindings(join(dir, 'junit.xml')),
  }
}

interface Done {
  /** null when killed at its time limit. */
  status: number | null
  stdout: string
  stderr: string
}

/** `ip ARGS` without blocking: the read-only look-ups after the run go side by side. */
const inLab = (args: string[], timeout = 120_000): Promise<Done> =>
  new Promise((done) =>
    execFile(
      'ip',
      args,
      { cwd: ROOT, encoding: 'utf8', timeout, env: { ...process.env, NO_COLOR: '1' } },
      (e, stdout, stderr) => done({ status: e ? (typeof e.code === 'number' ? e.code : null) : 0, stdout, stderr }),
    ),
  )

const bySubject = (fs: JunitFinding[], prefix: string) => fs.filter((f) => f.check.startsWith(prefix))

export function apiFaultTests(reports: string): void {
  describe('OpenStack API faults, injected by a proxy in front of the real Keystone and Neutron', {
    timeout: 300_000,
  }, () => {
    const children: ChildProcess[] = []
    let k500: Ran
    let stall: Ran & { runId: string; dryRun: Done; lookup: Done }

    beforeAll(async () => {
      const [a, b] = await Promise.all([
        startProxy(reports, 'keystone-500', 'keystone-500', children),
        startProxy(reports, 'neutron-stall', 'stall:POST:ports:1', children),
      ])
      // The catalog checks and the overlay are all that talk to Keystone.
      k500 = runProxied(reports, 'keystone-500', a, ['--check', 'underlay.catalog.*', '--check', 'overlay.*'])
      const s = runProxied(reports, 'neutron-stall', b, ['--check', 'overlay.port.eui64'], STALL_TIMEOUT_S)
      const { runId } = JSON.parse(readFileSync(join(s.dir, 'observations.json'), 'utf8')) as Observations
      const stalledIds = b
        .log()
        .filter((l) => !l.answered)
        .flatMap((l) => l.created ?? [])
        .map((c) => c.id)
      const [dryRun, lookup] = await Promise.all([
        // Unproxied, with the lab's own targets file, as an operator would after the run.
        inLab([
          'netns',
          'exec',
          MGMT,
          process.execPath,
          join(ROOT, 'bin/v6ready.js'),
          'cleanup',
          '--target',
          'lab',
          '--targets',
          TARGETS,
          '--dry-run',
        ]),
        inLab(tsxInLab('neutron-lookup.ts', [runPrefix(runId), ...stalledIds])),
      ])
      stall = { ...s, runId, dryRun, lookup }
    }, 400_000)
    afterAll(() => {
      for (const c of children) c.kill('SIGKILL')
    })

    describe('Keystone answers POST /v3/auth/tokens with 500', () => {
      test('underlay.catalog.ipv6-only fails naming the status and the request; exit 1, junit.xml well-formed', () => {
        expect(k500.status, k500.stderr).toBe(1)
        const u = new Map(bySubject(k500.findings, 'underlay.').map((f) => [`${f.check} ${f.subject}`, f]))
        expect([...u.keys()].sort()).toEqual([
          'underlay.catalog.ipv6-only catalog',
          'underlay.catalog.reachable catalog',
        ])
        const { title, message } = KEYSTONE_500_ERROR
        expect(u.get('underlay.catalog.ipv6-only catalog')).toMatchObject({
          state: 'failed',
          message: expect.stringContaining(
            `observed Keystone authentication failed: 500 ${title}: ${message} (POST ${k500.authUrl}/auth/tokens)`,
          ),
        })
        expect(u.get('underlay.catalog.reachable catalog')).toMatchObject({
          state: 'skipped',
          message: 'Keystone authentication failed, see underlay.catalog.ipv6-only',
        })
      })

      test('the overlay is one failing session test with the cause and its evidence; every other overlay test is skipped; Neutron is never asked', () => {
        const o = bySubject(k500.findings, 'overlay.')
        expect(o.filter((f) => f.state === 'failed')).toEqual([
          {
            check: 'overlay.network.crud',
            subject: 'session',
            state: 'failed',
            message: expect.stringContaining(
              `observed Keystone authentication failed: 500 ${KEYSTONE_500_ERROR.title}: `,
            ),
          },
        ])
        const skipped = o.filter((f) => f.state === 'skipped')
        expect(skipped.length).toBeGreaterThan(50)
        expect(skipped.length).toBe(o.length - 1)
        for (const f of skipped)
          expect(f.message, `${f.check} ${f.subject}`).toBe('no Neutron session: see overlay.network.crud session')
        expect(readFileSync(join(k500.dir, 'junit.xml'), 'utf8')).toMatch(
          new RegExp(`POST ${escapeRegExp(k500.authUrl)}/auth/tokens → 500 \\(\\d+ ms\\)`),
        )
        const log = k500.proxy.log()
        expect(log.filter((l) => l.service === 'neutron')).toEqual([])
        expect(log.length).toBeGreaterThan(0)
        for (const l of log)
          expect(l).toMatchObject({
            service: 'keystone',
            method: 'POST',
            path: '/v3/auth/tokens',
            status: 500,
            forwarded: false,
          })
      })
    })

    describe('Neutron carries out the first port POST of overlay.port.eui64 and never answers', () => {
      test('the subject that waited fails within openstack.timeout naming the request and the port Neutron made; the other subjects pass; exit 1', () => {
        expect(stall.status, stall.stderr).toBe(1)
        const held = stall.proxy.log().filter((l) => !l.answered)
        expect(held).toEqual([
          {
            service: 'neutron',
            method: 'POST',
            path: '/v2.0/ports',
            status: 201,
            forwarded: true,
            answered: false,
            created: [{ id: expect.any(String), name: expect.any(String) }],
          },
        ])
        const port = held[0]!.created![0]!
        expect(port.name).toMatch(new RegExp(`^${escapeRegExp(runPrefix(stall.runId))}overlay\\.port\\.eui64-`))
        const o = bySubject(stall.findings, 'overlay.')
        expect(o).toHaveLength(5)
        const request = `POST ${proxied(neutronUrl(), stall.proxy.ports.neutron)}/v2.0/ports`
        expect(o.filter((f) => f.state === 'failed')).toEqual([
          {
            check: 'overlay.port.eui64',
            subject: expect.any(String),
            state: 'failed',
            message: expect.stringMatching(
              new RegExp(
                `observed Neutron took longer than ${STALL_TIMEOUT_S} s to create the port ${escapeRegExp(port.name!)} with MAC \\S+ \\(${escapeRegExp(request)}\\)\\. Fix: ${escapeRegExp(TIMEOUT_REMEDY)}`,
              ),
            ),
          },
        ])
        expect(o.filter((f) => f.state === 'passed')).toHaveLength(4)
      })

      test('the port Neutron made without saying so is deleted with the rest: cleanup --dry-run on the real Neutron finds nothing, nor does its admin', () => {
        const log = stall.proxy.log()
        const held = log.filter((l) => !l.answered).flatMap((l) => l.created ?? [])
        expect(held).toHaveLength(1)
        const port = held[0]!
        // Deleted by the run itself, found by its name (the id never reached v6ready).
        expect(log.filter((l) => l.path === `/v2.0/ports/${port.id}`).map((l) => `${l.method} ${l.status}`)).toEqual([
          'DELETE 204',
        ])
        expect(stall.dryRun.status, stall.dryRun.stdout + stall.dryRun.stderr).toBe(0)
        expect(stall.dryRun.stdout).toContain(`no v6ready-* resources at ${neutronUrl()}`)
        expect(stall.lookup.status, stall.lookup.stderr).toBe(0)
        const lookup = JSON.parse(stall.lookup.stdout) as { listed: number; found: unknown[] }
        expect(lookup.found).toEqual([])
        // The admin sees at least the project's default security group: the lookup saw Neutron's resources.
        expect(lookup.listed).toBeGreaterThan(0)
      })
    })
  })
}
