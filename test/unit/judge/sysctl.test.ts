import { describe, expect, test } from 'vitest'
import {
  acceptRa,
  acceptsRa,
  acceptsRedirects,
  disableIpv6,
  expectedSysctls,
  forwarding,
  redirects,
} from '../../../lib/judge/sysctl.ts'
import { mtu } from '../../../lib/judge/link.ts'
import { parseHostFacts } from '../../../lib/observe/parse/index.ts'
import { splitSections } from '../../../lib/observe/script.ts'
import type { ResolvedHost } from '../../../lib/targets/resolve.ts'
import { fixture } from '../observe/fixtures.ts'
import { host, outcomes, rich, view, withConf } from './view.ts'

const facts = (name: string) => parseHostFacts(splitSections(fixture(name), 'fixture1').sections)

describe('the kernel rules', () => {
  // ip-sysctl.rst: accept_ra 1 means "accept if forwarding is disabled", 2 "even if forwarding is enabled".
  test.for([
    [0, 0, false],
    [1, 0, true],
    [1, 1, false],
    [2, 0, true],
    [2, 1, true],
    [0, 1, false],
  ] as const)('accept_ra %i with forwarding %i accepts RAs: %s', ([ra, fwd, want]) =>
    expect(acceptsRa(ra, fwd)).toBe(want),
  )

  test.for([
    [1, 0, true],
    [1, 1, false],
    [0, 0, false],
  ] as const)('accept_redirects %i with forwarding %i honours redirects: %s', ([ar, fwd, want]) =>
    expect(acceptsRedirects(ar, fwd)).toBe(want),
  )
})

describe('hosts.sysctl.disable-ipv6', () => {
  test('read per interface: eth2 has disable_ipv6 = 1 while all says 0', () => {
    const vs = disableIpv6(view())
    expect(outcomes(vs)).toEqual({
      'h1:lo': 'pass',
      'h1:eth0': 'pass',
      'h1:eth1': 'pass',
      'h1:eth2': 'fail',
      'h1:eth0.100': 'pass',
    })
    const eth2 = vs.find((v) => v.subject === 'h1:eth2')!
    expect(eth2.observed).toBe('disable_ipv6 = 1')
    expect(eth2.remedy).toContain('sysctl -w net.ipv6.conf.eth2.disable_ipv6=0')
  })
  test("below 1280 the kernel drops the conf entry: skipped as the MTU check's finding, not failed twice", () => {
    // eth2 as the kernel leaves it after `ip link set eth2 mtu 1200`: no conf/eth2 directory.
    if (!rich.interfaces.ok || !rich.sysctls.ok) throw new Error('fixture')
    const { eth2: _, ...conf } = rich.sysctls.value.conf
    const facts = {
      ...rich,
      interfaces: {
        ok: true as const,
        value: rich.interfaces.value.map((i) => (i.name === 'eth2' ? { ...i, mtu: 1200 } : i)),
      },
      sysctls: { ok: true as const, value: { ...rich.sysctls.value, conf } },
    }
    const [v] = disableIpv6(view(host(), facts)).filter((x) => x.subject === 'h1:eth2')
    expect(v?.skip).toBe('IPv6 is off because the MTU 1200 is below 1280: see hosts.link.mtu')
    const [m] = mtu(view(host(), facts)).filter((x) => x.subject === 'h1:eth2')
    expect(m?.ok).toBe(false)
    // With the entry gone for another reason, it is still a failure here.
    const [other] = disableIpv6(view(host(), { ...facts, interfaces: rich.interfaces })).filter(
      (x) => x.subject === 'h1:eth2',
    )
    expect(other).toMatchObject({ ok: false, observed: 'no IPv6 conf entry for the interface' })
  })
  test('an interface marked forbidden may have IPv6 off', () => {
    expect(
      outcomes(disableIpv6(view(host({ interfaces: { eth2: { ipv6: 'forbidden', addresses: [] } } }))))['h1:eth2'],
    ).toBeUndefined()
  })
})

describe('hosts.sysctl.accept-ra', () => {
  test('judged where the interface lives on RAs: eth0 (accept_ra 1) and eth0.100 (accept_ra 2) do accept them', () => {
    expect(outcomes(acceptRa(view()))).toEqual({ 'h1:eth0': 'pass', 'h1:eth0.100': 'pass' })
  })
  test('forwarding 1 with accept_ra 1 ignores RAs, and the remedy is accept_ra 2', () => {
    const [v] = acceptRa(
      view(host({ interfaces: { eth1: { ipv6: 'required', addresses: [], accept_ra: true } } })),
    ).filter((x) => x.subject === 'h1:eth1')
    expect(v?.ok).toBe(false)
    expect(v?.observed).toBe('accept_ra = 1, forwarding = 1: RAs ignored')
    expect(v?.remedy).toContain('net.ipv6.conf.eth1.accept_ra=2')
  })
  test('an IPv4-only (forbidden) interface must ignore RAs; a VLAN remedy uses the / form', () => {
    const v = acceptRa(view(host({ interfaces: { 'eth0.100': { ipv6: 'forbidden', addresses: [] } } }))).find(
      (x) => x.subject === 'h1:eth0.100',
    )
    expect(v?.ok).toBe(false)
    expect(v?.remedy).toContain('net/ipv6/conf/eth0.100/accept_ra=0')
  })
})

