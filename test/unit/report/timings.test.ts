// JUnit times from the observation: a host's tests share its observation, an underlay subject's tests
// its probes, so a host that took 8 s to time out shows 8 s rather than time="0".
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { junitXml } from '../../../lib/report/junit.ts'
import type { TestRecord } from '../../../lib/report/record.ts'
import { costOf, observationCosts, shareObservation } from '../../../lib/report/timings.ts'
import type { Observations } from '../../../lib/observe/record.ts'
import type { Results } from '../../../lib/report/trend.ts'
import { info } from './records.ts'

const FIXTURE = join(import.meta.dirname, '../../fixtures/report')
// The seeded-fault lab's observations and the records a replay of them judged.
const observations = JSON.parse(readFileSync(join(FIXTURE, 'lab-faults.observations.json'), 'utf8')) as Observations
const judged = (JSON.parse(readFileSync(join(FIXTURE, 'lab-faults.results.json'), 'utf8')) as Results).records
const records = shareObservation(judged, observationCosts(observations))
const sum = <T>(xs: readonly T[], f: (x: T) => number) => xs.reduce((t, x) => t + f(x), 0)

describe('observationCosts', () => {
  const costs = observationCosts(observations)
  test("a host's cost is its own observation, however it ended", () => {
    for (const h of observations.hosts) expect(costs.get(`hosts\0${h.name}`), h.name).toBe(h.durationMs)
  })

  test('an endpoint costs its TCP connects and HTTP requests; a resolver its TCP-only queries; a name its queries', () => {
    const e = observations.underlay!.endpoints.find((x) => x.name === 'keystone-public')!
    expect(costs.get('underlay\0keystone-public')).toBeCloseTo(
      sum(e.tcp, (p) => p.ms) + (e.http?.timings.totalMs ?? 0) + (e.v4?.timings.totalMs ?? 0),
    )
    expect(costs.get('underlay\0[2001:db8:0:1::54]:53')).toBeCloseTo(4.161)
    const aaaa = observations.underlay!.dns.filter((r) => r.name === 'keystone.lab.test')
    expect(costs.get('underlay\0keystone.lab.test')).toBeGreaterThanOrEqual(sum(aaaa, (r) => r.ms) - 1e-9)
    expect(costs.get('underlay\0catalog')).toBeGreaterThan(0)
  })
})

describe('shareObservation', () => {
  test("a host's tests share its observation in whole milliseconds, adding up to it exactly", () => {
    for (const h of observations.hosts) {
      const mine = records.filter((r) => r.suite === 'hosts' && r.group === h.name)
      expect(mine.length, h.name).toBeGreaterThan(3)
      expect(sum(mine, (r) => r.observedMs ?? 0)).toBe(h.durationMs)
      for (const r of mine) expect(Number.isInteger(r.observedMs)).toBe(true)
      const shares = mine.map((r) => r.observedMs ?? 0)
      expect(Math.max(...shares) - Math.min(...shares)).toBeLessThanOrEqual(1)
    }
  })

  test('a group without an observed cost (the overlay, an unknown subject) keeps its own duration only', () => {
    const overlay: TestRecord = {
      suite: 'overlay',
      group: 'dhcpv6-stateful',
      check: 'overlay.subnet.modes',
      name: 'x',
      state: 'passed',
      durationMs: 1234,
    }
    const [r] = shareObservation([overlay], observationCosts(observations))
    expect(r?.observedMs).toBeUndefined()
    expect(costOf(r!)).toBe(1234)
  })

  test('a host that took 8 s to time out: its reach test and its skips carry the 8 s between them', () => {
    const slow: Observations = {
      ...observations,
      hosts: [{ ...observations.hosts[0]!, name: 'slow', ok: false, durationMs: 8000 }],
    }
    const rs: TestRecord[] = ['hosts.reach.ssh', 'hosts.sysctl.accept-ra', 'hosts.addr.link-local'].map((check) => ({
      suite: 'hosts',
      group: 'slow',
      check,
      name: check,
      state: check === 'hosts.reach.ssh' ? 'failed' : 'skipped',
      durationMs: 0.2,
    }))
    const shared = shareObservation(rs, observationCosts(slow))
    expect(shared.map((r) => r.observedMs)).toEqual([2667, 2667, 2666])
  })
})

describe('junit.xml times', () => {
  const xml = junitXml(records, { ...info, durationMs: 2345 })
  const time = (s: string) => Number(/ time="([^"]+)"/.exec(s)?.[1])

  test('every test has a non-zero time', () => {
    const cases = [...xml.matchAll(/<testcase [^>]*>/g)].map((m) => m[0])
    expect(cases.length).toBe(records.length)
    for (const c of cases) expect(time(c), c).toBeGreaterThan(0)
  })

  test("a host's <testsuite> time is its tests' times added up: its observation and its judging", () => {
    for (const h of observations.hosts) {
      const suite = new RegExp(`<testsuite name="hosts ${h.name}"[^>]*>([\\s\\S]*?)</testsuite>`).exec(xml)
      const tests = [...(suite?.[1] ?? '').matchAll(/<testcase [^>]*>/g)].map((m) => time(m[0]))
      const judging = sum(
        records.filter((r) => r.suite === 'hosts' && r.group === h.name),
        (r) => r.durationMs,
      )
      expect(time(suite?.[0] ?? '')).toBeCloseTo(
        sum(tests, (t) => t),
        6,
      )
      expect(time(suite?.[0] ?? '') * 1000).toBeGreaterThanOrEqual(h.durationMs)
      expect(time(suite?.[0] ?? '') * 1000).toBeLessThanOrEqual(h.durationMs + judging + tests.length)
    }
  })

  test("the root carries the run's wall time", () => {
    expect(/<testsuites [^>]*>/.exec(xml)?.[0]).toContain('time="2.345"')
  })
})
