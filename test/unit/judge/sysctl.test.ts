import { describe, expect, test } from 'vitest'
import { acceptRa, acceptsRa, acceptsRedirects, disableIpv6, expectedSysctls, forwarding, redirects } from '../../../lib/judge/sysctl.ts'
import { mtu } from '../../../lib/judge/link.ts'
import { host, outcomes, rich, view } from './view.ts'

describe('the kernel rules', () => {
  // ip-sysctl.rst: accept_ra 1 means "accept if forwarding is disabled", 2 "even if forwarding is enabled".
  test.for([
    [0, 0, false],
    [1, 0, true],
    [1, 1, false],
    [2, 0, true],
    [2, 1, true],
    [0, 1, false],
  ] as const)('accept_ra %i with forwarding %i accepts RAs: %s', ([ra, fwd, want]) => expect(acceptsRa(ra, fwd)).toBe(want))

  test.for([
    [1, 0, true],
    [1, 1, false],
    [0, 0, false],
  ] as const)('accept_redirects %i with forwarding %i honours redirects: %s', ([ar, fwd, want]) => expect(acceptsRedirects(ar, fwd)).toBe(want))
})

describe('hosts.sysctl.disable-ipv6', () => {
  test('read per interface: eth2 has disable_ipv6 = 1 while all says 0', () => {
    const vs = disableIpv6(view())
    expect(outcomes(vs)).toEqual({ 'h1:lo': 'pass', 'h1:eth0': 'pass', 'h1:eth1': 'pass', 'h1:eth2': 'fail', 'h1:eth0.100': 'pass' })
    const eth2 = vs.find((v) => v.subject === 'h1:eth2')!
    expect(eth2.observed).toBe('disable_ipv6 = 1')
    expect(eth2.remedy).toContain('sysctl -w net.ipv6.conf.eth2.disable_ipv6=0')
  })
  test('below 1280 the kernel drops the conf entry: skipped as the MTU check\'s finding, not failed twice', () => {
    // eth2 as the kernel leaves it after `ip link set eth2 mtu 1200`: no conf/eth2 directory.
    if (!rich.interfaces.ok || !rich.sysctls.ok) throw new Error('fixture')
    const { eth2: _, ...conf } = rich.sysctls.value.conf
    const facts = {
      ...rich,
      interfaces: { ok: true as const, value: rich.interfaces.value.map((i) => (i.name === 'eth2' ? { ...i, mtu: 1200 } : i)) },
      sysctls: { ok: true as const, value: { ...rich.sysctls.value, conf } },
    }
    const [v] = disableIpv6(view(host(), facts)).filter((x) => x.subject === 'h1:eth2')
    expect(v?.skip).toBe('IPv6 is off because the MTU 1200 is below 1280: see hosts.link.mtu')
    const [m] = mtu(view(host(), facts)).filter((x) => x.subject === 'h1:eth2')
    expect(m?.ok).toBe(false)
    // With the entry gone for another reason, it is still a failure here.
    const [other] = disableIpv6(view(host(), { ...facts, interfaces: rich.interfaces })).filter((x) => x.subject === 'h1:eth2')
    expect(other).toMatchObject({ ok: false, observed: 'no IPv6 conf entry for the interface' })
  })
  test('an interface marked forbidden may have IPv6 off', () => {
    expect(outcomes(disableIpv6(view(host({ interfaces: { eth2: { ipv6: 'forbidden', addresses: [] } } }))))['h1:eth2']).toBeUndefined()
  })
})

describe('hosts.sysctl.accept-ra', () => {
  test('judged where the interface lives on RAs: eth0 (accept_ra 1) and eth0.100 (accept_ra 2) do accept them', () => {
    expect(outcomes(acceptRa(view()))).toEqual({ 'h1:eth0': 'pass', 'h1:eth0.100': 'pass' })
  })
  test('forwarding 1 with accept_ra 1 ignores RAs, and the remedy is accept_ra 2', () => {
    const [v] = acceptRa(view(host({ interfaces: { eth1: { ipv6: 'required', addresses: [], accept_ra: true } } }))).filter((x) => x.subject === 'h1:eth1')
    expect(v?.ok).toBe(false)
    expect(v?.observed).toBe('accept_ra = 1, forwarding = 1: RAs ignored')
    expect(v?.remedy).toContain('net.ipv6.conf.eth1.accept_ra=2')
  })
  test('an IPv4-only (forbidden) interface must ignore RAs; a VLAN remedy uses the / form', () => {
    const v = acceptRa(view(host({ interfaces: { 'eth0.100': { ipv6: 'forbidden', addresses: [] } } }))).find((x) => x.subject === 'h1:eth0.100')
    expect(v?.ok).toBe(false)
    expect(v?.remedy).toContain('net/ipv6/conf/eth0.100/accept_ra=0')
  })
})

describe('hosts.sysctl.forwarding', () => {
  test('a compute host must forward on every IPv6 interface', () => {
    expect(outcomes(forwarding(view(host({ forwarding: true, roles: ['compute'] }))))).toEqual({ 'h1:eth0': 'fail', 'h1:eth1': 'pass', 'h1:eth0.100': 'fail' })
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
    const vs = expectedSysctls(view(host({ sysctl: { 'net.ipv4.ip_forward': '1' } }), { ...rich, sysctls: { ok: false, error: 'section sysctl: missing' } }))
    expect(vs).toHaveLength(1)
    expect(vs[0]?.skip).toBe('could not observe sysctls: section sysctl: missing')
  })
})
