// Hosts whose ip prints no JSON, or that have no ss (capture-hetero.sh): BusyBox 1.35.0 alone in a
// chroot (an appliance), and iproute2 6.1's text form of the same namespace. Every other fact of the
// host is still read and judged; what the tool cannot say is skipped, naming what is missing.
import { describe, expect, test } from 'vitest'
import { raSolicit } from '../../../lib/judge/guest.ts'
import { acceptsIPv6 } from '../../../lib/judge/listeners.ts'
import { forwarding } from '../../../lib/judge/sysctl.ts'
import { parseHostFacts, parseIpAddr, parseIpRoute, parseSs } from '../../../lib/observe/parse/index.ts'
import { splitSections } from '../../../lib/observe/script.ts'
import { host, outcomes, view } from '../judge/view.ts'
import { fixture } from './fixtures.ts'

const busybox = parseHostFacts(splitSections(fixture('full.netns-busybox.txt'), 'fixture1').sections)
const json = parseHostFacts(splitSections(fixture('full.netns-mixed-forwarding.txt'), 'fixture1').sections)
const value = <T>(o: { ok: true; value: T } | { ok: false; error: string }): T => {
  if (!o.ok) throw new Error(o.error)
  return o.value
}

describe('BusyBox alone: ip without -j, no ss', () => {
  test('every fact is read: interfaces and routes from the text form, listeners from netstat, the rest as usual', () => {
    for (const k of ['interfaces', 'routes', 'listeners', 'sysctls', 'resolv', 'gai'] as const)
      expect(busybox[k].ok, k).toBe(true)
    expect(value(busybox.listeners)).toEqual([
      { family: 'inet', address: '0.0.0.0', port: 9100 },
      { family: 'inet6', address: '::', port: 8080 },
    ])
  })

  test("interfaces and addresses match what ip -j said of the same namespace, flags decoded from BusyBox's hex", () => {
    const strip = (is: ReturnType<typeof value<import('../../../lib/observe/facts.ts').Interface[]>>) =>
      is.map((i) => ({
        name: i.name,
        mtu: i.mtu,
        mac: i.mac,
        up: i.flags.includes('UP'),
        addrs: i.addresses.map((a) => [a.address, a.prefixlen, a.scope, a.dynamic, a.mngtmpaddr, a.temporary]),
      }))
    expect(strip(value(busybox.interfaces))).toEqual(strip(value(json.interfaces)))
  })

  test('routes: the same destinations and gateways; the protocol is unknown, never guessed', () => {
    const routes = value(busybox.routes).filter((r) => r.type === 'unicast')
    expect(routes.map((r) => r.protocol)).toEqual(routes.map(() => 'unknown'))
    const key = (r: { dst: string; gateway?: string; dev?: string }) => `${r.dst} ${r.gateway ?? ''} ${r.dev}`
    expect(routes.map(key).sort()).toEqual(value(json.routes).map(key).sort())
  })

  test('judges: listeners and forwarding are judged; ra-solicit, which needs the route protocol, is skipped naming what is missing', () => {
    const h = host({ name: 'bb', forwarding: true, listeners: { auto: true, expected: [] } })
    expect(forwarding(view(h, busybox))[0]?.ok).toBe(true)
    expect(outcomes(acceptsIPv6(view(h, busybox)))).toEqual({ 'bb:8080': 'pass', 'bb:9100': 'fail' })
    const ra = raSolicit(view(host({ name: 'bb', address_mode: 'slaac' }), busybox)).find(
      (v) => v.subject === 'bb:eth0',
    )
    expect(ra?.skip).toMatch(
      /^default via fe80::[0-9a-f:]+ dev eth0 metric 1024 was read from an ip that prints no route protocol \(BusyBox's\): whether it was learned from an RA cannot be told/,
    )
  })
})

describe('the text forms on their own', () => {
  test("iproute2 6.1's text form reads as its JSON did", () => {
    const addr = parseIpAddr(
      `Option "-j" is unknown, try "ip -help".\n@@text@@\n${fixture('ip-addr.netns-cmp.iproute2-6.1.txt')}`,
    )
    expect(addr.unreadable).toEqual([])
    expect(addr.value.map((i) => [i.name, i.operstate, i.addresses.length])).toEqual([
      ['lo', 'UNKNOWN', 2],
      ['eth0', 'UP', 2],
      ['eth1', 'UP', 2],
      ['eth2', 'UP', 2],
    ])
    const route = parseIpRoute(
      `Option "-j" is unknown, try "ip -help".\n@@text@@\n${fixture('ip-route.netns-cmp.iproute2-6.1.txt')}`,
    )
    expect(route.value.find((r) => r.dst === 'default')).toMatchObject({ protocol: 'ra', dev: 'eth0', metric: 1024 })
    expect(route.value.find((r) => r.dst === '2001:db8:31::/64')?.protocol).toBe('kernel')
  })

  test('a line that is none of the known shapes is listed, the rest kept; nothing readable is an error naming the tool', () => {
    const addr = parseIpAddr(`x\n@@text@@\n${fixture('busybox-1.35/ip-addr.netns-cmp.txt')}\ngarbage line\n`)
    expect(addr.unreadable.map((u) => u.why)).toEqual(['not an interface, link or address line'])
    expect(addr.value).toHaveLength(4)
    expect(() =>
      parseIpAddr(`${fixture('busybox-1.35/ip-j-addr.netns-cmp.txt')}@@text@@\nsh: ip: not found\n`),
    ).toThrow(/^ip addr show \(BusyBox ip: no -j\) line 1: not an interface, link or address line: "sh: ip: not found"/)
    expect(() => parseSs('@@netstat@@\nsh: netstat: not found\n')).toThrow(
      /^netstat -tln \(no ss on the host\) line 1: not a listening TCP socket/,
    )
  })
})

describe('network_data.json from the metadata sources (two-NIC capture)', () => {
  const guest = parseHostFacts(splitSections(fixture('full.netns-two-nic-guest.txt'), 'fixture1').sections)
  test('only the MACs, types and IPv6 addresses are kept, from the config drive and both fetches; no text of the body', () => {
    const m = value(guest.metadata)
    const want = [
      { mac: 'fa:16:3e:00:00:40', type: 'ipv6_slaac', address: '2001:db8:20:0:f816:3eff:fe00:40', prefixlen: 64 },
      { mac: 'fa:16:3e:00:00:41', type: 'ipv6', address: '2001:db8:21::5', prefixlen: 64 },
    ]
    expect(m.networkData?.ipv4.networkData).toEqual({ read: 904, json: 'valid', networks: want })
    expect(m.networkData?.ipv6.networkData?.networks).toEqual(want)
    const drive = m.configDrive.devices[0]?.mounts[0]?.networkData
    expect(drive).toEqual({ ok: true, size: 904, body: { read: 904, json: 'valid', networks: want } })
    expect(JSON.stringify(m)).not.toMatch(/tap6a1b2c3d|network_id|s3cret/)
  })
  test('older output without the network_data parts still parses', () => {
    const old = parseHostFacts(splitSections(fixture('full.netns-md-guest.txt'), 'fixture1').sections)
    expect(value(old.metadata).networkData).toBeUndefined()
  })
})
