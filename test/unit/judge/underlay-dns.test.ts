import { describe, expect, test } from 'vitest'
import { ptrName } from '../../../lib/dns/ptr.ts'
import { aaaa, aaaaScope, consistent, noOrphanA, resolverV6, reverse } from '../../../lib/judge/underlay-dns.ts'
import {
  answer,
  CTL,
  failure,
  nodata,
  nxdomain,
  outcomes,
  R1,
  R2,
  refused,
  tcpFailed,
  view,
  viaCname,
  wellFormed,
  type ViewParts,
} from './underlay-view.ts'

const KS = 'keystone.lab.test'
const CMP = 'cmp.lab.test'
const two = { resolvers: [R1, R2] }
const on2 = { server: R2 }

describe('underlay.dns.aaaa', () => {
  test('an AAAA at every resolver passes, a CNAME followed; evidence is one line per resolver', () => {
    const [v] = wellFormed(
      aaaa(
        view({
          ...two,
          names: [KS],
          dns: [answer(KS, 'AAAA', [CTL]), viaCname(KS, 'AAAA', 'ctl.lab.test', [CTL], on2)],
        }),
      ),
    )
    expect(v).toMatchObject({
      check: 'underlay.dns.aaaa',
      subject: KS,
      ok: true,
      expected: 'an AAAA that is not IPv4-mapped, at every resolver (2)',
    })
    expect(v?.observed).toBe(`${R1}: AAAA ${CTL}; ${R2}: AAAA ${CTL}`)
    expect(v?.evidence).toBe(
      `${R1} udp NOERROR aa: AAAA ${CTL} (ttl 600)\n${R2} udp NOERROR aa: CNAME ctl.lab.test (ttl 600), AAAA ${CTL} (ttl 600)`,
    )
  })

  test('a big RRset is summed up in the one-line observation and listed whole in the evidence', () => {
    const big = Array.from({ length: 64 }, (_, i) => `2001:db8:0:1::1:${i.toString(16)}`)
    const [v] = wellFormed(
      aaaa(
        view({
          ...two,
          names: [KS],
          dns: [answer(KS, 'AAAA', big, { tc: true, transport: 'tcp' }), tcpFailed(KS, 'AAAA', [], on2)],
        }),
      ),
    )
    expect(v?.ok).toBe(false)
    expect(v?.observed).toContain(
      `AAAA 2001:db8:0:1::1:0, 2001:db8:0:1::1:1, 2001:db8:0:1::1:2, 2001:db8:0:1::1:3 and 60 more (64); ${R2}: tcp-failed`,
    )
    expect(v?.evidence).toContain('2001:db8:0:1::1:3f (ttl 600)')
    expect(v?.remedy).toContain(`make ${R2} answer over IPv6, over TCP too: the answer is too big for UDP`)
  })

  test('names are matched case-insensitively, without the trailing dot', () => {
    const vs = aaaa(view({ names: [KS], dns: [answer('Keystone.LAB.test.', 'AAAA', [CTL])] }))
    expect(outcomes(vs)).toEqual({ [KS]: 'pass' })
  })

  test('a mapped AAAA beside a real one: the real one is enough', () => {
    const vs = aaaa(view({ names: [KS], dns: [answer(KS, 'AAAA', ['::ffff:198.51.100.11', CTL])] }))
    expect(outcomes(vs)).toEqual({ [KS]: 'pass' })
  })

  test.for([
    ['NXDOMAIN', nxdomain(KS, 'AAAA'), 'NXDOMAIN', 'add an AAAA record for keystone.lab.test'],
    ['NODATA', nodata(KS, 'AAAA'), 'NODATA (NOERROR, no AAAA)', 'add an AAAA record for keystone.lab.test'],
    [
      'only mapped',
      answer(KS, 'AAAA', ['::ffff:198.51.100.11']),
      'only IPv4-mapped: ::ffff:198.51.100.11 is IPv4 in disguise',
      "replace the ::ffff: AAAA with the host's real IPv6 address",
    ],
    [
      'a timeout',
      failure(KS, 'AAAA', 'timeout'),
      'timeout: no reply before the deadline',
      `make ${R1} answer over IPv6 (see underlay.dns.resolver-v6)`,
    ],
    [
      'TC then a failed TCP retry',
      tcpFailed(KS, 'AAAA', [CTL]),
      'tcp-failed: UDP reply truncated (TC), TCP retry failed: timeout: no reply before the deadline',
      'underlay.dns.resolver-v6',
    ],
    ['REFUSED', refused(KS, 'AAAA'), 'REFUSED', 'underlay.dns.resolver-v6'],
  ] as const)('%s at the one resolver fails', ([, r, why, remedy]) => {
    const [v] = wellFormed(aaaa(view({ names: [KS], dns: [r] })))
    expect(v).toMatchObject({ ok: false, subject: KS, observed: `${R1}: ${why}` })
    expect(v?.remedy).toContain(remedy)
  })

  test('one resolver of two without the record: each resolver is named, and the remedy says every resolver', () => {
    const [v] = wellFormed(
      aaaa(view({ ...two, names: [KS], dns: [answer(KS, 'AAAA', [CTL]), nxdomain(KS, 'AAAA', on2)] })),
    )
    expect(v?.observed).toBe(`${R1}: AAAA ${CTL}; ${R2}: NXDOMAIN`)
    expect(v?.remedy).toContain('on every resolver that serves the zone')
    expect(v?.evidence).toBe(`${R1} udp NOERROR aa: AAAA ${CTL} (ttl 600)\n${R2} udp NXDOMAIN aa: no records`)
  })

  test('a resolver that was never asked is not an answer', () => {
    const [v] = wellFormed(aaaa(view({ ...two, names: [KS], dns: [answer(KS, 'AAAA', [CTL])] })))
    expect(v?.observed).toBe(`${R1}: AAAA ${CTL}; ${R2}: not asked`)
    expect(v?.evidence).toBe(`${R1} udp NOERROR aa: AAAA ${CTL} (ttl 600)\n${R2} not asked`)
  })

  test('a CNAME loop is no AAAA', () => {
    const loop = answer(KS, 'AAAA', [], {
      answers: [
        { name: KS, type: 'CNAME', ttl: 60, data: 'a.lab.test' },
        { name: 'a.lab.test', type: 'CNAME', ttl: 60, data: KS },
      ],
    })
    expect(aaaa(view({ names: [KS], dns: [loop] }))[0]?.observed).toBe(`${R1}: NOERROR, but CNAME loop at ${KS}`)
  })

  test('one verdict per name: each name on its own', () => {
    const vs = aaaa(view({ names: [KS, CMP], dns: [answer(KS, 'AAAA', [CTL]), nxdomain(CMP, 'AAAA')] }))
    expect(outcomes(vs)).toEqual({ [KS]: 'pass', [CMP]: 'fail' })
  })
})

