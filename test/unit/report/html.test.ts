import { describe, expect, test } from 'vitest'
import { matrices, REPORT_CSS, reportHtml, score } from '../../../lib/report/html.ts'
import type { TestRecord } from '../../../lib/report/record.ts'
import { fail } from '../../../lib/verdict.ts'
import { info, records, sameRemedy } from './records.ts'

const hostile = (): TestRecord => {
  const v = fail({
    check: 'hosts.config.brackets',
    subject: 'ctl1:/etc/<evil>.conf',
    expected: 'bracketed',
    observed: '<script>alert(1)</script> "quoted" & \x1b[31mred\x1b[0m \x00 \u202eevil ]]>',
    remedy: 'write <b>[2001:db8::1]:80</b>',
    evidence: 'line 1: </pre><img src=x onerror=alert(1)>',
  })
  return {
    suite: 'hosts',
    group: 'ctl1',
    check: v.check,
    name: v.check,
    state: 'failed',
    verdict: v,
    body: v.evidence ?? '',
    durationMs: 1,
  }
}

describe('the readiness matrix', () => {
  test('one matrix per suite that ran, in report order: underlay first', () => {
    expect(matrices(records).map((m) => m.suite)).toEqual(['underlay', 'hosts'])
  })

  test('subjects × check groups; a cell takes the worst state of its tests', () => {
    const m = matrices(records).find((x) => x.suite === 'hosts')
    expect(m?.rows.map((r) => r.subject)).toEqual(['cmp1.lab1.example.net', 'ctl1'])
    const cell = (subject: string, col: string) =>
      m?.rows.find((r) => r.subject === subject)?.cells[m.columns.indexOf(col)]
    // hosts.sysctl on cmp1: one failure; hosts.disable-ipv6: one pass; hosts.listeners: a plain skip.
    expect(cell('cmp1.lab1.example.net', 'hosts.sysctl')?.state).toBe('fail')
    expect(cell('cmp1.lab1.example.net', 'hosts.disable-ipv6')?.state).toBe('pass')
    expect(cell('cmp1.lab1.example.net', 'hosts.listeners')?.state).toBe('skip')
    expect(cell('ctl1', 'hosts.listeners')?.state).toBe('waived')
    expect(cell('ctl1', 'hosts.sysctl')).toBeUndefined()
    const worse = matrices([
      ...records,
      { ...records[0]!, group: 'ctl1', check: 'hosts.listeners.dual-stack', state: 'failed' },
    ]).find((x) => x.suite === 'hosts')
    expect(worse?.rows[1]?.cells[worse.columns.indexOf('hosts.listeners')]?.state).toBe('fail')
  })

  test('columns follow the catalog, not the order tests finished in', () => {
    const m = matrices([...sameRemedy(1)].concat(records).reverse()).find((x) => x.suite === 'hosts')
    expect(m?.columns.indexOf('hosts.sysctl')).toBeLessThan(m?.columns.indexOf('hosts.listeners') ?? -1)
  })
})

describe('score', () => {
  test('passed over judged: skips are not judged, a waived finding is not ready', () => {
    expect(score({ passed: 3, failed: 1, waived: 0 })).toBe(75)
    expect(score({ passed: 1, failed: 0, waived: 1 })).toBe(50)
    expect(score({ passed: 0, failed: 0, waived: 0 })).toBeUndefined()
  })
})

describe('reportHtml', () => {
  const html = reportHtml([...records, ...sameRemedy(20), hostile()], { ...info, interrupted: true })

  test('no script and no asset but report.css beside it, and a CSP that forbids the rest', () => {
    expect(html).toContain(`content="default-src 'none'; style-src 'self'; img-src 'self'"`)
    expect(html).toContain('<link rel="stylesheet" href="report.css">')
    expect(html).not.toMatch(/<(script|img|iframe|object|embed)\b|\ssrc="|url\(/i)
    expect(html.match(/<link\b/g)).toHaveLength(1)
    expect(html).not.toMatch(/href="(?!#|report\.css")/)
  })

  test("nothing that Jenkins' CSP blocks: no inline <style>, no style attribute", () => {
    expect(html).not.toMatch(/<style\b|\sstyle=/i)
    expect(REPORT_CSS).toContain('td.fail{')
    expect(REPORT_CSS).not.toMatch(/url\(|@import/)
  })

  test('host text is escaped and sanitized: markup, quotes, ANSI, NUL and ]]> come out as text', () => {
    expect(html).toContain(
      '&lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot; &amp; \\x1b[31mred\\x1b[0m \\x00 \\u202eevil ]]\u200b&gt;',
    )
    expect(html).toContain('ctl1:/etc/&lt;evil&gt;.conf')
    expect(html).toContain('write &lt;b&gt;[2001:db8::1]:80&lt;/b&gt;')
    expect(html).toContain('line 1: &lt;/pre&gt;&lt;img src=x onerror=alert(1)&gt;')
    expect(html).not.toContain('\x1b')
    expect(html).not.toContain('\u202e')
  })

  test('a target score and one per suite; the interrupted banner', () => {
    // hosts: 1 passed, 22 failed, 1 waived; underlay: 1 passed.
    expect(html).toContain('<title>v6ready: lab1: 8% ready</title>')
    expect(html).toMatch(
      /<td><a href="#suite-hosts">hosts<\/a><\/td><td>4%<\/td><td>1<\/td><td>22<\/td><td>1<\/td><td>1<\/td>/,
    )
    expect(html).toContain('<b>Interrupted:</b>')
  })

  test('one fix for twenty hosts is one entry; a failing cell links to its finding', () => {
    expect(html).toContain(
      '<summary><code>hosts.disable-ipv6</code> <span class="count">20 subjects</span><span class="fix">set net.ipv6.conf.all.disable_ipv6=0</span></summary>',
    )
    expect(html).toContain('What to fix: 22 findings, 3 fixes')
    const link = /<a href="#(f\d+-\d+)">cmp1:eth0<\/a>/.exec(html)
    expect(link).not.toBeNull()
    expect(html).toContain(`<li id="${link?.[1]}"><b>cmp1:eth0</b>`)
  })

  test('commands in a fix are set as code', () => {
    const v = fail({
      check: 'hosts.route.default',
      subject: 'cmp',
      expected: 'e',
      observed: 'o',
      remedy: 'add a default route (ip -6 route add default via fe80::1 dev <if>) or accept RAs',
    })
    const page = reportHtml(
      [{ suite: 'hosts', group: 'cmp', check: v.check, name: v.check, state: 'failed', verdict: v, durationMs: 0 }],
      info,
    )
    expect(page).toContain(
      '<span class="fix">add a default route (<code>ip -6 route add default via fe80::1 dev &lt;if&gt;</code>) or accept RAs</span>',
    )
  })

  test('waivers with their expiry, and what was not judged with the reason', () => {
    expect(html).toMatch(
      /<tr class="waived"><td><code>hosts\.listeners\.ipv6<\/code><\/td><td>ctl1:5672<\/td><td>LP#1460177<\/td><td>2027-01-31<\/td><td>waived<\/td><\/tr>/,
    )
    expect(html).toContain('<summary>ss not installed on cmp1 <span class="count">1</span></summary>')
  })

  test('a clean run says there is nothing to fix', () => {
    const clean = reportHtml([records[1]!], info)
    expect(clean).toContain('Nothing: no check failed.')
    expect(clean).toContain('100% ready')
  })
})
