import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { consoleSummary } from '../../../lib/report/console.ts'
import { reportHtml } from '../../../lib/report/html.ts'
import { summaryMarkdown } from '../../../lib/report/summary.ts'
import { fixedSince, readBaseline, resultsOf, trendCounts, trendOf, type Baseline } from '../../../lib/report/trend.ts'
import { info, records, sameRemedy } from './records.ts'

// Yesterday: cmp1..cmp3 failed disable-ipv6, and accept-ra on cmp1:eth0 passed.
const yesterday: Baseline = {
  runId: 'r20250430-1',
  startedAt: '2025-04-30T10:00:00.000+02:00',
  source: 'reports/lab1/results.json',
  results: [
    ...[1, 2, 3].map((i) => ({
      suite: 'hosts' as const,
      group: `cmp${i}`,
      check: 'hosts.disable-ipv6',
      subject: `cmp${i}`,
      state: 'failed' as const,
    })),
    {
      suite: 'hosts',
      group: 'cmp1.lab1.example.net',
      check: 'hosts.sysctl.accept-ra',
      subject: 'cmp1:eth0',
      state: 'passed',
    },
    {
      suite: 'hosts',
      group: 'cmp1.lab1.example.net',
      check: 'hosts.disable-ipv6',
      subject: 'cmp1:eth0',
      state: 'failed',
    },
  ],
}
// Today: cmp1, cmp2 still fail; cmp3 is gone from the run; accept-ra on cmp1:eth0 fails (new); cmp1:eth0 disable-ipv6 passes (fixed).
const today = [...records, ...sameRemedy(2)]

describe('trends against a baseline', () => {
  test('each failure is new or still failing; fixes are baseline failures that pass now', () => {
    expect(
      today
        .filter((r) => r.state === 'failed')
        .map((r) => `${r.check} ${r.verdict?.subject}: ${trendOf(r, yesterday)}`),
    ).toEqual([
      'hosts.sysctl.accept-ra cmp1:eth0: new',
      'hosts.disable-ipv6 cmp1: still',
      'hosts.disable-ipv6 cmp2: still',
    ])
    // cmp3 is no longer judged: not counted as fixed.
    expect(fixedSince(today, yesterday).map((x) => x.subject)).toEqual(['cmp1:eth0'])
    expect(trendCounts(today, yesterday)).toEqual({ new: 1, still: 2, fixed: 1 })
  })

  test('in the console, summary.md and report.html', () => {
    const withBase = { ...info, baseline: yesterday }
    expect(consoleSummary(today, withBase, { color: false })).toContain(
      '  since r20250430-1: 1 new, 2 still failing, 1 fixed',
    )
    const md = summaryMarkdown(today, withBase)
    expect(md).toContain('- **cmp1:eth0** (new): expected')
    expect(md).toContain('- **cmp2**: expected')
    expect(md).toContain('## Since the baseline (1 new, 2 still failing, 1 fixed)')
    expect(md).toContain('Fixed:\n\n- `hosts.disable-ipv6` **cmp1:eth0**')
    const html = reportHtml(today, withBase)
    expect(html).toContain('<h2>Since the baseline: 1 new, 2 still failing, 1 fixed</h2>')
    expect(html).toContain('<b>cmp1:eth0</b> <span class="new">new</span>:')
    expect(html).toContain('<summary>✗ 1 <span class="new">1 new</span></summary>')
    // Without a baseline nothing is marked.
    expect(summaryMarkdown(today, info)).not.toContain('(new)')
    expect(reportHtml(today, info)).not.toContain('class="new"')
  })
})

describe('readBaseline', () => {
  const dir = mkdtempSync(join(tmpdir(), 'v6ready-baseline-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  test('a report directory, its results.json, or the observations.json beside it', () => {
    const run = join(dir, 'lab1')
    mkdirSync(run)
    writeFileSync(join(run, 'results.json'), JSON.stringify(resultsOf(today, info)))
    writeFileSync(join(run, 'observations.json'), '{}')
    for (const p of [run, join(run, 'results.json'), join(run, 'observations.json')]) {
      const b = readBaseline(p)
      expect(b.runId).toBe(info.runId)
      expect(b.source).toBe(join(run, 'results.json'))
      expect(b.results.filter((r) => r.state === 'failed')).toHaveLength(3)
      expect(b.results.find((r) => r.subject === 'ctl1:5672')?.state).toBe('waived')
    }
  })

  test('a missing or foreign file is a clear error', () => {
    expect(() => readBaseline(join(dir, 'nowhere'))).toThrow(/--baseline .*nowhere: no such file or directory/)
    mkdirSync(join(dir, 'empty'))
    expect(() => readBaseline(join(dir, 'empty'))).toThrow(/--baseline .*empty: cannot read .*results\.json/)
    writeFileSync(join(dir, 'results.json'), '{"hello": 1}')
    expect(() => readBaseline(dir)).toThrow(
      /results\.json: version: expected 1: .*want a results\.json as v6ready writes it$/,
    )
  })
})