describe('every dns check without resolvers or names', () => {
  const checks = { aaaa, noOrphanA, aaaaScope, consistent, reverse }
  const reverseOn = { target: { dns: { resolvers: [], names: [KS], reverse: true } } }
  test.for(Object.entries(checks))('%s: no dns.resolvers, a skip per name naming the cause', ([, judge]) => {
    const vs = judge(view({ ...reverseOn, resolvers: [], names: [KS, CMP] }))
    expect(vs.map((v) => [v.subject, v.skip])).toEqual([
      [KS, 'no dns.resolvers in the targets file'],
      [CMP, 'no dns.resolvers in the targets file'],
    ])
  })
  test.for(Object.entries({ ...checks, resolverV6 }))('%s: no names, no verdicts', ([, judge]) => {
    expect(judge(view({ ...reverseOn, resolvers: [] }))).toEqual([])
  })
})

describe('underlay.dns.no-orphan-a', () => {
  const ipv6Only: ViewParts = { names: [KS] }
  const dual = (p: ViewParts): ViewParts => ({ names: [CMP], target: { stack: 'dual-stack' }, ...p })

  test('IPv6-only: no A record passes, NXDOMAIN or NODATA', () => {
    expect(outcomes(noOrphanA(view({ ...ipv6Only, dns: [nodata(KS, 'A')] })))).toEqual({ [KS]: 'pass' })
    expect(outcomes(noOrphanA(view({ ...ipv6Only, dns: [nxdomain(KS, 'A')] })))).toEqual({ [KS]: 'pass' })
  })

  test('IPv6-only: any A record fails, with the seed-004 reason', () => {
    const [v] = wellFormed(noOrphanA(view({ ...ipv6Only, dns: [answer(KS, 'A', ['198.51.100.11'])] })))
    expect(v).toMatchObject({
      ok: false,
      expected: 'no A record (the target is IPv6-only)',
      observed: 'A 198.51.100.11',
      evidence: `${R1} udp NOERROR aa: A 198.51.100.11 (ttl 600)`,
    })
    expect(v?.remedy).toContain('delete the A record for keystone.lab.test (198.51.100.11)')
    expect(v?.remedy).toContain('RabbitMQ')
  })

  test('dual-stack: A records held by hosts pass; an orphan is named, from any resolver', () => {
    const dns = [answer(CMP, 'A', ['198.51.100.21']), answer(CMP, 'A', ['198.51.100.21', '198.51.100.99'], on2)]
    const held = noOrphanA(
      view(
        dual({ ...two, dns: dns.slice(0, 1), hostsKnown: true, hostAddresses: ['198.51.100.21', '2001:db8:0:1::21'] }),
      ),
    )
    expect(held[0]).toMatchObject({ ok: true, observed: 'A 198.51.100.21, each held by a host of the target' })
    const [v] = wellFormed(
      noOrphanA(view(dual({ ...two, dns, hostsKnown: true, hostAddresses: ['198.51.100.21', '2001:db8:0:1::21'] }))),
    )
    expect(v).toMatchObject({ ok: false, subject: CMP, observed: '198.51.100.99 is held by no host of the target' })
    expect(v?.remedy).toContain(
      'delete the stale A record (198.51.100.99) for cmp.lab.test, or point it at the host that serves cmp.lab.test',
    )
  })

  test('dual-stack without observed hosts: A records cannot be matched, so skip; no A record still passes', () => {
    const [s] = noOrphanA(view(dual({ dns: [answer(CMP, 'A', ['198.51.100.21'])] })))
    expect(s?.skip).toBe('no host of the target was observed, so A records cannot be matched to hosts')
    expect(outcomes(noOrphanA(view(dual({ dns: [nodata(CMP, 'A')] }))))).toEqual({ [CMP]: 'pass' })
  })

  test('no resolver answered the A query: skip, pointing to resolver-v6', () => {
    const [v] = noOrphanA(view({ ...ipv6Only, ...two, dns: [failure(KS, 'A', 'timeout'), refused(KS, 'A', on2)] }))
    expect(v?.skip).toBe('no resolver answered the A query for keystone.lab.test, see underlay.dns.resolver-v6')
  })
})

