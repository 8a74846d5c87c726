import { describe, expect, test } from 'vitest'
import { matrices, reportHtml } from '../../../lib/report/html.ts'
import type { TestRecord } from '../../../lib/report/record.ts'
import { byRole, passingText, roleLabel, rolesOf, type RowKind } from '../../../lib/report/roles.ts'
import { inReportOrder } from '../../../lib/report/tally.ts'
import { fail, pass } from '../../../lib/verdict.ts'
import { scaleResults } from '../../fixtures/report/scale.ts'
import { info } from './records.ts'

/** One test on `host`: passed, or failed with the same remedy everywhere. */
function on(host: string, ok: boolean): TestRecord {
  const v = ok
    ? pass({ check: 'hosts.route.default', subject: host, expected: 'a route', observed: 'default via fe80::1' })
    : fail({ check: 'hosts.route.default', subject: host, expected: 'a route', observed: 'none', remedy: 'accept RAs' })
  return {
    suite: 'hosts',
    group: host,
    check: v.check,
    name: `${v.check} ${host}`,
    state: ok ? 'passed' : 'failed',
    verdict: v,
    durationMs: 0,
  }
}

const roles = { cmp1: ['compute'], cmp2: ['compute'], cmp3: ['compute'], ctl1: ['controller', 'network'] }

describe('byRole', () => {
  const rows = ['a1', 'cmp1', 'cmp2', 'cmp3', 'ctl1', 'vm1', 'vm2'].map((subject) => ({ subject }))
  const failing = new Set(['cmp2', 'cmp3', 'ctl1', 'vm1'])
  const kind = (r: { subject: string }): RowKind => (failing.has(r.subject) ? 'failing' : 'passing')
  const groups = byRole(rows, kind, { ...roles, vm1: ['guest'], vm2: ['guest'] })

  test('the roles with the most failing subjects first, then by name; a host with two roles in a group of its own', () => {
    expect(groups.map((g) => [g.role, g.failing.length])).toEqual([
      ['compute', 2],
      ['controller, network', 1],
      ['guest', 1],
      [undefined, 0],
    ])
  })

  test('within a role, the failing subjects apart from the rest, each in the order given', () => {
    expect(groups[0]?.failing.map((r) => r.subject)).toEqual(['cmp2', 'cmp3'])
    expect(groups[0]?.passing.map((r) => r.subject)).toEqual(['cmp1'])
  })

  test('subjects without a role come last among equals; with no roles at all, one group', () => {
    const none = byRole(rows, (r) => (r.subject === 'a1' ? 'failing' : 'passing'))
    expect(none.map((g) => [g.role, g.failing.length, g.passing.length])).toEqual([[undefined, 1, 6]])
    const tie = byRole(rows.slice(0, 2), () => 'failing', { cmp1: ['compute'] })
    expect(tie.map((g) => g.role)).toEqual(['compute', undefined])
  })

  test('a subject named like a prototype key (constructor) has no role', () => {
    expect(byRole([{ subject: 'constructor' }], () => 'passing', {}).map((g) => g.role)).toEqual([undefined])
  })

  test('labels and counts', () => {
    expect(roleLabel(['controller', 'network'])).toBe('controller, network')
    expect(roleLabel([])).toBeUndefined()
    expect(passingText(312, 'host')).toBe('312 hosts pass')
    expect(passingText(1, 'subject')).toBe('1 subject passes')
    expect(rolesOf([{ name: 'cmp1', roles: ['compute'] }])).toEqual({ cmp1: ['compute'] })
  })
})

