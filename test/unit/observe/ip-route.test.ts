import { describe, expect, it } from 'vitest'
import type { Route } from '../../../lib/observe/facts.ts'
import { parseIpRoute } from '../../../lib/observe/parse/ip-route.ts'
import { fixture } from './fixtures.ts'

describe('parseIpRoute on the rich namespace (ip -j -6 route show)', () => {
  const routes = parseIpRoute(fixture('ip-route.netns-rich.json')).value
  const find = (f: (r: Route) => boolean) => routes.filter(f)

  it('default routes via link-local gateways: from the RA and a static one', () => {
    const defaults = find((r) => r.dst === 'default')
    expect(defaults.map((r) => `${r.dev} ${r.protocol} ${r.metric}`)).toEqual([
      'eth0 ra 1024',
      'eth0.100 ra 1024',
      'eth0.100 static 2048',
    ])
    for (const r of defaults) expect(r.gateway).toMatch(/^fe80::/)
    expect(defaults[2]).toEqual({
      dst: 'default',
      gateway: 'fe80::1',
      dev: 'eth0.100',
      protocol: 'static',
      metric: 2048,
      type: 'unicast',
      flags: [],
    })
  })

  it('ECMP: one route, two next hops, no gateway of its own', () => {
    const [ecmp] = find((r) => r.dst === '2001:db8:99::/48')
    expect(ecmp).toEqual({
      dst: '2001:db8:99::/48',
      protocol: 'static',
      metric: 1024,
      type: 'unicast',
      flags: [],
      nexthops: [
        { gateway: 'fe80::2', dev: 'eth0' },
        { gateway: 'fe80::3', dev: 'eth0.100' },
      ],
    })
  })

  it('absent keys: protocol is boot (ip route add), type is unicast', () => {
    expect(find((r) => r.dst === '2001:db8:dead::/48')[0]).toMatchObject({
      type: 'unreachable',
      dev: 'lo',
      protocol: 'boot',
      metric: 1024,
    })
    expect(find((r) => r.dst === '2001:db8:3::/64')[0]).toMatchObject({
      gateway: '2001:db8:1::2',
      protocol: 'boot',
      metric: 100,
      type: 'unicast',
    })
  })

  it('a host route gets /128; flags are kept', () => {
    expect(find((r) => r.dst === '2001:db8:4::1/128')[0]).toMatchObject({
      gateway: '2001:db8:ff::1',
      flags: ['onlink'],
    })
  })

  it('RA routes (Route Information Option) and kernel prefix routes', () => {
    expect(find((r) => r.dst === '2001:db8:77::/48')[0]).toMatchObject({ protocol: 'ra', dev: 'eth0' })
    expect(find((r) => r.dst === '2001:db8:10::/64').map((r) => `${r.dev} ${r.protocol} ${r.metric}`)).toEqual([
      'eth0 kernel 256',
      'eth0.100 kernel 256',
    ])
    expect(find((r) => r.dst === 'fe80::/64').map((r) => r.dev)).toEqual(['eth0', 'eth1', 'eth0.100'])
  })
})

describe('parseIpRoute on this Debian 12 machine', () => {
  it('default via fd00::1, protocol boot (ip leaves it out)', () => {
    const routes = parseIpRoute(fixture('ip-route.debian12.root.json')).value
    expect(routes.find((r) => r.dst === 'default')).toEqual({
      dst: 'default',
      gateway: 'fd00::1',
      dev: 'eth0',
      protocol: 'boot',
      metric: 1024,
      type: 'unicast',
      flags: [],
    })
  })
})

describe('parseIpRoute edge cases and errors', () => {
  it('no routes', () => expect(parseIpRoute('[]')).toEqual({ value: [], unreadable: [] }))
  it('canonicalizes addresses and reads "via" (a gateway of the other family)', () => {
    const raw =
      '[{"dst":"2001:0DB8:0:0::/64","via":{"family":"inet6","host":"FE80:0::1"},"dev":"eth0","metric":5,"flags":[]}]'
    expect(parseIpRoute(raw).value[0]).toMatchObject({ dst: '2001:db8::/64', gateway: 'fe80::1' })
  })
  it('throws on garbage, or when no entry could be read (a missing dst, a bad prefix)', () => {
    expect(() => parseIpRoute('Error: ipv6: address family not supported')).toThrow(
      'ip -j -6 route show: output is not JSON: "Error: ipv6: address family not supported"',
    )
    expect(() => parseIpRoute('[{"dev":"eth0"}]')).toThrow(/entry 0: no dst/)
    expect(() => parseIpRoute('[{"dst":"2001:db8::/129"}]')).toThrow(
      'ip -j -6 route show entry 0: bad dst "2001:db8::/129"',
    )
  })
})

describe('parseIpRoute: a route it cannot read is evidence, the others are kept', () => {
  const real = JSON.parse(fixture('ip-route.netns-rich.json')) as Record<string, unknown>[]
  const all = parseIpRoute(fixture('ip-route.netns-rich.json')).value
  it('a bad dst and a missing dst: left out, listed by entry, the rest read', () => {
    const { value, unreadable } = parseIpRoute(
      JSON.stringify([...real, { dst: '2001:db8::/129', dev: 'eth0' }, { dev: 'eth1' }]),
    )
    expect(value).toEqual(all)
    expect(unreadable.map((u) => [u.entry, u.why, u.about])).toEqual([
      [real.length, 'bad dst "2001:db8::/129"', undefined],
      [real.length + 1, 'no dst', undefined],
    ])
  })
  it('a default route with a bad gateway is left out whole (without it, it would pass for on-link) and names its dst', () => {
    const { value, unreadable } = parseIpRoute(
      JSON.stringify([{ dst: 'default', gateway: 'fe80::zz', dev: 'eth0' }, ...real]),
    )
    expect(value).toEqual(all)
    expect(unreadable).toEqual([
      {
        source: 'ip -j -6 route show',
        entry: 0,
        excerpt: '"{\\"dst\\":\\"default\\",\\"gateway\\":\\"fe80::zz\\",\\"dev\\":\\"eth0\\"}"',
        why: 'default: bad gateway "fe80::zz"',
        about: 'default',
      },
    ])
  })
  it('a bad next hop of an ECMP route: the route is left out', () => {
    const { value, unreadable } = parseIpRoute(
      JSON.stringify([
        ...real,
        {
          dst: '2001:db8:98::/48',
          nexthops: [
            { gateway: 'fe80::2', dev: 'eth0' },
            { gateway: 'x', dev: 'eth1' },
          ],
        },
      ]),
    )
    expect(value).toEqual(all)
    expect(unreadable[0]).toMatchObject({ why: '2001:db8:98::/48: bad gateway "x"', about: '2001:db8:98::/48' })
  })
})
