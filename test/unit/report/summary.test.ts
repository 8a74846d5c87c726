import { describe, expect, test } from 'vitest'
import type { TestRecord } from '../../../lib/report/record.ts'
import { summaryMarkdown } from '../../../lib/report/summary.ts'
import { fail } from '../../../lib/verdict.ts'
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

  test('one remedy that clears twenty findings is one heading with its subjects under it', () => {
    const failures = section(md, 'Failures')
    expect(failures).toMatch(/^## Failures \(21\)/)
    const headings = failures.split('\n').filter((l) => l.startsWith('### '))
    expect(headings).toEqual([
      '### set net.ipv6.conf.all.disable\\_ipv6=0 (20 findings)',
      '### set net.ipv6.conf.eth0.accept\\_ra=2 (1 finding)',
    ])
    const big = failures.slice(0, failures.indexOf(headings[1] ?? '?'))
    for (let i = 1; i <= 20; i++) expect(big).toContain(`- \`hosts.disable-ipv6\` **cmp${i}**: expected 0, observed 1`)
  })

  test('each failure shows check ID, subject, expected and observed', () => {
    expect(md).toContain(
      '- `hosts.sysctl.accept-ra` **cmp1:eth0**: expected accept\\_ra effective (accept\\_ra=2 or 1 with forwarding=0), observed accept\\_ra=1, forwarding=1: RAs ignored',
    )
  })

  test('skips grouped by reason, waivers not among them', () => {
    const more: TestRecord[] = ['ctl2', 'ctl3'].map((h) => ({
      suite: 'hosts', group: h, check: 'hosts.listeners.ipv6', name: 'hosts.listeners.ipv6 all', state: 'skipped', message: 'ss not installed', durationMs: 0,
    }))
    const skips = section(summaryMarkdown([...records, ...more], info), 'Skipped')
    expect(skips).toMatch(/^## Skipped \(3\)/)
    expect(skips).toContain('### ss not installed (2)\n\n- `hosts.listeners.ipv6` **ctl2**\n- `hosts.listeners.ipv6` **ctl3**')
    expect(skips).toContain('### ss not installed on cmp1 (1)')
    expect(skips).not.toContain('LP#1460177')
  })

  test('waivers with their expiry and whether they still apply', () => {
    const expired: TestRecord = { ...(records[0] as TestRecord), waiver: { reason: 'old ticket', expires: '2024-01-01' } }
    const waivers = section(summaryMarkdown([...records, expired], info), 'Waivers')
    expect(waivers).toMatch(/^## Waivers \(1 waived\)/)
    const lines = waivers.split('\n').filter((l) => l.startsWith('- '))
    expect(lines).toEqual([
      '- `hosts.sysctl.accept-ra` **cmp1:eth0**: old ticket; expires 2024-01-01 (expired: the finding fails again)',
      '- `hosts.listeners.ipv6` **ctl1:5672**: LP\\#1460177; expires 2027-01-31 (waived)',
    ])
  })

  test('host text cannot inject markup or terminal codes', () => {
    const v = fail({ check: 'hosts.x', subject: 'a|b', expected: '<b>x</b>', observed: '\x1b[31m*bold*\x1b[0m\nsecond\x00', remedy: 'r' })
    const out = summaryMarkdown([{ suite: 'hosts', group: 'h', check: 'hosts.x', name: 'hosts.x', state: 'failed', verdict: v, durationMs: 0 }], info)
    expect(out).toContain('**a\\|b**: expected \\<b\\>x\\</b\\>, observed \\\\x1b\\[31m\\*bold\\*\\\\x1b\\[0m second\\\\x00')
    expect(out).not.toContain('\x1b')
  })

  test('an interrupted run says so; no failures says None', () => {
    const out = summaryMarkdown([], { ...info, interrupted: true })
    expect(out).toContain('**Interrupted:**')
    expect(section(out, 'Failures')).toContain('None.')
  })
})
