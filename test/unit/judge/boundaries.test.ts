// Each judge's comparison at its boundary: the value itself, one above and one below, so that a
// `>` written as `>=` (or 1280 as 1279) fails a test. Links and files are recorded where the value
// can be made real (test/fixtures/observe/capture-gaps.sh: eth1 at MTU 1280, eth2 at 1279); the
// other rows change one value of a recorded observation, said where.
import { describe, expect, test } from 'vitest'
import { mtu } from '../../../lib/judge/link.ts'
import { gaiPrecedence, gaiPrecedences } from '../../../lib/judge/resolver.ts'
import { disableIpv6 } from '../../../lib/judge/sysctl.ts'
import type { GaiRule, HostFacts } from '../../../lib/observe/facts.ts'
import { fixture } from '../observe/fixtures.ts'
import { edited, facts, host, outcomes, view, withConf } from './view.ts'

const b0 = facts('full.netns-gaps-b0.txt')

describe('IPv6 minimum MTU, 1280 (RFC 8200 §5), on recorded links', () => {
  test('hosts.link.mtu: a link at 1280 passes, one at 1279 fails', () => {
    const vs = mtu(view(host(), b0))
    expect(outcomes(vs)).toMatchObject({ 'h1:eth1': 'pass', 'h1:eth2': 'fail', 'h1:p1': 'pass', 'h1:p2': 'fail' })
    expect(vs.find((v) => v.subject === 'h1:eth2')?.observed).toBe('link mtu 1279')
  })
  test('hosts.sysctl.disable-ipv6: at 1279 the kernel removed IPv6 from the link, which is the MTU check’s finding', () => {
    const vs = disableIpv6(view(host(), b0))
    expect(outcomes(vs)).toMatchObject({ 'h1:eth1': 'pass', 'h1:eth2': 'skip' })
    expect(vs.find((v) => v.subject === 'h1:eth2')?.skip).toBe(
      'IPv6 is off because the MTU 1279 is below 1280: see hosts.link.mtu',
    )
  })
  test('hosts.link.mtu: lo is not judged; a link at exactly 1280 with IPv6 disabled is not either', () => {
    const off = withConf(b0, { eth1: { disable_ipv6: '1' } }) // as `sysctl -w net.ipv6.conf.eth1.disable_ipv6=1` leaves it
    expect(outcomes(mtu(view(host(), off)))).toEqual({
      'h1:p0': 'pass',
      'h1:eth0': 'pass',
      'h1:p1': 'pass',
      'h1:p2': 'fail',
      'h1:eth2': 'fail',
    })
  })
  test('hosts.link.mtu: an observation cut before its links is not judged, it is skipped saying why', () => {
    const cut = edited('full.netns-gaps-b0.txt', ({ 'ip-addr': _, ...rest }) => rest)
    expect(mtu(view(host(), cut))).toMatchObject([
      {
        subject: 'h1',
        skip: 'could not observe interfaces: section ip-addr: missing from the output (the observation was cut short?)',
      },
    ])
  })
  test('hosts.link.mtu: the lower of the link MTU and net.ipv6.conf.*.mtu counts; the remedy names both', () => {
    const h = host({ interfaces: { eth0: { ipv6: 'optional', addresses: [], mtu: 1450 } } })
    const v = mtu(view(h, withConf(b0, { eth0: { mtu: '1400' } }))).find((x) => x.subject === 'h1:eth0')
    expect(v).toMatchObject({
      ok: false,
      observed: 'link mtu 1500, net.ipv6.conf.eth0.mtu 1400',
      remedy: 'ip link set eth0 mtu 1500 and set net.ipv6.conf.eth0.mtu to at least 1450',
    })
    const h9 = host({ interfaces: { eth0: { ipv6: 'optional', addresses: [], mtu: 9000 } } })
    expect(mtu(view(h9, b0)).find((x) => x.subject === 'h1:eth0')?.remedy).toBe(
      'ip link set eth0 mtu 9000 and set net.ipv6.conf.eth0.mtu to at least 9000',
    )
  })
  // eth0's link MTU is 1500 (recorded); the targets file asks for 1499, 1500, 1501.
  test.for([
    [1499, 'pass'],
    [1500, 'pass'],
    [1501, 'fail'],
  ] as const)('hosts.link.mtu: eth0 at 1500 against an expected mtu %i: %s', ([want, outcome]) => {
    const h = host({ interfaces: { eth0: { ipv6: 'optional', addresses: [], mtu: want } } })
    const v = mtu(view(h, b0)).find((x) => x.subject === 'h1:eth0')
    expect(v?.ok ? 'pass' : 'fail').toBe(outcome)
    expect(v?.expected).toBe(`MTU ≥ ${want}`)
  })
})

