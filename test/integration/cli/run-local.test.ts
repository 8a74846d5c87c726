// The main job end to end on this machine: `v6ready run` through the local transport, the
// reports it writes, and a replay of its observations that judges the same with no I/O.
import { mkdtempSync, readFileSync } from 'node:fs'
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