describe('underlay.dns.aaaa-scope', () => {
  test("inside the target's prefixes, or global unicast: pass", () => {
    const [v] = aaaaScope(view({ names: [KS], dns: [answer(KS, 'AAAA', [CTL, '2a00:1450:4001:80b::200e'])] }))
    expect(v).toMatchObject({
      ok: true,
      observed: `${CTL} (in 2001:db8::/32), 2a00:1450:4001:80b::200e`,
      expected: 'global unicast, or inside 2001:db8::/32',
    })
  })

  test.for([
    ['fe80::1', 'link-local (valid on one link only, and no DNS answer carries the zone)'],
    ['::ffff:198.51.100.11', 'IPv4-mapped (IPv4 in disguise)'],
    ['2002:c633:640b::1', '6to4 (2002::/16, ranked below IPv4 by RFC 6724)'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'Teredo (2001::/32, ranked below IPv4 by RFC 6724)'],
    ['fd12:3456:789a::11', 'unique local (fc00::/7, RFC 4193)'],
    ['2001:db8:0:1::11', 'documentation space (RFC 3849, RFC 9637)'],
    ['::1', 'loopback'],
    ['ff02::1', 'multicast'],
  ] as const)('%s outside the prefixes fails as %s', ([addr, cls]) => {
    const [v] = wellFormed(
      aaaaScope(view({ target: { prefixes: [] }, names: [KS], dns: [answer(KS, 'AAAA', [addr])] })),
    )
    expect(v).toMatchObject({ ok: false, expected: 'global unicast', observed: `${addr} is ${cls}` })
    expect(v?.remedy).toContain('`prefixes`')
  })

  test('every address from every resolver is judged, each once', () => {
    const [v] = aaaaScope(
      view({
        ...two,
        names: [KS],
        dns: [answer(KS, 'AAAA', [CTL]), answer(KS, 'AAAA', ['fe80::11', '2001:db8:0:1:0:0:0:11'], on2)],
      }),
    )
    expect(v?.observed).toBe('fe80::11 is link-local (valid on one link only, and no DNS answer carries the zone)')
  })

  test('no AAAA at all: skip, pointing to underlay.dns.aaaa', () => {
    expect(aaaaScope(view({ names: [KS], dns: [nxdomain(KS, 'AAAA')] }))[0]?.skip).toBe(
      'no AAAA record for keystone.lab.test, see underlay.dns.aaaa',
    )
  })
})