describe('gai.conf precedence: IPv6 (::/0) must be strictly above IPv4 (::ffff:0:0/96)', () => {
  const table = (v6: number, v4: number): GaiRule[] =>
    [
      ['::1/128', 50],
      ['::/0', v6],
      ['::ffff:0:0/96', v4],
    ].map(([prefix, value], i) => ({ kind: 'precedence', prefix: String(prefix), value: Number(value), line: i + 1 }))
  /** The recorded b0 observation with its gai.conf precedence lines as given. */
  const withGai = (rules: GaiRule[]): HostFacts => ({ ...b0, gai: { ok: true, value: { present: true, rules } } })
  test.for([
    [40, 39, 'pass', undefined],
    [40, 40, 'fail', 'remove `precedence ::ffff:0:0/96 100` (IPv4 first) from /etc/gai.conf'],
    [40, 41, 'fail', 'remove `precedence ::ffff:0:0/96 100` (IPv4 first) from /etc/gai.conf'],
    [0, 0, 'fail', 'remove `precedence ::ffff:0:0/96 100` (IPv4 first) from /etc/gai.conf'],
    [1, 0, 'pass', undefined],
  ] as const)('::/0 %i, ::ffff:0:0/96 %i: %s', ([v6, v4, outcome, remedy]) => {
    expect(gaiPrecedences(table(v6, v4))).toEqual({ v6, v4, custom: true, missing: [] })
    const [v] = gaiPrecedence(view(host(), withGai(table(v6, v4))))
    expect(v?.ok ? 'pass' : 'fail').toBe(outcome)
    expect(v?.remedy).toBe(remedy)
  })
  test('IPv6 above IPv4 with ::1/128 missing still fails, with the full-table remedy', () => {
    const rules = table(40, 39).slice(1)
    const [v] = gaiPrecedence(view(host(), withGai(rules)))
    expect(v).toMatchObject({ ok: false, observed: 'custom table: IPv6 40, IPv4 39; missing ::1/128' })
    expect(v?.remedy).toMatch(/^any precedence line replaces the whole default table/)
  })
  // Longest prefix wins (RFC 6724 §2.1): a line more specific than ::/0 decides 2a00::1's precedence.
  test.for([
    ['::/1', 39, 39, 'fail'],
    ['8000::/1', 10, 40, 'pass'],
    ['2000::/3', 38, 38, 'fail'],
    ['2000::/3', 40, 40, 'pass'],
  ] as const)('a %s line at %i beside ::/0 40 and ::ffff:0:0/96 39: IPv6 %i, %s', ([prefix, value, v6, outcome]) => {
    const rules: GaiRule[] = [...table(40, 39), { kind: 'precedence', prefix, value, line: 4 }]
    expect(gaiPrecedences(rules)).toMatchObject({ v6, v4: 39 })
    expect(gaiPrecedence(view(host(), withGai(rules)))[0]?.ok).toBe(outcome === 'pass')
  })
})

// glibc's own order for a gai.conf (test/fixtures/observe/capture-gai-order.sh: getent ahosts of a
// name with 2a00::1 and 198.51.100.1, each file bind-mounted over /etc/gai.conf): the judge passes
// exactly when glibc put the IPv6 address first.
describe('gai.conf precedence as glibc applies it (recorded getent order)', () => {
  /** The recorded b0 observation with its gai section replaced by a recorded gai.conf. */
  const withGaiFile = (name: string): HostFacts =>
    edited('full.netns-gaps-b0.txt', (s) => ({ ...s, gai: fixture(name) }))
  const ipv6First = (name: string): boolean => {
    const m = /^# getent ahosts under glibc [\d.]+: (\S+) first$/m.exec(fixture(name))
    if (!m) throw new Error(`${name}: no recorded getent order`)
    return m[1] === '2a00::1'
  }
  test.for([
    ['gai.glibc.first-of-duplicates.txt', 'custom table: IPv6 40, IPv4 35'],
    ['gai.glibc.first-of-duplicates-swapped.txt', 'custom table: IPv6 30, IPv4 35'],
    ['gai.glibc.longest-before-last.txt', 'custom table: IPv6 45, IPv4 42'],
    ['gai.glibc.labels-only.txt', 'default table: IPv6 40, IPv4 10'],
    ['gai.glibc.ipv4-knob-alone.txt', 'custom table: IPv6 0, IPv4 100; missing ::1/128, ::/0'],
  ] as const)('%s: %s, as glibc ordered them', ([name, observed]) => {
    const [v] = gaiPrecedence(view(host(), withGaiFile(name)))
    expect(v?.observed).toBe(observed)
    expect(v?.ok).toBe(ipv6First(name))
  })
})
