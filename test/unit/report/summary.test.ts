import { describe, expect, test } from 'vitest'
import type { Baseline, TestRecord } from '../../../lib/report/record.ts'
import { summaryMarkdown } from '../../../lib/report/summary.ts'
import { inReportOrder } from '../../../lib/report/tally.ts'
import { fail, pass } from '../../../lib/verdict.ts'
import { scaleResults } from '../../fixtures/report/scale.ts'
import { info, records, sameRemedy } from './records.ts'

const section = (md: string, heading: string): string => {
  const start = md.indexOf(`## ${heading}`)
  if (start < 0) return ''
  const end = md.indexOf('\n## ', start + 1)
  return md.slice(start, end < 0 ? undefined : end)
}

describe('summaryMarkdown', () => {
  const all = [...records, ...sameRemedy(20)]
  const md = summaryMarkdown(all, info)

  test('counts per suite, waived apart from skipped', () => {
    expect(md).toContain('| hosts | 1 | 21 | 1 | 1 | 24 |')
    expect(md).toContain('| underlay | 1 | 0 | 0 | 0 | 1 |')
    expect(md).not.toContain('| overlay |')
  })

  test('one fix for twenty hosts is one short heading, with the fix and its first ten subjects under it', () => {
    const failures = section(md, 'What to fix')
    expect(failures).toMatch(/^## What to fix \(21 findings, 2 fixes\)/)
    const headings = failures.split('\n').filter((l) => l.startsWith('### '))
    expect(headings).toEqual(['### 1. `hosts.disable-ipv6`: 20 subjects', '### 2. `hosts.sysctl.accept-ra`: 1 subject'])
    const big = failures.slice(0, failures.indexOf(headings[1] ?? '?'))
    expect(big).toContain('Fix: set net.ipv6.conf.all.disable\\_ipv6=0\n')
    for (let i = 1; i <= 10; i++) expect(big).toContain(`- **cmp${i}**: expected 0, observed 1\n`)
    expect(big).not.toContain('**cmp11**')
    expect(big).toContain('- and 10 more: report.html and junit.xml list every one\n')
  })

  test('each failure shows its subject, expected and observed, under its check', () => {
    expect(md).toContain(
      '- **cmp1:eth0**: expected accept\\_ra effective (accept\\_ra=2 or 1 with forwarding=0), observed accept\\_ra=1, forwarding=1: RAs ignored',
    )
  })

  test('commands are set as code; a fix that differs by host shows the template, and each finding its own', () => {
    const rs = ['eth0', 'ens3'].map((ifn, i): TestRecord => {
      const v = fail({
        check: 'hosts.sysctl.accept-ra',
        subject: `cmp${i + 1}:${ifn}`,
        expected: 'e',
        observed: 'o',
        remedy: `sysctl -w net.ipv6.conf.${ifn}.accept_ra=2 (forwarding hosts need 2)`,
        where: { host: `cmp${i + 1}`, interface: ifn },
      })
      return {
        suite: 'hosts',
        group: `cmp${i + 1}`,
        check: v.check,
        name: v.check,
        state: 'failed',
        verdict: v,
        durationMs: 0,
      }
    })
    const out = summaryMarkdown(rs, info)
    expect(out).toContain(
      '### 1. `hosts.sysctl.accept-ra`: 2 subjects\n\nFix: `sysctl -w net.ipv6.conf.<if>.accept_ra=2` (forwarding hosts need 2)\n',
    )
    expect(out).toContain(
      '- **cmp2:ens3**: expected e, observed o; fix: `sysctl -w net.ipv6.conf.ens3.accept_ra=2` (forwarding hosts need 2)',
    )
  })

  test('skips grouped by reason, waivers not among them', () => {
    const more: TestRecord[] = ['ctl2', 'ctl3'].map((h) => ({
      suite: 'hosts',
      group: h,
      check: 'hosts.listeners.ipv6',
      name: 'hosts.listeners.ipv6 all',
      state: 'skipped',
      message: 'ss not installed',
      durationMs: 0,
    }))
    const skips = section(summaryMarkdown([...records, ...more], info), 'Skipped')
    expect(skips).toMatch(/^## Skipped \(3\)/)
    expect(skips).toContain(
      '### ss not installed (2)\n\n- `hosts.listeners.ipv6` **ctl2**\n- `hosts.listeners.ipv6` **ctl3**',
    )
    expect(skips).toContain('### ss not installed on cmp1 (1)')
    expect(skips).not.toContain('LP#1460177')
  })

  test('waivers with their expiry and whether they still apply', () => {
    const expired: TestRecord = {
      ...(records[0] as TestRecord),
      waiver: { reason: 'old ticket', expires: '2024-01-01' },
    }
    const waivers = section(summaryMarkdown([...records, expired], info), 'Waivers')
    expect(waivers).toMatch(/^## Waivers \(1 waived\)/)
    const lines = waivers.split('\n').filter((l) => l.startsWith('- '))
    expect(lines).toEqual([
      '- `hosts.sysctl.accept-ra` **cmp1:eth0**: old ticket; expires 2024-01-01 (expired: the finding fails again)',
      '- `hosts.listeners.ipv6` **ctl1:5672**: LP\\#1460177; expires 2027-01-31 (waived)',
    ])
  })

  test('host text cannot inject markup or terminal codes', () => {
    const v = fail({
      check: 'hosts.x',
      subject: 'a|b',
      expected: '<b>x</b>',
      observed: '\x1b[31m*bold*\x1b[0m\nsecond\x00',
      remedy: 'r',
    })
    const out = summaryMarkdown(
      [{ suite: 'hosts', group: 'h', check: 'hosts.x', name: 'hosts.x', state: 'failed', verdict: v, durationMs: 0 }],
      info,
    )
    expect(out).toContain(
      '**a\\|b**: expected \\<b\\>x\\</b\\>, observed \\\\x1b\\[31m\\*bold\\*\\\\x1b\\[0m second\\\\x00',
    )
    expect(out).not.toContain('\x1b')
  })

  test('an interrupted run says so; no failures says None', () => {
    const out = summaryMarkdown([], { ...info, interrupted: true })
    expect(out).toContain('**Interrupted:**')
    expect(section(out, 'What to fix')).toContain('None: no check failed.')
  })
})

describe('summaryMarkdown at fleet size: every group lists ten subjects and counts the rest', () => {
  const skip = (i: number): TestRecord => ({
    suite: 'hosts',
    group: `s${i}`,
    check: 'hosts.listeners.ipv6',
    name: 'hosts.listeners.ipv6 all',
    state: 'skipped',
    message: 'ss not installed',
    durationMs: 0,
  })

  test('a skip reason on 300 hosts: ten of them, then how many more', () => {
    const skips = section(
      summaryMarkdown(
        Array.from({ length: 300 }, (_, i) => skip(i + 1)),
        info,
      ),
      'Skipped',
    )
    const items = skips.split('\n').filter((l) => l.startsWith('- '))
    expect(items).toHaveLength(11)
    expect(items[9]).toBe('- `hosts.listeners.ipv6` **s10**')
    expect(items[10]).toBe('- and 290 more: report.html and junit.xml list every one')
  })

  test("one waiver on a role's 300 hosts is one line, its subjects bounded", () => {
    const waived = Array.from(
      { length: 300 },
      (_, i): TestRecord => ({
        ...skip(i + 1),
        message: 'waived: LP#1 (until 2027-01-31)',
        waiver: { reason: 'LP#1', expires: '2027-01-31' },
      }),
    )
    const stale: TestRecord = { ...(records[1] as TestRecord), waiver: { reason: 'LP#1', expires: '2027-01-31' } }
    const lines = section(summaryMarkdown([...waived, stale], info), 'Waivers')
      .split('\n')
      .filter((l) => l.startsWith('- '))
    expect(lines).toEqual([
      `- \`hosts.listeners.ipv6\` ${Array.from({ length: 10 }, (_, i) => `**s${i + 1}**`).join(', ')} and 290 more: LP\\#1; expires 2027-01-31 (waived)`,
      '- `hosts.disable-ipv6` **cmp1:eth0**: LP\\#1; expires 2027-01-31 (not needed: the check passes)',
    ])
  })

  test('a waiver on three hosts names all three', () => {
    const waived = [1, 2, 3].map((i): TestRecord => ({ ...skip(i), waiver: { reason: 'LP#1', expires: '2027-01-31' } }))
    expect(section(summaryMarkdown(waived, info), 'Waivers')).toContain(
      '- `hosts.listeners.ipv6` **s1**, **s2** and **s3**: LP\\#1; expires 2027-01-31 (waived)\n',
    )
  })

  test("with a baseline, a fix's new findings come first, so the ten shown hold them", () => {
    const baseline: Baseline = {
      runId: 'r0',
      startedAt: '2025-04-30T10:00:00.000+02:00',
      source: 'results.json',
      results: sameRemedy(19).map((r) => ({ ...r, subject: r.group, state: 'failed' as const })),
    }
    const items = section(summaryMarkdown(sameRemedy(20), { ...info, baseline }), 'What to fix')
      .split('\n')
      .filter((l) => l.startsWith('- '))
    expect(items[0]).toBe('- **cmp20** (new): expected 0, observed 1')
    expect(items.slice(1, 10)).toEqual(Array.from({ length: 9 }, (_, i) => `- **cmp${i + 1}**: expected 0, observed 1`))
    expect(items[10]).toBe('- and 10 more: report.html and junit.xml list every one')
  })

  test('what the baseline failed and now passes, one line per check', () => {
    const passing = Array.from({ length: 40 }, (_, i): TestRecord => {
      const v = pass({ check: 'hosts.disable-ipv6', subject: `cmp${i + 1}`, expected: '0', observed: '0' })
      return {
        suite: 'hosts',
        group: `cmp${i + 1}`,
        check: v.check,
        name: v.check,
        state: 'passed',
        verdict: v,
        durationMs: 0,
      }
    })
    const baseline: Baseline = {
      runId: 'r0',
      startedAt: '2025-04-30T10:00:00.000+02:00',
      source: 'results.json',
      results: passing.map((r) => ({ ...r, subject: r.group, state: 'failed' as const })),
    }
    const fixed = section(summaryMarkdown(passing, { ...info, baseline }), 'Since the baseline')
    expect(fixed).toContain(
      `Fixed:\n\n- \`hosts.disable-ipv6\` ${Array.from({ length: 10 }, (_, i) => `**cmp${i + 1}**`).join(', ')} and 30 more\n`,
    )
  })

  test('1,000 hosts write no longer a summary than 200 do: no passing host, no remedy repeated per host', () => {
    const lines = (n: number) => summaryMarkdown(inReportOrder(scaleResults(n).records), info).split('\n')
    const big = lines(1000)
    expect(big.length).toBe(lines(200).length)
    expect(big.length).toBeLessThan(300)
    // s0001 passes everything; s0010 is the first to fail, s0990 (among the last) is counted, not listed.
    expect(big.join('\n')).not.toMatch(/s0001\b|s0990\b/)
    expect(big.filter((l) => l.startsWith('Fix: bind `::` instead of 0.0.0.0'))).toHaveLength(1)
    expect(big).toContain('### 1. `hosts.listeners.ipv6`: 61 subjects')
    expect(big).toContain('- and 51 more: report.html and junit.xml list every one')
  })
})
