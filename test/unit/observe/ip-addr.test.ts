import { describe, expect, it } from 'vitest'
import type { Address, Interface } from '../../../lib/observe/facts.ts'
import { parseIpAddr } from '../../../lib/observe/parse/ip-addr.ts'
import { fixture } from './fixtures.ts'

const byName = (ifs: Interface[], name: string): Interface => {
  const i = ifs.find((x) => x.name === name)
  if (!i) throw new Error(`no interface ${name}`)
  return i
}
const addr = (i: Interface, a: string): Address => {
  const x = i.addresses.find((y) => y.address === a)
  if (!x) throw new Error(`no ${a} on ${i.name}`)
  return x
}
const flagsOf = (a: Address) =>
  (['tentative', 'dadfailed', 'deprecated', 'temporary', 'dynamic', 'noprefixroute', 'mngtmpaddr'] as const).filter(
    (f) => a[f],
  )

describe('parseIpAddr on the rich namespace (ip -j addr show, iproute2 6.1)', () => {
  const ifs = parseIpAddr(fixture('ip-addr.netns-rich.json')).value
  const eth0 = byName(ifs, 'eth0')

  it('lists every link, the VLAN-named one with its parent', () => {
    expect(ifs.map((i) => i.name)).toEqual(['lo', 'eth0', 'eth1', 'eth2', 'eth0.100'])
    const vlan = byName(ifs, 'eth0.100')
    expect(vlan.link).toBe('eth0')
    expect(vlan.linkType).toBe('ether')
    expect(vlan.mac).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/)
    expect(vlan.flags).toEqual(['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'])
    // a veth whose peer lives in another netns has link_index/link_netnsid but no "link"
    expect(eth0.link).toBeUndefined()
    expect(eth0).toMatchObject({ index: 2, mtu: 1500, operstate: 'UP', linkType: 'ether' })
  })

  it('loopback', () => {
    const lo = byName(ifs, 'lo')
    expect(lo).toMatchObject({ linkType: 'loopback', mac: '00:00:00:00:00:00', operstate: 'UNKNOWN' })
    expect(addr(lo, '::1')).toMatchObject({ family: 'inet6', prefixlen: 128, scope: 'host', validLft: Infinity })
    expect(addr(lo, '127.0.0.1')).toMatchObject({ family: 'inet', prefixlen: 8 })
  })

  it('maps the kernel flags: dadfailed, deprecated, noprefixroute, mngtmpaddr, plain static', () => {
    expect(flagsOf(addr(eth0, '2001:db8:1::dd'))).toEqual(['tentative', 'dadfailed'])
    const dep = addr(eth0, '2001:db8:1::de')
    expect(flagsOf(dep)).toEqual(['deprecated', 'dynamic'])
    expect(dep.preferredLft).toBe(0)
    expect(dep.validLft).toBeGreaterThan(3500)
    expect(dep.validLft).toBeLessThanOrEqual(3600)
    expect(flagsOf(addr(eth0, '2001:db8:1::b'))).toEqual(['noprefixroute'])
    expect(flagsOf(addr(eth0, '2001:db8:1::a'))).toEqual(['dynamic', 'mngtmpaddr'])
    const st = addr(eth0, '2001:db8:1::1')
    expect(flagsOf(st)).toEqual([])
    expect(st).toMatchObject({ scope: 'global', prefixlen: 64, validLft: Infinity, preferredLft: Infinity })
  })

  it('tentative while DAD runs (dad_transmits=200 on eth1), link-local included', () => {
    const eth1 = byName(ifs, 'eth1')
    expect(flagsOf(addr(eth1, '2001:db8:2::5'))).toEqual(['tentative'])
    const ll = eth1.addresses.find((a) => a.scope === 'link')
    expect(ll?.address).toMatch(/^fe80::/)
    expect(ll?.tentative).toBe(true)
  })

  it('temporary addresses (privacy extensions) from SLAAC and from mngtmpaddr', () => {
    const temps = eth0.addresses.filter((a) => a.temporary)
    expect(temps.map((a) => a.address.split(':').slice(0, 3).join(':')).sort()).toEqual(['2001:db8:1', '2001:db8:10'])
    for (const t of temps) expect(flagsOf(t)).toEqual(['temporary', 'dynamic'])
    // the SLAAC address from the RA's 2001:db8:10::/64 carries finite lifetimes
    const slaac = eth0.addresses.find((a) => a.address.startsWith('2001:db8:10:') && a.mngtmpaddr)
    expect(slaac).toMatchObject({ dynamic: true, temporary: false, prefixlen: 64 })
    expect(slaac?.validLft).toBeGreaterThan(86000)
    expect(slaac?.preferredLft).toBeLessThanOrEqual(14400)
  })

  it('disable_ipv6=1 on eth2 leaves only IPv4', () => {
    expect(byName(ifs, 'eth2').addresses.map((a) => `${a.family} ${a.address}/${a.prefixlen}`)).toEqual([
      'inet 198.51.100.1/24',
    ])
  })

  it('skips the {} entries ip prints for filtered addresses (ip -j -6 addr show dev eth0 scope link)', () => {
    const { value, unreadable } = parseIpAddr(fixture('ip-addr-6-scope-link.netns-rich.json'))
    // skipped, not reported: a filtered address is not one that could not be read
    expect(unreadable).toEqual([])
    const [only, ...rest] = value
    expect(rest).toEqual([])
    expect(only?.addresses).toHaveLength(1)
    expect(only?.addresses[0]).toMatchObject({ family: 'inet6', scope: 'link', prefixlen: 64 })
    // the same link-local as in the full listing of the same capture run
    expect(only?.addresses[0]?.address).toBe(eth0.addresses.find((a) => a.scope === 'link')?.address)
  })
})

