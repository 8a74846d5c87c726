import { describe, expect, test } from 'vitest'
import { dad, forbidden, linkLocal, required } from '../../../lib/judge/addresses.ts'
import { host, outcomes, view } from './view.ts'

describe('hosts.addr.required', () => {
  test('addresses, prefixes and their state: dadfailed and deprecated are not usable', () => {
    const [v] = required(
      view(
        host({
          interfaces: {
            eth0: {
              ipv6: 'required',
              addresses: ['2001:db8:1::1/64', '2001:0DB8:1::dd', '2001:db8:1::de/64', '2001:db8:10::/64'],
            },
          },
        }),
      ),
    )
    expect(v?.ok).toBe(false)
    expect(v?.observed).toBe('2001:db8:1::dd/64 is dadfailed; 2001:db8:1::de/64 is deprecated')
    expect(v?.remedy).toContain('another node holds the address')
  })
  test('all present and usable passes; a missing address or prefix is named', () => {
    expect(
      required(
        view(host({ interfaces: { eth0: { ipv6: 'required', addresses: ['2001:db8:1::b', '2001:db8:10::/64'] } } })),
      )[0]?.ok,
    ).toBe(true)
    expect(
      required(
        view(
          host({ interfaces: { eth0: { ipv6: 'required', addresses: ['2001:db8:1::99/64', '2001:db8:55::/64'] } } }),
        ),
      )[0]?.observed,
    ).toBe('2001:db8:1::99/64 missing; an address in 2001:db8:55::/64 missing')
  })
  test('required with no address listed needs a usable global address: a tentative one is not', () => {
    expect(
      outcomes(
        required(
          view(
            host({
              interfaces: { eth1: { ipv6: 'required', addresses: [] }, eth9: { ipv6: 'required', addresses: [] } },
            }),
          ),
        ),
      ),
    ).toEqual({
      'h1:eth1': 'fail',
      'h1:eth9': 'fail',
    })
  })
})

describe('hosts.addr.forbidden', () => {
  test('a SLAAC address on an IPv4-only interface is a leak, and says it came from an RA', () => {
    const vs = forbidden(
      view(
        host({
          interfaces: { 'eth0.100': { ipv6: 'forbidden', addresses: [] }, eth2: { ipv6: 'forbidden', addresses: [] } },
        }),
      ),
    )
    expect(outcomes(vs)).toEqual({ 'h1:eth0.100': 'fail', 'h1:eth2': 'pass' })
    expect(vs[0]?.observed).toBe('2001:db8:10:0:2cc0:89ff:feca:ed32/64 (learned from an RA)')
  })
})

describe('hosts.addr.dad', () => {
  test('the address that failed DAD is named', () => {
    const vs = dad(view())
    expect(outcomes(vs)).toEqual({ 'h1:lo': 'pass', 'h1:eth0': 'fail', 'h1:eth1': 'pass', 'h1:eth0.100': 'pass' })
    expect(vs.find((v) => !v.ok)?.observed).toBe('dadfailed: 2001:db8:1::dd/64')
  })
})

describe('hosts.addr.link-local', () => {
  test('a link-local still tentative is not usable; loopback and IPv6-disabled interfaces are not judged', () => {
    expect(outcomes(linkLocal(view()))).toEqual({ 'h1:eth0': 'pass', 'h1:eth1': 'fail', 'h1:eth0.100': 'pass' })
  })
})