describe('underlay.dns.resolver-v6', () => {
  const tcpAnswer = (over = {}) => answer(KS, 'AAAA', [CTL], { transport: 'tcp', ...over })

  test('UDP and TCP answer: pass, where names the resolver and the IPv6 socket', () => {
    const [v] = resolverV6(
      view({ names: [KS], dns: [answer(KS, 'AAAA', [CTL]), nxdomain(KS, 'A')], tcpOnly: [tcpAnswer()] }),
    )
    expect(v).toMatchObject({
      check: 'underlay.dns.resolver-v6',
      subject: R1,
      ok: true,
      observed: 'UDP: answers; TCP: answers',
      where: { address: '2001:db8:0:1::53', family: 'IPv6' },
    })
    expect(v?.evidence).toBe(
      [
        `TCP only: ${R1} ${KS} AAAA tcp NOERROR aa: AAAA ${CTL} (ttl 600)`,
        `${R1} ${KS} AAAA udp NOERROR aa: AAAA ${CTL} (ttl 600)`,
        `${R1} ${KS} A udp NXDOMAIN aa: no records`,
      ].join('\n'),
    )
  })

  test('a truncated UDP answer carried by TCP, or one whose TCP retry failed, still shows UDP works', () => {
    const tc = answer(KS, 'AAAA', [CTL], { tc: true, transport: 'tcp' })
    expect(resolverV6(view({ names: [KS], dns: [tc], tcpOnly: [tcpAnswer()] }))[0]?.ok).toBe(true)
    const [v] = wellFormed(
      resolverV6(
        view({
          names: [KS],
          dns: [tcpFailed(KS, 'AAAA', [CTL])],
          tcpOnly: [failure(KS, 'AAAA', 'timeout', { transport: 'tcp' })],
        }),
      ),
    )
    expect(v).toMatchObject({
      ok: false,
      observed: 'UDP: answers; TCP: timeout: no reply before the deadline (1 query)',
    })
    expect(v?.remedy).toBe(
      'open TCP 53 on 2001:db8:0:1::53 (ip6tables -I INPUT -p tcp --dport 53 -j ACCEPT): RFC 7766 makes DNS over TCP mandatory, and large answers (big RRsets, DNSSEC) need it',
    )
  })

  test('UDP silent, TCP fine: fail on UDP, family still IPv6', () => {
    const [v] = wellFormed(
      resolverV6(
        view({
          names: [KS],
          dns: [failure(KS, 'AAAA', 'timeout'), failure(KS, 'A', 'timeout')],
          tcpOnly: [tcpAnswer()],
        }),
      ),
    )
    expect(v).toMatchObject({
      ok: false,
      observed: 'UDP: timeout: no reply before the deadline (2 queries); TCP: answers',
      where: { address: '2001:db8:0:1::53', family: 'IPv6' },
    })
    expect(v?.remedy).toContain('make the resolver listen on 2001:db8:0:1::53 port 53 over UDP')
    expect(v?.remedy).not.toContain('TCP 53')
  })

  test('nothing answered at all: no family, both remedies', () => {
    const [v] = wellFormed(
      resolverV6(
        view({
          names: [KS],
          dns: [failure(KS, 'AAAA', 'unreachable')],
          tcpOnly: [failure(KS, 'AAAA', 'unreachable', { transport: 'tcp' })],
        }),
      ),
    )
    expect(v?.where).toEqual({ address: '2001:db8:0:1::53' })
    expect(v?.remedy).toMatch(/UDP.*TCP 53/)
  })

  test('an observation without the TCP-only query: TCP not asked, and no firewall advice', () => {
    const [v] = wellFormed(resolverV6(view({ names: [KS], dns: [answer(KS, 'AAAA', [CTL])] })))
    expect(v).toMatchObject({
      ok: false,
      observed: 'UDP: answers; TCP: not asked',
      remedy: 'observe again: this observation has no TCP-only query for the resolver',
    })
  })

  test('REFUSED to everything: the ACL leaves the runner out', () => {
    const [v] = wellFormed(
      resolverV6(
        view({
          names: [KS],
          dns: [refused(KS, 'AAAA'), refused(KS, 'A')],
          tcpOnly: [refused(KS, 'AAAA', { transport: 'tcp' })],
        }),
      ),
    )
    expect(v).toMatchObject({
      ok: false,
      observed: 'refused our queries: UDP: REFUSED (2 queries); TCP: REFUSED (1 query)',
    })
    expect(v?.remedy).toContain('allow-query')
  })

  test('each resolver on its own; one that was asked nothing is skipped', () => {
    const vs = resolverV6(view({ ...two, names: [KS], dns: [answer(KS, 'AAAA', [CTL])], tcpOnly: [tcpAnswer()] }))
    expect(outcomes(vs)).toEqual({ [R1]: 'pass', [R2]: 'skip' })
    expect(vs[1]?.skip).toBe('no name to ask')
  })

  test('evidence is bounded: a thousand names show twelve lines and a count', () => {
    const dns = Array.from({ length: 1000 }, (_, i) => answer(`h${i}.lab.test`, 'AAAA', [CTL]))
    const ev = resolverV6(view({ names: [KS], dns, tcpOnly: [tcpAnswer()] }))[0]?.evidence?.split('\n') ?? []
    expect(ev).toHaveLength(14)
    expect(ev.at(-1)).toBe('… and 988 more')
  })
})

