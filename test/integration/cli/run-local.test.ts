// The main job end to end on this machine: `v6ready run` through the local transport, the
// reports it writes, and a replay of its observations that judges the same with no I/O.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
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
    expect(Object.keys(o.hosts[0].sections)).toEqual(expect.arrayContaining(['ip-addr', 'ip-route', 'sysctl', 'ss', 'resolv', 'gai']))
    expect(first.stdout).toContain(join(dir, 'junit.xml'))
  })

  test('--replay gives the same verdicts', () => {
    const again = cli(['run', '--replay', join(dir, 'observations.json'), '--report-dir', replayDir])
    expect(again.status).toBe(first.status)
    expect(verdicts(join(replayDir, 'junit.xml'))).toEqual(verdicts(join(dir, 'junit.xml')))
  }, 120_000)
})

describe('waivers, judged in a replay of a real observation', () => {
  test('an active waiver skips its finding with the reason; an expired one fails again and says so', () => {
    const dir = mkdtempSync(join(tmpdir(), 'v6r-waive-'))
    const base = cli(['run', '--report-dir', dir])
    const failing = [...junitCases(join(dir, 'junit.xml'))].filter(([, c]) => c.state === 'failed')
    if (!failing.length) return // a machine with no finding has nothing to waive
    const o = JSON.parse(readFileSync(join(dir, 'observations.json'), 'utf8'))
    const host: string = o.hosts[0].name
    // Waive every finding of this host: one active for all, then the same expired.
    const waive = (expires: string) => {
      const d = mkdtempSync(join(tmpdir(), 'v6r-waive-'))
      const checks = new Set(failing.map(([k]) => k.split(' ')[1]))
      o.target.waivers = [...checks].map((check) => ({ check, subject: `${host}*`, reason: 'LP#1460177', expires }))
      writeFileSync(join(d, 'obs.json'), JSON.stringify(o))
      const r = cli(['run', '--replay', join(d, 'obs.json'), '--report-dir', d])
      return { r, cases: junitCases(join(d, 'junit.xml')) }
    }
    const today = o.startedAt.slice(0, 10)
    const active = waive(today)
    expect(active.r.status).toBe(0)
    for (const [k] of failing) expect(active.cases.get(k)).toEqual({ state: 'skipped', message: `waived until ${today}: LP#1460177` })
    const expired = waive('2020-01-01')
    expect(expired.r.status).toBe(1)
    for (const [k] of failing) {
      expect(expired.cases.get(k)?.state).toBe('failed')
      expect(expired.cases.get(k)?.message).toContain('(waiver "LP#1460177" expired on 2020-01-01)')
    }
    expect(base.status).toBe(1)
  }, 120_000)
})

describe('usage errors exit 2', () => {
  test.for([
    [['run', '--bogus']],
    [['run', '--shrad', '1/2']],
    [['explain', 'hosts.no.such']],
    [['run', '--suite', 'nope']],
  ] as const)('%j', ([args]) => {
    const r = cli([...args])
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/^v6ready: /)
  })
})