describe('hosts.sysctl.forwarding', () => {
  // capture-hetero.sh: all.forwarding 1, eth2 back to forwarding 0 (host behaviour), accept_redirects 0 there.
  const mixed = facts('full.netns-mixed-forwarding.txt')
  const cmp = (over: Partial<ResolvedHost> = {}, f = mixed) =>
    view(host({ name: 'cmp', forwarding: true, roles: ['compute'], ...over }), f)

  test('a compute host with all.forwarding 1 and one interface in host behaviour forwards: one pass for the host, no finding for eth2', () => {
    const [v, ...more] = forwarding(cmp())
    expect(more).toEqual([])
    expect(v).toMatchObject({
      subject: 'cmp',
      ok: true,
      observed: 'all.forwarding = 1 (host behaviour on eth2: forwarding = 0 there)',
    })
    expect(v?.expected).toBe('all.forwarding = 1: the host forwards IPv6 packets (role compute)')
    expect(v?.evidence).toContain(
      'host behaviour (forwarding = 0) on eth2: RAs taken with accept_ra 1, redirects taken, no router flag in Neighbour Advertisements; judged by hosts.sysctl.accept-ra and hosts.sysctl.redirects',
    )
    // What eth2's forwarding 0 changes is judged where it matters, and the clean host passes there too.
    expect(outcomes(redirects(cmp()))).toEqual({ 'cmp:eth0': 'pass', 'cmp:eth1': 'pass', 'cmp:eth2': 'pass' })
    expect(outcomes(acceptRa(cmp()))).toEqual({ 'cmp:eth0': 'pass' })
  })

  test('all.forwarding 0 on a compute host fails once, and the remedy writes the switch that reads 0', () => {
    const [v, ...more] = forwarding(view(host({ forwarding: true, roles: ['compute'] })))
    expect(more).toEqual([])
    // The rich namespace: all.forwarding 0 while eth1 alone says forwarding 1 (router behaviour, no packet forwarded).
    expect(v).toMatchObject({
      subject: 'h1',
      ok: false,
      observed: 'all.forwarding = 0: the host forwards no IPv6 packet',
    })
    expect(v?.remedy).toMatch(
      /^sysctl -w net\.ipv6\.conf\.all\.forwarding=1 and persist it in \/etc\/sysctl\.d\/ \(it sets every interface's forwarding to 1 too/,
    )
  })

  test('a host that must not route: all.forwarding 1 fails; a per-interface forwarding 1 alone forwards nothing; force_forwarding does', () => {
    expect(forwarding(cmp({ forwarding: false, roles: ['controller'] }))[0]).toMatchObject({
      ok: false,
      observed: 'all.forwarding = 1: the host forwards IPv6 packets between its interfaces',
    })
    const r = forwarding(view(host({ forwarding: false })))[0]
    expect(r).toMatchObject({
      ok: true,
      observed: 'all.forwarding = 0 (router behaviour on eth1: forwarding = 1 there, no packet forwarded)',
    })
    // Linux 6.17's force_forwarding forwards what arrives on that interface whatever all says.
    const forced = forwarding(view(host({ forwarding: false }), withConf(rich, { eth2: { force_forwarding: '1' } })))[0]
    expect(forced).toMatchObject({
      ok: false,
      observed:
        'all.forwarding = 0, but force_forwarding = 1 on eth2: packets arriving there are forwarded (Linux 6.17+)',
    })
    expect(forced?.remedy).toBe('sysctl -w net.ipv6.conf.eth2.force_forwarding=0, and persist it in /etc/sysctl.d/')
  })

  test('not judged without an expectation', () => expect(forwarding(view())).toEqual([]))
})

describe('hosts.sysctl.redirects', () => {
  test('interfaces with a global address ignore redirects; forwarding ones ignore them anyway', () => {
    expect(outcomes(redirects(view()))).toEqual({ 'h1:eth0': 'fail', 'h1:eth1': 'pass', 'h1:eth0.100': 'fail' })
  })
})

describe('hosts.sysctl.expected', () => {
  test('dotted names with a VLAN, other trees, numbers compared as numbers, and missing keys', () => {
    const vs = expectedSysctls(
      view(
        host({
          sysctl: {
            'net.ipv6.conf.eth0.100.accept_ra': '2',
            'net.ipv4.ip_forward': '1',
            'net.ipv6.conf.eth1.forwarding': '01',
            'net.ipv6.conf.eth9.accept_ra': '0',
          },
        }),
      ),
    )
    expect(outcomes(vs)).toEqual({
      'h1:net.ipv6.conf.eth0.100.accept_ra': 'pass',
      'h1:net.ipv4.ip_forward': 'fail',
      'h1:net.ipv6.conf.eth1.forwarding': 'pass',
      'h1:net.ipv6.conf.eth9.accept_ra': 'fail',
    })
    expect(vs[1]?.observed).toBe('net.ipv4.ip_forward = 0')
    expect(vs[3]?.observed).toContain('no such sysctl')
  })
  test('a fact that was not observed skips the check and says why', () => {
    const vs = expectedSysctls(
      view(host({ sysctl: { 'net.ipv4.ip_forward': '1' } }), {
        ...rich,
        sysctls: { ok: false, error: 'section sysctl: missing' },
      }),
    )
    expect(vs).toHaveLength(1)
    expect(vs[0]?.skip).toBe('could not observe sysctls: section sysctl: missing')
  })
})
