// Readiness over the nights: the chain of nights results.json carries, --history's directory of
// earlier reports, and the SVG chart report.html draws from them.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { readHistory } from '../../../lib/report/history.ts'
import { reportHtml } from '../../../lib/report/html.ts'
import type { TestRecord } from '../../../lib/report/record.ts'
import { trendSvg } from '../../../lib/report/trend-chart.ts'
import {
  chain,
  MAX_NIGHTS,
  nightOf,
  nightsUpTo,
  readBaseline,
  resultsOf,
  type Night,
} from '../../../lib/report/trend.ts'
import { info, records, sameRemedy } from './records.ts'

const night = (i: number, hosts: number, extra: Partial<Night> = {}): Night => ({
  runId: `n${i}`,
  startedAt: `2026-11-${String(10 + i).padStart(2, '0')}T02:00:00.000Z`,
  readiness: { underlay: 100, hosts },
  ...extra,
})

describe('the chain of nights', () => {
  test("a night's readiness per suite, and what is new and fixed against the night before", () => {
    expect(nightOf(records, info)).toEqual({
      runId: info.runId,
      startedAt: info.startedAt,
      readiness: { underlay: 100, hosts: 33 },
    })
    const before = readBaseline(writeResults('before', [...records, ...sameRemedy(2)]))
    expect(nightOf(records, info, before)).toMatchObject({ new: 0, fixed: 0 })
    expect(nightOf([...records, ...sameRemedy(3)], { ...info, runId: 'later' }, before)).toMatchObject({ new: 1 })
  })

  test("results.json carries the chain: the baseline's nights, then its own; a re-run of the same run replaces it", () => {
    const first = resultsOf(records, { ...info, runId: 'r1' })
    expect(first.history?.map((n) => n.runId)).toEqual(['r1'])
    const b1 = readBaseline(writeResults('r1', records, 'r1'))
    const second = resultsOf(records, { ...info, runId: 'r2', baseline: b1 })
    expect(second.history?.map((n) => [n.runId, n.new, n.fixed])).toEqual([
      ['r1', undefined, undefined],
      ['r2', 0, 0],
    ])
    expect(chain(second.history ?? [], night(2, 50, { runId: 'r2' })).map((n) => n.runId)).toEqual(['r1', 'r2'])
  })

  test(`at most ${MAX_NIGHTS} nights, the newest kept`, () => {
    const many = Array.from({ length: MAX_NIGHTS + 5 }, (_, i) => night(i, 50))
    const c = chain(many, night(999, 60))
    expect(c).toHaveLength(MAX_NIGHTS)
    expect(c.at(-1)?.runId).toBe('n999')
    expect(c[0]?.runId).toBe('n6')
  })
})

const dir = mkdtempSync(join(tmpdir(), 'v6ready-history-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
function writeResults(name: string, rs: TestRecord[], runId = name, startedAt = info.startedAt): string {
  mkdirSync(join(dir, name), { recursive: true })
  const f = join(dir, name, 'results.json')
  writeFileSync(f, JSON.stringify(resultsOf(rs, { ...info, runId, startedAt })))
  return f
}

describe('--history DIR', () => {
  test('each report directory is a night, oldest first by start, new and fixed counted night to night; other targets left out', () => {
    const h = join(dir, 'h')
    mkdirSync(h)
    const put = (name: string, rs: TestRecord[], day: number, target = 'lab1') => {
      mkdirSync(join(h, name))
      writeFileSync(
        join(h, name, 'results.json'),
        JSON.stringify(resultsOf(rs, { ...info, target, runId: name, startedAt: `2026-11-${day}T02:00:00.000Z` })),
      )
    }
    put('c', [...records, ...sameRemedy(1)], 12)
    put('a', [...records, ...sameRemedy(3)], 10)
    put('b', [...records, ...sameRemedy(2)], 11)
    put('other', records, 13, 'lab2')
    const { nights, last } = readHistory(h, 'lab1')
    expect(nights.map((n) => [n.runId, n.new, n.fixed])).toEqual([
      ['a', undefined, undefined],
      ['b', 0, 0],
      ['c', 0, 0],
    ])
    expect(last?.runId).toBe('c')
    expect(() => readHistory(join(h, 'nowhere'), 'lab1')).toThrow(/--history .*nowhere: not a directory/)
  })
})

describe('the chart', () => {
  const nights = [night(1, 70), night(2, 80, { new: 0, fixed: 3 }), night(3, 75, { new: 2, fixed: 1 })]
  const svg = trendSvg(nights)

  test('one line and one point per night for each suite, each point titled with its value and night', () => {
    expect(svg).toMatch(/^<svg class="trend-chart" xmlns="http:\/\/www.w3.org\/2000\/svg"/)
    expect(svg.match(/<polyline /g)).toHaveLength(2)
    expect(svg).toContain('<title>hosts: 80% ready on 2026-11-12 (run n2)</title>')
    expect(svg).toContain('<title>underlay: 100% ready on 2026-11-13 (run n3)</title>')
    const hosts = /<g class="suite-hosts"><polyline points="([^"]+)"/.exec(svg)?.[1]?.split(' ')
    expect(hosts).toHaveLength(3)
  })

  test("each night's new and fixed findings as bars, titled", () => {
    expect(svg).toContain('<title>2026-11-13 (run n3): 2 new, 1 fixed</title>')
    expect(svg).toContain('<title>2026-11-11 (run n1): no night before it to compare</title>')
    expect(svg.match(/<rect class="new"/g)).toHaveLength(1)
    expect(svg.match(/<rect class="fixed"/g)).toHaveLength(2)
  })

  test("nothing Jenkins' CSP blocks: no script, no style attribute, no external reference", () => {
    expect(svg).not.toMatch(/<script|\sstyle=|\shref=|url\(/)
  })

  test('no chart for a single night; report.html shows it from the chain', () => {
    expect(trendSvg([night(1, 70)])).toBe('')
    expect(reportHtml(records, info)).not.toContain('id="history"')
    const html = reportHtml(records, { ...info, history: nights })
    expect(html).toContain('<section id="history"><h2>Readiness over 4 nights</h2><svg class="trend-chart"')
    expect(nightsUpTo(records, { ...info, history: nights }).map((n) => n.runId)).toEqual([
      'n1',
      'n2',
      'n3',
      info.runId,
    ])
  })
})