describe('parseIpAddr on this Debian 12 machine', () => {
  const ifs = parseIpAddr(fixture('ip-addr.debian12.root.json')).value
  it('reads eth0 with its addresses', () => {
    const eth0 = byName(ifs, 'eth0')
    expect(eth0.addresses.map((a) => `${a.address}/${a.prefixlen} ${a.scope}`)).toEqual([
      '192.0.2.2/24 global',
      'fd00::2/64 global',
      'fe80::fc:ff:fe00:1/64 link',
    ])
    expect(ifs.map((i) => i.name)).toContain('lo')
  })
})

describe('parseIpAddr errors', () => {
  it('a host without ip (real capture) says the output is not JSON and quotes it', () => {
    expect(() => parseIpAddr(fixture('ip-addr.debian12.no-ip.txt'))).toThrow(
      'ip -j addr show: output is not JSON: "/bin/sh: 1: ip: not found"',
    )
  })
  it('garbage JSON, or no entry read at all, is an error for the whole section', () => {
    expect(() => parseIpAddr('[{"ifindex":1,')).toThrow(/not JSON: "\[\{\\"ifindex\\":1,"/)
    expect(() => parseIpAddr('{"ifname":"eth0"}')).toThrow(/expected a JSON array/)
    expect(() => parseIpAddr('[{"mtu":1500}]')).toThrow(
      'ip -j addr show entry 0: no ifname/ifindex: "{\\"mtu\\":1500}"',
    )
  })
})

describe('parseIpAddr: an entry or address it cannot read is evidence, the others are kept', () => {
  const real = JSON.parse(fixture('ip-addr.netns-rich.json')) as Record<string, unknown>[]
  it('an entry without ifname/ifindex among real ones: the others are read', () => {
    const { value, unreadable } = parseIpAddr(JSON.stringify([{ mtu: 1500 }, ...real]))
    expect(value.map((i) => i.name)).toEqual(['lo', 'eth0', 'eth1', 'eth2', 'eth0.100'])
    expect(unreadable).toEqual([
      { source: 'ip -j addr show', entry: 0, excerpt: '"{\\"mtu\\":1500}"', why: 'no ifname/ifindex' },
    ])
  })
  it('an entry with a name but no index is named in its line; one with neither is not', () => {
    const { value, unreadable } = parseIpAddr(JSON.stringify([{ ifname: 'eth9', mtu: 1500 }, { mtu: 1500 }, ...real]))
    expect(value.map((i) => i.name)).toEqual(['lo', 'eth0', 'eth1', 'eth2', 'eth0.100'])
    expect(unreadable).toStrictEqual([
      {
        source: 'ip -j addr show',
        entry: 0,
        excerpt: JSON.stringify(JSON.stringify({ ifname: 'eth9', mtu: 1500 })),
        why: 'no ifname/ifindex',
        about: 'eth9',
      },
      { source: 'ip -j addr show', entry: 1, excerpt: '"{\\"mtu\\":1500}"', why: 'no ifname/ifindex' },
    ])
  })
  it('an address without a prefix length, or that is not an object, is a line; the real ones are kept', () => {
    const eth1 = real.find((i) => i.ifname === 'eth1')!
    const edited = real.map((i) =>
      i === eth1
        ? { ...i, addr_info: [{ family: 'inet6', local: '2001:db8:2::9' }, 7, ...(i.addr_info as unknown[])] }
        : i,
    )
    const { value, unreadable } = parseIpAddr(JSON.stringify(edited))
    expect(byName(value, 'eth1').addresses.map((a) => a.address)).toEqual(
      byName(parseIpAddr(fixture('ip-addr.netns-rich.json')).value, 'eth1').addresses.map((a) => a.address),
    )
    expect(unreadable.map((u) => u.why)).toEqual([
      'eth1: 2001:db8:2::9 has no prefixlen',
      'eth1: an address that is not an object',
    ])
  })
  it('an address that is not one: its interface keeps the others, and the line names the interface', () => {
    const eth1 = real.find((i) => i.ifname === 'eth1')!
    const bad = { family: 'inet6', local: '2001:db8::g', prefixlen: 64 }
    const edited = real.map((i) => (i === eth1 ? { ...i, addr_info: [bad, ...(i.addr_info as unknown[])] } : i))
    const { value, unreadable } = parseIpAddr(JSON.stringify(edited))
    expect(byName(value, 'eth1').addresses.map((a) => a.address)).toEqual(
      byName(parseIpAddr(fixture('ip-addr.netns-rich.json')).value, 'eth1').addresses.map((a) => a.address),
    )
    expect(unreadable).toEqual([
      {
        source: 'ip -j addr show',
        entry: 2,
        excerpt: JSON.stringify(JSON.stringify(bad)),
        why: 'eth1: bad inet6 address "2001:db8::g"',
        about: 'eth1',
      },
    ])
  })
})
