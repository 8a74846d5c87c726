// The main job end to end on this machine: `v6ready run` through the local transport, the
// reports it writes, and a replay of its observations that judges the same with no I/O.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import { splitSections } from '../../../lib/observe/script.ts'
import { fixture } from '../../unit/observe/fixtures.ts'
import { cli, junitCases } from './cli.ts'

const verdicts = (path: string) => new Map([...junitCases(path)].map(([k, c]) => [k, c.state]))

describe('v6ready run against the local target', () => {
  const dir = mkdtempSync(join(tmpdir(), 'v6r-local-'))
  const replayDir = mkdtempSync(join(tmpdir(), 'v6r-replay-'))
  let first: ReturnType<typeof cli>
  beforeAll(() => {
    first = cli(['run', '--report-dir', dir])
  }, 120_000)

  test('exits 0 or 1 and writes well-formed JUnit whose failures match the exit code', () => {
    expect([0, 1], first.stderr).toContain(first.status)
    const v = verdicts(join(dir, 'junit.xml'))
    expect(v.size).toBeGreaterThan(5)
    const failed = [...v.values()].filter((s) => s === 'failed').length
    expect(first.status).toBe(failed > 0 ? 1 : 0)
    expect([...v.keys()].some((k) => k.includes('hosts.reach.ssh'))).toBe(true)
  })

  test('saves observations with the raw sections and prints the summary with the report paths', () => {
    const o = JSON.parse(readFileSync(join(dir, 'observations.json'), 'utf8'))
    expect(o.version).toBe(1)
    expect(o.target.name).toBe('local')
    expect(o.hosts[0].ok).toBe(true)
    expect(Object.keys(o.hosts[0].sections)).toEqual(
      expect.arrayContaining(['ip-addr', 'ip-route', 'sysctl', 'ss', 'resolv', 'gai']),
    )
    expect(first.stdout).toContain(join(dir, 'junit.xml'))
  })

  test("JUnit times are what each verdict cost: the host's observation shared among its tests, and the run's duration includes it", () => {
    const o = JSON.parse(readFileSync(join(dir, 'observations.json'), 'utf8'))
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'))
    const xml = readFileSync(join(dir, 'junit.xml'), 'utf8')
    const host: string = o.hosts[0].name // this machine's name
    const suite = new RegExp(`<testsuite name="hosts ${host}"[^>]*time="([^"]+)"`).exec(xml)
    const tests = [
      ...xml.matchAll(
        new RegExp(`<testcase classname="v6ready\\.hosts\\.${host.replaceAll('.', '_')}"[^>]*time="([^"]+)"`, 'g'),
      ),
    ].map((m) => Number(m[1]))
    expect(tests.length).toBeGreaterThan(5)
    for (const t of tests) expect(t).toBeGreaterThan(0)
    expect(Number(suite?.[1]) * 1000).toBeGreaterThanOrEqual(o.hosts[0].durationMs)
    expect(results.info.durationMs).toBeGreaterThan(o.durationMs)
    expect(first.stdout).toContain(`run ${o.runId}, ${(results.info.durationMs / 1000).toFixed(1)} s`)
  })

  test('--replay gives the same verdicts', () => {
    const again = cli(['run', '--replay', join(dir, 'observations.json'), '--report-dir', replayDir])
    expect(again.status).toBe(first.status)
    expect(verdicts(join(replayDir, 'junit.xml'))).toEqual(verdicts(join(dir, 'junit.xml')))
  }, 120_000)
})

describe('waivers, judged in a replay of a recorded observation', () => {
  // The rich namespace capture has known findings, so this cannot pass vacuously on a clean machine.
  const observations = (waivers: object[]) => {
    const h1 = {
      name: 'h1',
      transport: 'ssh',
      address: '2001:db8:1::1',
      roles: [],
      stack: 'ipv6-only',
      interfaces: {},
      sysctl: {},
      listeners: { auto: true, expected: [] },
      configs: [],
    }
    const startedAt = '2026-11-24T00:00:00.000Z'
    return {
      version: 1,
      tool: 'v6ready test',
      runId: 'fixture',
      startedAt,
      durationMs: 0,
      target: {
        name: 'fixture',
        stack: 'ipv6-only',
        tags: [],
        prefixes: [],
        endpoints: [],
        hosts: [h1],
        waivers,
        source: 'test',
      },
      hosts: [
        {
          name: 'h1',
          transport: 'ssh',
          ok: true,
          startedAt,
          durationMs: 1,
          complete: true,
          truncated: false,
          probes: [],
          sections: splitSections(fixture('full.netns-rich.txt'), 'fixture1').sections,
        },
      ],
    }
  }

  test('an active waiver skips its findings with the reason; an expired one fails again and says so', () => {
    const d = mkdtempSync(join(tmpdir(), 'v6r-waive-'))
    writeFileSync(
      join(d, 'obs.json'),
      JSON.stringify(
        observations([
          { check: 'hosts.listeners.ipv6', subject: 'h1:*', reason: 'LP#1460177', expires: '2026-11-24' },
          { check: 'hosts.addr.dad', subject: 'h1:eth0', reason: 'renumbering', expires: '2026-11-23' },
        ]),
      ),
    )
    const r = cli(['run', '--replay', join(d, 'obs.json'), '--report-dir', d])
    expect(r.status).toBe(1)
    const cases = junitCases(join(d, 'junit.xml'))
    for (const port of [8023, 8029])
      expect(cases.get(`v6ready.hosts.h1 hosts.listeners.ipv6 ${port}`)).toEqual({
        state: 'skipped',
        message: 'waived until 2026-11-24: LP#1460177',
      })
    expect(cases.get('v6ready.hosts.h1 hosts.listeners.ipv6 8021')?.state).toBe('passed')
    const dad = cases.get('v6ready.hosts.h1 hosts.addr.dad eth0')
    expect(dad?.state).toBe('failed')
    expect(dad?.message).toContain('dadfailed: 2001:db8:1::dd/64')
    expect(dad?.message).toContain('(waiver "renumbering" expired on 2026-11-23)')
    // Findings no waiver names are untouched.
    expect(cases.get('v6ready.hosts.h1 hosts.sysctl.disable-ipv6 eth2')?.state).toBe('failed')
    expect(cases.get('v6ready.hosts.h1 hosts.resolver.gai-precedence h1')?.state).toBe('failed')
  }, 120_000)
})

describe('usage errors exit 2', () => {
  test.for([
    [['run', '--bogus']],
    [['run', '--shrad', '1/2']],
    [['explain', 'hosts.no.such']],
    [['run', '--suite', 'nope']],
    [['run', '--check', 'hosts.no-such-*']],
    [['run', '--check', 'underlay.catalog.*', '--suite', 'overlay']],
    [['list', '--tag', 'no-such-tag']],
  ] as const)('%j', ([args]) => {
    const r = cli([...args])
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/^v6ready: /)
  })

  test('a selection of checks that the target gives no subject (the overlay on the local target) is a usage error, not a green run', () => {
    const r = cli(['run', '--suite', 'overlay'])
    expect(r.status).toBe(2)
    expect(r.stderr).toContain(
      'v6ready: the selection (--suite overlay) has no test for target local: v6ready list --target local prints the tests each check would have',
    )
  })

  test('a selection that matches no check says which filters it was', () => {
    const r = cli(['run', '--check', 'underlay.catalog.*', '--suite', 'overlay'])
    expect(r.stderr).toContain(
      'the selection matches no check (--suite overlay --check underlay.catalog.*): v6ready list prints the check IDs, suites and tags',
    )
  })
})
