import { describe, expect, test } from 'vitest'
import { expectOf } from '../../../lib/judge/host-view.ts'
import { mtu } from '../../../lib/judge/link.ts'
import { defaultRoute } from '../../../lib/judge/routes.ts'
import type { HostFacts, Route } from '../../../lib/observe/facts.ts'
import { host, rich, root, view } from './view.ts'

const withRoutes = (f: HostFacts, edit: (r: Route[]) => Route[]): HostFacts => ({
  ...f,
  routes: f.routes.ok ? { ok: true, value: edit(f.routes.value) } : f.routes,
})

describe('hosts.route.default', () => {
  test('link-local gateways (from an RA, and static) pass', () => {
    const [v] = defaultRoute(view())
    expect(v?.ok).toBe(true)
    expect(v?.observed).toContain('default via fe80::3c69:2fff:fe2d:56e9 dev eth0 proto ra')
  })
  test('a global gateway inside an on-link prefix passes (this machine: via fd00::1 on fd00::/64)', () => {
    expect(defaultRoute(view(host(), root))[0]?.ok).toBe(true)
  })
  test('no default route fails', () => {
    const [v] = defaultRoute(
      view(
        host(),
        withRoutes(rich, (rs) => rs.filter((r) => r.dst !== 'default')),
      ),
    )
    expect(v?.ok).toBe(false)
    expect(v?.observed).toBe('no IPv6 default route')
  })
  test('a gateway neither link-local nor on-link fails and is named', () => {
    const [v] = defaultRoute(
      view(
        host(),
        withRoutes(root, (rs) => rs.map((r) => (r.dst === 'default' ? { ...r, gateway: '2001:db8:ff::1' } : r))),
      ),
    )
    expect(v?.ok).toBe(false)
    expect(v?.observed).toBe('gateway 2001:db8:ff::1 is neither link-local nor inside an on-link prefix of eth0')
  })
})

describe('hosts.link.mtu', () => {
  test('1500 everywhere passes; a stated higher floor is honoured', () => {
    expect(mtu(view()).every((v) => v.ok)).toBe(true)
    const v = mtu(view(host({ interfaces: { eth0: { ipv6: 'optional', addresses: [], mtu: 9000 } } }))).find(
      (x) => x.subject === 'h1:eth0',
    )
    expect(v?.ok).toBe(false)
    expect(v?.observed).toBe('link mtu 1500, net.ipv6.conf.eth0.mtu 1500')
  })
})

test('an interface named like an Object property (the kernel allows `constructor`) takes no expectation from the prototype', () => {
  for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty'])
    expect(expectOf(view(), name), name).toEqual({ ipv6: 'optional', addresses: [] })
})