describe('underlay.dns.consistent', () => {
  test('one resolver: nothing to compare', () => {
    expect(consistent(view({ names: [KS], dns: [answer(KS, 'AAAA', [CTL])] }))[0]).toMatchObject({
      ok: true,
      observed: 'one resolver',
    })
  })

  test('the same set in another order and another text form: pass', () => {
    const [v] = consistent(
      view({
        ...two,
        names: [KS],
        dns: [
          answer(KS, 'AAAA', [CTL, '2001:db8:0:1::12']),
          answer(KS, 'AAAA', ['2001:db8:0:1::12', '2001:db8:0:1:0:0:0:11'], on2),
        ],
      }),
    )
    expect(v).toMatchObject({
      ok: true,
      observed: `${R1} {${CTL}, 2001:db8:0:1::12}, ${R2} {${CTL}, 2001:db8:0:1::12}`,
    })
  })

  test('a stale secondary: each set, and what one has that the other lacks', () => {
    const [v] = wellFormed(
      consistent(
        view({ ...two, names: [KS], dns: [answer(KS, 'AAAA', [CTL]), answer(KS, 'AAAA', ['2001:db8:0:1::99'], on2)] }),
      ),
    )
    expect(v?.observed).toBe(
      `${R1} {${CTL}}, ${R2} {2001:db8:0:1::99}: ${R2} lacks ${CTL}, which ${R1} has; ${R2} has 2001:db8:0:1::99, which ${R1} lacks`,
    )
    expect(v?.remedy).toContain('SOA serial')
  })

  test('NXDOMAIN is the empty set', () => {
    const [v] = consistent(view({ ...two, names: [KS], dns: [answer(KS, 'AAAA', [CTL]), nxdomain(KS, 'AAAA', on2)] }))
    expect(v?.observed).toBe(`${R1} {${CTL}}, ${R2} {}: ${R2} lacks ${CTL}, which ${R1} has`)
    expect(consistent(view({ ...two, names: [KS], dns: [nxdomain(KS, 'AAAA'), nodata(KS, 'AAAA', on2)] }))[0]?.ok).toBe(
      true,
    )
  })

  test('fewer than two answers: skip, pointing to resolver-v6 and aaaa', () => {
    const [v] = consistent(
      view({ ...two, names: [KS], dns: [answer(KS, 'AAAA', [CTL]), failure(KS, 'AAAA', 'timeout', on2)] }),
    )
    expect(v?.skip).toBe(
      'fewer than two resolvers answered the AAAA query for keystone.lab.test, see underlay.dns.resolver-v6 and underlay.dns.aaaa',
    )
  })
})

