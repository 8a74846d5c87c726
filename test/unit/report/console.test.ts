import { describe, expect, test } from 'vitest'
import { consoleSummary } from '../../../lib/report/console.ts'
import type { TestRecord } from '../../../lib/report/record.ts'
import { fail } from '../../../lib/verdict.ts'
import { inReportOrder } from '../../../lib/report/tally.ts'
import { scaleResults } from '../../fixtures/report/scale.ts'
import { info, records, sameRemedy } from './records.ts'

/** 500 failures, each with its own remedy, over the three suites. */
const manyRemedies: TestRecord[] = Array.from({ length: 500 }, (_, i) => {
  const suite = (['underlay', 'overlay', 'hosts'] as const)[i % 3] ?? 'hosts'
  const v = fail({
    check: `${suite}.c${i}`,
    subject: `s${i}`,
    expected: 'x',
    observed: 'y',
    remedy: `remedy number ${i} ${'long '.repeat(30)}`,
  })
  return { suite, group: `g${i}`, check: v.check, name: v.check, state: 'failed', verdict: v, durationMs: 1 }
})

describe('consoleSummary', () => {
  test('500 failures fit on one screen, with a +N more line', () => {
    const out = consoleSummary([...records, ...manyRemedies, ...sameRemedy(40)], info, { color: false, width: 100 })
    const lines = out.split('\n')
    expect(lines.length).toBeLessThanOrEqual(30)
    for (const l of lines) expect([...l].length).toBeLessThanOrEqual(100)
    // 500 single-finding fixes + the accept_ra one + the 40-host one = 502 groups; 6 shown.
    expect(out).toContain('  +496 more fixes (496 failures): see summary.md')
  })

  test('1,000 hosts: one screen, each fix once with a count, its subjects cut to the width', () => {
    const out = consoleSummary(inReportOrder(scaleResults(1000).records), info, { color: false, width: 100 })
    const lines = out.split('\n')
    expect(lines.length).toBeLessThanOrEqual(30)
    for (const l of lines) expect([...l].length).toBeLessThanOrEqual(100)
    expect(lines.filter((l) => l.includes('hosts.listeners.ipv6: bind `::` instead of 0.0.0.0'))).toEqual([
      '    61× hosts.listeners.ipv6: bind `::` instead of 0.0.0.0',
    ])
    expect(out).toMatch(/^ +ctl:8776, s0010:9100, s0030:9100, .* \+\d+ more$/m)
    expect(out).not.toMatch(/s0001\b/)
  })

  test('most subjects first, each with its check, its fix and its subjects', () => {
    const out = consoleSummary([...records, ...sameRemedy(40), ...sameRemedy(3, 'install iproute2')], info, {
      color: false,
    })
    const lines = out.split('\n')
    const i = lines.findIndex((l) => l.includes('40× hosts.disable-ipv6: set net.ipv6.conf.all.disable_ipv6=0'))
    expect(i).toBeGreaterThan(0)
    expect(lines[i + 1]).toMatch(/^ +cmp1, cmp2, cmp3, .* \+\d+ more$/)
    const j = lines.findIndex((l) => l.includes('3× hosts.disable-ipv6: install iproute2'))
    const k = lines.findIndex((l) => l.includes('1× hosts.sysctl.accept-ra: set net.ipv6.conf.eth0.accept_ra=2'))
    expect(i).toBeLessThan(j)
    expect(j).toBeLessThan(k)
    expect(lines[j + 1]).toMatch(/^ +cmp1, cmp2, cmp3$/)
    expect(out).not.toContain('more fixes')
  })

  test('per-suite counts and the report paths', () => {
    const out = consoleSummary(records, info, { color: false })
    expect(out).toMatch(/^ {2}underlay +1 passed +0 failed +0 skipped +0 waived$/m)
    expect(out).toMatch(/^ {2}hosts +1 passed +1 failed +1 skipped +1 waived$/m)
    for (const f of ['junit.xml', 'report.html', 'summary.md', 'observations.json'])
      expect(out).toContain(`  reports/lab1/${f}`)
  })

  test('colour only when asked, and never from host text', () => {
    const hostile = fail({
      check: 'hosts.x',
      subject: 'h',
      expected: '',
      observed: '',
      remedy: '\x1b[2J\x1b]0;pwned\x07wipe',
    })
    const rs: TestRecord[] = [
      ...records,
      { suite: 'hosts', group: 'h', check: 'hosts.x', name: 'x', state: 'failed', verdict: hostile, durationMs: 0 },
    ]
    const plain = consoleSummary(rs, info, { color: false })
    expect(plain).not.toContain('\x1b')
    // Shown, never interpreted: the escapes are there to read, not for the terminal to act on.
    expect(plain).toContain('1× hosts.x: \\x1b[2J\\x1b]0;pwned\\x07wipe')
    const coloured = consoleSummary(rs, info, { color: true })
    expect(coloured).toContain('\x1b[31m')
    expect(coloured).not.toContain('\x1b[2J')
    expect(coloured).not.toContain('\x1b]0;')
  })

  test('an interrupted or empty run says so', () => {
    const out = consoleSummary([], { ...info, interrupted: true }, { color: false })
    expect(out.split('\n')[0]).toContain('INTERRUPTED')
    expect(out).toContain('no tests ran')
  })
})
