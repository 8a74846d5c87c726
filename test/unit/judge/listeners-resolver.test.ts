import { describe, expect, test } from 'vitest'
import { acceptsIPv6, dualStack, reachable } from '../../../lib/judge/listeners.ts'
import { gaiPrecedence, gaiPrecedences, v6Nameserver } from '../../../lib/judge/resolver.ts'
import type { GaiRule } from '../../../lib/observe/facts.ts'
import { fixture } from '../observe/fixtures.ts'
import { edited, host, outcomes, root, view } from './view.ts'

describe('hosts.listeners.ipv6', () => {
  test('with listeners: auto, every port that is not loopback-only is judged; 0.0.0.0 only fails', () => {
    const vs = acceptsIPv6(view(host({ listeners: { auto: true, expected: [] } })))
    expect(outcomes(vs)).toEqual({
      'h1:8021': 'pass', // *:8021, v6only:0
      'h1:8022': 'pass', // [::]:8022, v6only:1
      'h1:8023': 'fail', // 0.0.0.0:8023
      'h1:8024': 'pass', // *%eth0:8024
      'h1:8025': 'pass', // [fe80::…]%eth0
      'h1:8026': 'pass', // [2001:db8:1::1]
      'h1:8029': 'fail', // 0.0.0.0%eth0.100
      'h1:8030': 'pass', // [::] v6only by bindv6only
    })
    const f = vs.find((v) => v.subject === 'h1:8023')!
    expect(f.observed).toBe('bound to 0.0.0.0 only (IPv4)')
    expect(f.remedy).toBe('bind `::` instead of 0.0.0.0')
  })
  test('::ffff:127.0.0.1 is IPv4 in IPv6 notation, never IPv6; an absent listener is named', () => {
    const vs = acceptsIPv6(
      view(host({ listeners: { auto: false, expected: [{ port: 8060, service: 'swift' }, { port: 9999 }] } })),
    )
    expect(vs.map((v) => v.observed)).toEqual([
      'bound to ::ffff:127.0.0.1, an IPv4 address in IPv6 notation',
      'nothing listens on TCP port 9999',
    ])
  })
  test('a listener with an address must be bound to it or to ::', () => {
    const vs = acceptsIPv6(
      view(
        host({
          listeners: {
            auto: false,
            expected: [
              { port: 8026, address: '2001:db8:1::1' },
              { port: 8026, address: '2001:db8:1::b' },
            ],
          },
        }),
      ),
    )
    expect(vs.map((v) => v.ok)).toEqual([false]) // the later entry for the same port wins
  })
})

describe('hosts.listeners.dual-stack', () => {
  test('a v6only [::] socket does not take IPv4; *:port (v6only:0) does', () => {
    const vs = dualStack(
      view(
        host({
          stack: 'dual-stack',
          listeners: { auto: false, expected: [{ port: 8021 }, { port: 8022 }, { port: 8023 }] },
        }),
      ),
    )
    expect(outcomes(vs)).toEqual({ 'h1:8021': 'pass', 'h1:8022': 'fail', 'h1:8023': 'fail' })
    expect(vs[1]?.remedy).toContain('v6only')
  })
  test('not judged on IPv6-only targets', () =>
    expect(dualStack(view(host({ listeners: { auto: true, expected: [] } })))).toEqual([]))
})

describe('hosts.listeners.reachable', () => {
  const h = host({ listeners: { auto: false, expected: [{ port: 22 }, { port: 80 }, { port: 443 }, { port: 5000 }] } })
  test('over IPv6 passes; a refused connect, an IPv4 socket, or no address to probe do not', () => {
    const vs = reachable(
      view(h, root, [
        { port: 22, address: '2001:db8::11', ok: true, family: 'IPv6', remoteAddress: '2001:db8::11', ms: 3 },
        { port: 80, address: '2001:db8::11', ok: false, error: 'ECONNREFUSED', ms: 1 },
        { port: 443, address: '2001:db8::11', ok: true, family: 'IPv4', ms: 2 },
      ]),
    )
    expect(outcomes(vs)).toEqual({ 'h1:22': 'pass', 'h1:80': 'fail', 'h1:443': 'fail', 'h1:5000': 'skip' })
    expect(vs[1]?.observed).toBe('ECONNREFUSED after 1 ms')
    expect(vs[2]?.observed).toBe('connected over IPv4, not IPv6')
    expect(vs[0]?.where).toEqual({ host: 'h1', address: '2001:db8::11', family: 'IPv6' })
  })
  test("the SSH connection standing for the port's probe says so", () => {
    const [v] = reachable(
      view(h, root, [
        {
          port: 22,
          address: '2001:db8::11',
          ok: true,
          family: 'IPv6',
          remoteAddress: '2001:db8::11',
          ms: 4,
          via: 'ssh',
        },
      ]),
    )
    expect(v?.ok).toBe(true)
    expect(v?.observed).toBe('connected over IPv6 to [2001:db8::11]:22 in 4 ms: the SSH connection of this observation')
  })
})