describe('the matrix by role', () => {
  const records = [on('cmp1', true), on('cmp2', false), on('cmp3', true), on('ctl1', false), on('vm1', true)]
  const html = reportHtml(inReportOrder(records), { ...info, roles })

  test('matrices() keeps every row, and groups them by role with the failing ones apart', () => {
    const m = matrices(records, roles).find((x) => x.suite === 'hosts')
    expect(m?.rows.map((r) => r.subject)).toEqual(['cmp1', 'cmp2', 'cmp3', 'ctl1', 'vm1'])
    expect(m?.groups.map((g) => [g.role, g.failing.map((r) => r.subject), g.passing.map((r) => r.subject)])).toEqual([
      ['compute', ['cmp2'], ['cmp1', 'cmp3']],
      ['controller, network', ['ctl1'], []],
      [undefined, [], ['vm1']],
    ])
  })

  test('a heading per role with its count, failing hosts in rows, passing hosts folded into a count', () => {
    const table = html.slice(html.indexOf('id="suite-hosts"'))
    expect(table).toContain(
      '<tr class="role"><th scope="rowgroup" colspan="2">compute <span class="count">1 of 3 hosts failing</span></th></tr>',
    )
    expect(table).toContain('<tr><th scope="row">cmp2</th>')
    expect(table).not.toContain('<th scope="row">cmp1</th>')
    expect(table).toContain(
      '<tr class="folded"><td colspan="2"><details><summary>✓ 2 hosts pass</summary><p>cmp1, cmp3</p></details></td></tr>',
    )
    expect(table).toContain('no role <span class="count">0 of 1 host failing</span>')
    // Roles in order: compute, then controller, network, then the roleless.
    const at = (s: string) => table.indexOf(s)
    expect(at('>compute <')).toBeLessThan(at('>controller, network <'))
    expect(at('>controller, network <')).toBeLessThan(at('>no role <'))
  })

  test('a folded host with a waived or skipped check says so in the count', () => {
    const skip: TestRecord = { ...on('cmp1', true), check: 'hosts.link.mtu', state: 'skipped', message: 'no link' }
    const page = reportHtml(inReportOrder([...records, skip]), { ...info, roles })
    expect(page).toContain(
      '<summary>✓ 2 hosts pass <span class="count">(1 with checks waived or not judged)</span></summary>',
    )
  })

  test('a host with every check skipped or waived keeps its row after the failing ones: it did not pass', () => {
    const unjudged: TestRecord = { ...on('cmp4', true), state: 'skipped', message: 'cmp4 was not observed' }
    const m = matrices([...records, unjudged], { ...roles, cmp4: ['compute'] }).find((x) => x.suite === 'hosts')
    const compute = m?.groups.find((g) => g.role === 'compute')
    expect(compute?.unjudged.map((r) => r.subject)).toEqual(['cmp4'])
    expect(compute?.passing.map((r) => r.subject)).toEqual(['cmp1', 'cmp3'])
    const page = reportHtml(inReportOrder([...records, unjudged]), { ...info, roles: { ...roles, cmp4: ['compute'] } })
    expect(page).toContain('compute <span class="count">1 of 4 hosts failing</span>')
    expect(page.indexOf('<th scope="row">cmp2</th>')).toBeLessThan(page.indexOf('<th scope="row">cmp4</th>'))
    expect(page.indexOf('<th scope="row">cmp4</th>')).toBeLessThan(page.indexOf('✓ 2 hosts pass'))
  })

  test('without roles (the underlay, or a results.json from before roles): no heading, the passing subjects still folded', () => {
    const page = reportHtml(inReportOrder(records), info)
    expect(page).not.toContain('<tr class="role">')
    expect(page).toContain('<summary>✓ 3 hosts pass</summary><p>cmp1, cmp3, vm1</p>')
  })

  test('at 1,000 hosts: the failing scale hosts in rows, the 900 others one folded count', () => {
    const r = scaleResults(1000)
    const page = reportHtml(inReportOrder(r.records), { ...r.info, reportDir: 'x' })
    const hosts = page.slice(
      page.indexOf('id="suite-hosts"'),
      page.indexOf('</section>', page.indexOf('id="suite-hosts"')),
    )
    expect(hosts).toContain('scale <span class="count">100 of 1000 hosts failing</span>')
    expect(hosts.match(/<tr><th scope="row">s\d{4}<\/th>/g)).toHaveLength(100)
    expect(hosts).toContain('<summary>✓ 900 hosts pass</summary><p>s0001, s0002, ')
    // The default lab's roles are there too, each with its hosts.
    const order = [...hosts.matchAll(/<th scope="rowgroup" colspan="\d+">([^<]*) <span class="count">([^<]*)</g)]
    expect(order.map((m) => `${m[1]}: ${m[2]}`)).toEqual([
      'scale: 100 of 1000 hosts failing',
      'guest: 2 of 2 hosts failing',
      'compute: 1 of 1 host failing',
      'controller: 1 of 1 host failing',
    ])
  })
})