describe('underlay.dns.reverse', () => {
  const on = { target: { dns: { resolvers: [R1], names: [KS], reverse: true } } }
  const PTR = ptrName(CTL) ?? ''

  test('only when dns.reverse is true', () => {
    expect(reverse(view({ names: [KS], dns: [answer(KS, 'AAAA', [CTL]), answer(PTR, 'PTR', [KS])] }))).toEqual([])
  })

  test('PTR to a name whose AAAA holds the address: pass', () => {
    const [v] = reverse(
      view({
        ...on,
        names: [KS],
        dns: [answer(KS, 'AAAA', [CTL]), answer(PTR, 'PTR', ['ctl.lab.test']), answer('ctl.lab.test', 'AAAA', [CTL])],
      }),
    )
    expect(v).toMatchObject({ ok: true, subject: KS, observed: `${CTL} → PTR ctl.lab.test → AAAA ${CTL}` })
    expect(v?.evidence).toBe(
      `${R1} ${PTR} PTR udp NOERROR aa: PTR ctl.lab.test (ttl 600)\n${R1} ctl.lab.test AAAA udp NOERROR aa: AAAA ${CTL} (ttl 600)`,
    )
  })

  test('several PTR records: any one that leads back is enough', () => {
    const [v] = reverse(
      view({
        ...on,
        names: [KS],
        dns: [answer(KS, 'AAAA', [CTL]), answer(PTR, 'PTR', ['old.lab.test', KS]), nxdomain('old.lab.test', 'AAAA')],
      }),
    )
    expect(v).toMatchObject({ ok: true, observed: `${CTL} → PTR ${KS} → AAAA ${CTL}` })
  })

  test('no PTR: NXDOMAIN at every resolver; the remedy names the ip6.arpa record', () => {
    const [v] = wellFormed(
      reverse(
        view({
          ...on,
          ...two,
          names: [KS],
          dns: [answer(KS, 'AAAA', [CTL]), nxdomain(PTR, 'PTR'), nxdomain(PTR, 'PTR', on2)],
        }),
      ),
    )
    expect(v).toMatchObject({ ok: false, observed: `${CTL}: no PTR (NXDOMAIN at every resolver)` })
    expect(v?.remedy).toContain(`${PTR}. IN PTR ${KS}.`)
    expect(v?.remedy).toContain('RFC 1912 §2.1')
  })

  test('no PTR for other reasons: each resolver says why', () => {
    const [v] = reverse(
      view({
        ...on,
        ...two,
        names: [KS],
        dns: [answer(KS, 'AAAA', [CTL]), nodata(PTR, 'PTR'), failure(PTR, 'PTR', 'timeout', on2)],
      }),
    )
    expect(v?.observed).toBe(
      `${CTL}: no PTR (${R1}: NODATA (NOERROR, no PTR); ${R2}: timeout: no reply before the deadline)`,
    )
  })

  test('a PTR whose name resolves elsewhere, or not at all', () => {
    const other = reverse(
      view({
        ...on,
        names: [KS],
        dns: [
          answer(KS, 'AAAA', [CTL]),
          answer(PTR, 'PTR', ['old.lab.test']),
          answer('old.lab.test', 'AAAA', ['2001:db8:0:1::5']),
        ],
      }),
    )
    expect(wellFormed(other)[0]?.observed).toBe(`${CTL}: PTR old.lab.test whose AAAA is {2001:db8:0:1::5}, not ${CTL}`)
    const none = reverse(
      view({ ...on, names: [KS], dns: [answer(KS, 'AAAA', [CTL]), answer(PTR, 'PTR', ['old.lab.test'])] }),
    )
    expect(none[0]?.observed).toBe(`${CTL}: no AAAA answer for PTR target old.lab.test`)
  })

  test('every dialable AAAA must confirm; mapped ones are not judged', () => {
    const b = '2001:db8:0:1::12'
    const dns = [
      answer(KS, 'AAAA', [CTL, b, '::ffff:198.51.100.11']),
      answer(PTR, 'PTR', [KS]),
      nxdomain(ptrName(b) ?? '', 'PTR'),
    ]
    const [v] = reverse(view({ ...on, names: [KS], dns }))
    expect(v).toMatchObject({ ok: false, observed: `${b}: no PTR (NXDOMAIN at every resolver)` })
  })

  test('two addresses that lead back to the name itself: each answer once in the evidence', () => {
    const b = '2001:db8:0:1::12'
    const pb = ptrName(b) ?? ''
    const [v] = reverse(
      view({
        ...on,
        names: [KS],
        dns: [answer(KS, 'AAAA', [CTL, b]), answer(PTR, 'PTR', [KS]), answer(pb, 'PTR', [KS])],
      }),
    )
    expect(v).toMatchObject({ ok: true, observed: `${CTL} → PTR ${KS} → AAAA ${CTL}; ${b} → PTR ${KS} → AAAA ${b}` })
    expect(v?.evidence?.split('\n')).toEqual([
      `${R1} ${PTR} PTR udp NOERROR aa: PTR ${KS} (ttl 600)`,
      `${R1} ${KS} AAAA udp NOERROR aa: AAAA ${CTL} (ttl 600), AAAA ${b} (ttl 600)`,
      `${R1} ${pb} PTR udp NOERROR aa: PTR ${KS} (ttl 600)`,
    ])
  })

  test('no dialable AAAA: skip, pointing to underlay.dns.aaaa', () => {
    const [v] = reverse(view({ ...on, names: [KS], dns: [answer(KS, 'AAAA', ['::ffff:198.51.100.11'])] }))
    expect(v?.skip).toBe('no dialable AAAA for keystone.lab.test, see underlay.dns.aaaa')
  })
})