describe('hosts.resolver.v6-nameserver', () => {
  test('IPv6-only: an IPv6 nameserver passes, an IPv4-only resolv.conf fails', () => {
    expect(v6Nameserver(view())[0]?.ok).toBe(true)
    const [v] = v6Nameserver(view(host(), root))
    expect(v?.ok).toBe(false)
    expect(v?.observed).toBe('nameservers 10.255.255.53')
  })
  test('not judged on dual-stack targets', () => expect(v6Nameserver(view(host({ stack: 'dual-stack' })))).toEqual([]))
  test('the whole verdict: every nameserver named, in the order resolv.conf lists them', () =>
    expect(v6Nameserver(view())).toEqual([
      {
        check: 'hosts.resolver.v6-nameserver',
        subject: 'h1',
        ok: true,
        expected: 'an IPv6 nameserver in /etc/resolv.conf',
        observed: 'nameservers 2001:db8:1::53, fe80::1%eth0, 198.51.100.53',
        where: { host: 'h1' },
      },
    ]))
  // The recorded resolv.conf of the rich namespace with its nameserver lines taken out.
  test('a resolv.conf without a nameserver line fails, saying so', () => {
    const noNs = edited('full.netns-rich.txt', (s) => ({ ...s, resolv: s.resolv?.replace(/^nameserver .*\n/gm, '') }))
    expect(v6Nameserver(view(host(), noNs))).toEqual([
      {
        check: 'hosts.resolver.v6-nameserver',
        subject: 'h1',
        ok: false,
        expected: 'an IPv6 nameserver in /etc/resolv.conf',
        observed: 'no nameserver',
        remedy: 'add `nameserver <IPv6 address>` (or fix the RDNSS/DHCPv6 option that writes resolv.conf)',
        where: { host: 'h1' },
      },
    ])
  })
  test('a resolv.conf that could not be read is not judged (recorded: cat on a namespace without one)', () => {
    const absent = edited('full.netns-rich.txt', (s) => ({ ...s, resolv: fixture('resolv.netns-absent.txt') }))
    const [v] = v6Nameserver(view(host(), absent))
    expect(v?.skip).toBe(
      'could not observe resolv: section resolv: resolv.conf: not readable: "cat: /etc/resolv.conf: No such file or directory"',
    )
  })
})

describe('hosts.resolver.gai-precedence', () => {
  const rules = (lines: [string, number][]): GaiRule[] =>
    lines.map(([prefix, value], i) => ({ kind: 'precedence', prefix, value, line: i + 1 }))
  test('the recorded gai.conf puts IPv4 first and drops ::/0', () => {
    const [v] = gaiPrecedence(view())
    expect(v?.ok).toBe(false)
    expect(v?.observed).toBe('custom table: IPv6 0, IPv4 100; missing ::/0')
    expect(v?.expected).toBe('IPv6 (::/0) above IPv4 (::ffff:0:0/96), with a full precedence table')
    // every precedence line, one a line; the label and scopev4 lines are no evidence
    expect(v?.evidence).toBe('/etc/gai.conf:4: precedence ::ffff:0:0/96 100\n/etc/gai.conf:5: precedence ::1/128 50')
  })
  test("Debian's stock gai.conf (all comments) keeps glibc's defaults", () =>
    expect(gaiPrecedence(view(host(), root))).toEqual([
      {
        check: 'hosts.resolver.gai-precedence',
        subject: 'h1',
        ok: true,
        expected: 'IPv6 (::/0) above IPv4 (::ffff:0:0/96), with a full precedence table',
        observed: 'default table: IPv6 40, IPv4 10',
        where: { host: 'h1' },
      },
    ]))
  test('any precedence line replaces the whole table (gai.conf(5))', () => {
    expect(gaiPrecedences(rules([['2001:db8::/32', 45]]))).toEqual({
      v6: 0,
      v4: 0,
      custom: true,
      missing: ['::1/128', '::/0', '::ffff:0:0/96'],
    })
    const full = rules([
      ['::1/128', 50],
      ['::/0', 40],
      ['::ffff:0:0/96', 35],
      ['2002::/16', 30],
      ['2001::/32', 5],
      ['fc00::/7', 3],
      ['::/96', 1],
    ])
    expect(gaiPrecedences(full)).toEqual({ v6: 40, v4: 35, custom: true, missing: [] })
  })
})
