// Readiness over the nights, end to end: three nights of the seeded-fault lab replayed the nightly
// way (each run's --baseline is the report directory it overwrites), with a fix on the second night
// and a regression and a fix on the third. report.html draws the chain, and so does a run given
// the three report directories as --history; headless Chromium renders the chart.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Observations } from '../../../lib/observe/record.ts'
import type { Results } from '../../../lib/report/trend.ts'
import { cli, ROOT, runs } from '../cli/cli.ts'
import { Cdp, CHROMIUM } from './cdp.ts'

const FIXTURE = join(ROOT, 'test/fixtures/report/lab-faults.observations.json')
const required = process.env.V6READY_LAB === 'required'

describe('readiness over three replayed nights', () => {
  const dir = mkdtempSync(join(tmpdir(), 'v6ready-nights-'))
  const report = join(dir, 'report')
  let html = ''
  let results: Results

  beforeAll(() => {
    const o = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Observations
    const cmp = (c: Observations) => c.hosts.find((h) => h.name === 'cmp')!
    // The same lab on three nights: cmp's gai.conf fixed on the second, then its accept_ra fixed and gai.conf broken again.
    const nights: Array<(c: Observations) => void> = [
      () => undefined,
      (c) => void (cmp(c).sections.gai = ''),
      (c) =>
        void (cmp(c).sections.sysctl = cmp(c).sections.sysctl?.replace(
          '/proc/sys/net/ipv6/conf/eth0/accept_ra:1',
          '/proc/sys/net/ipv6/conf/eth0/accept_ra:2',
        )),
    ]
    nights.forEach((edit, i) => {
      const c = structuredClone(o)
      c.runId = `night-${i + 1}`
      c.startedAt = new Date(Date.parse(o.startedAt) + i * 86_400_000).toISOString()
      edit(c)
      const file = join(dir, `night-${i + 1}.json`)
      writeFileSync(file, JSON.stringify(c))
      const r = cli(['run', '--replay', file, '--report-dir', report, ...(i ? ['--baseline', report] : [])])
      expect(r.status, r.stderr).toBe(1)
      // Each night's report kept apart too, for --history.
      cpSync(report, join(dir, 'history', `night-${i + 1}`), { recursive: true })
    })
    html = readFileSync(join(report, 'report.html'), 'utf8')
    results = JSON.parse(readFileSync(join(report, 'results.json'), 'utf8')) as Results
  }, runs(3))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  test('results.json carries the three nights: readiness per suite, and what each night made new and fixed', () => {
    expect(results.history?.map((n) => [n.runId, n.new, n.fixed])).toEqual([
      ['night-1', undefined, undefined],
      ['night-2', 0, 1],
      ['night-3', 1, 1],
    ])
    expect(results.history?.map((n) => n.readiness.hosts)).toEqual([83, 84, 84])
  })

  test('report.html draws it as inline SVG: a line per suite through the three nights, and the new and fixed findings', () => {
    expect(html).toContain('<section id="history"><h2>Readiness over 3 nights</h2><svg class="trend-chart"')
    for (const suite of ['underlay', 'hosts'])
      expect(new RegExp(`<g class="suite-${suite}"><polyline points="(\\S+ ){2}\\S+"`).test(html), suite).toBe(true)
    expect(html).toMatch(/<title>2026-11-25 \(run night-2\): 0 new, 1 fixed<\/title>/)
    expect(html).toMatch(/<title>2026-11-26 \(run night-3\): 1 new, 1 fixed<\/title>/)
    expect(html).toContain('<title>hosts: 84% ready on 2026-11-26 (run night-3)</title>')
    expect(html).not.toMatch(/<script|\sstyle=/)
  })

  test('--history DIR draws the same nights from their report directories', () => {
    const again = join(dir, 'again')
    mkdirSync(again)
    const r = cli([
      'run',
      '--replay',
      join(dir, 'night-3.json'),
      '--report-dir',
      again,
      '--history',
      join(dir, 'history'),
    ])
    expect(r.status, r.stderr).toBe(1)
    // The newest report in DIR is tonight's run judged before: the same night, so it is replaced, not repeated.
    const res = JSON.parse(readFileSync(join(again, 'results.json'), 'utf8')) as Results
    expect(res.history?.map((n) => [n.runId, n.new, n.fixed])).toEqual([
      ['night-1', undefined, undefined],
      ['night-2', 0, 1],
      ['night-3', 0, 0],
    ])
    expect(readFileSync(join(again, 'report.html'), 'utf8')).toContain('<h2>Readiness over 3 nights</h2>')
  }, 120_000)

  describe.skipIf(!CHROMIUM && !required)('in headless Chromium', () => {
    test('the chart is rendered, its lines and bars with a size on the page', async () => {
      if (!CHROMIUM)
        throw new Error('V6READY_LAB=required, but chromium is not installed (apt-get install -y chromium)')
      const browser = new Cdp()
      try {
        await browser.open(`file://${join(report, 'report.html')}`)
        const svg = await browser.box('svg.trend-chart')
        expect(svg?.width).toBeGreaterThan(300)
        expect(svg?.height).toBeGreaterThan(150)
        for (const sel of ['g.suite-hosts polyline', 'g.suite-underlay polyline', 'rect.new', 'rect.fixed'])
          expect((await browser.box(sel))?.width, sel).toBeGreaterThan(0)
      } finally {
        await browser.close()
      }
    }, 60_000)
  })
})