describe('in a shard (--shard i/n): the checks that read every shard are left to merge-reports', () => {
  const dns = [answer(CMP, 'A', ['198.51.100.21']), answer(CMP, 'AAAA', [CTL])]
  const parts = { ...two, names: [CMP], dns, hostsKnown: true, hostAddresses: ['2001:db8:0:1::21'] }
  const JOINED = 'judged by merge-reports once the shards are joined: it reads'
  const dual = (p: ViewParts): ViewParts => ({ target: { stack: 'dual-stack' }, ...p })

  test("no-orphan-a: an A record is skipped when its host may be another shard's; the same view unsharded fails it", () => {
    expect(noOrphanA(view(dual(parts)))[0]).toMatchObject({ ok: false, subject: CMP })
    const [s] = noOrphanA({ ...view(dual(parts)), shard: { index: 2, count: 4 } })
    expect(s?.skip).toBe(`${JOINED} every host's addresses, and shard 2/4 observed only its share`)
    // One way is the whole target: judged at once.
    expect(noOrphanA({ ...view(dual(parts)), shard: { index: 1, count: 1 } })[0]).toMatchObject({ ok: false })
  })

  test('resolver-v6: the resolvers are subjects of shard 1 alone, which skips them for merge-reports', () => {
    expect(resolverV6({ ...view(parts), shard: { index: 2, count: 4 } })).toEqual([])
    const skips = resolverV6({ ...view(parts), shard: { index: 1, count: 4 } })
    expect(skips.map((v) => [v.subject, v.skip])).toEqual([
      [R1, `${JOINED} every checked name's answers, and shard 1/4 observed only its share`],
      [R2, `${JOINED} every checked name's answers, and shard 1/4 observed only its share`],
    ])
  })
})
