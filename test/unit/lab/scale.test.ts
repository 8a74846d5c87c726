// The scale lab's plan: N hosts with unique lab addresses, faults every 10th and 7th, none clean.
import { describe, expect, test } from 'vitest'
import { scaleFindings, scaleHosts, scaleTargetHosts, MAX_SCALE_HOSTS } from '../../../lab/scale.ts'
import { HOSTS } from '../../../lab/plan.ts'
import { parseIPv6 } from '../../../lib/net/index.ts'

describe('scaleHosts', () => {
  test('names and addresses are unique, in 2001:db8::/32, and clash with no default-lab host', () => {
    const hs = scaleHosts(MAX_SCALE_HOSTS, false)
    const addrs = hs.flatMap((h) => [h.address, h.storage])
    expect(new Set(addrs).size).toBe(addrs.length)
    expect(new Set(hs.map((h) => h.name)).size).toBe(hs.length)
    for (const a of addrs) expect(parseIPv6(a)?.address.startsWith('2001:db8:'), a).toBe(true)
    const taken = new Set(
      HOSTS.flatMap((h) => [h.address, ...h.links.flatMap((l) => (l.v6 ? [l.v6.split('/')[0]] : []))]),
    )
    for (const a of addrs) expect(taken.has(a), a).toBe(false)
  })

  test('faults on every 10th (RAs ignored while forwarding) and every 7th host (0.0.0.0 listener), none when clean', () => {
    const pairs = scaleFindings(scaleHosts(20, false)).map((f) => `${f.check} ${f.subject}`)
    expect(pairs.sort()).toEqual(
      [
        'hosts.sysctl.accept-ra s0010:eth0',
        'hosts.route.default s0010',
        'hosts.sysctl.accept-ra s0020:eth0',
        'hosts.route.default s0020',
        'hosts.listeners.ipv6 s0007:9100',
        'hosts.listeners.reachable s0007:9100',
        'hosts.listeners.ipv6 s0014:9100',
        'hosts.listeners.reachable s0014:9100',
      ].sort(),
    )
    expect(scaleFindings(scaleHosts(20, true))).toEqual([])
  })

  test('refuses a count outside 1..MAX_SCALE_HOSTS', () => {
    expect(() => scaleHosts(0, false)).toThrow(/--hosts takes 1 to/)
    expect(() => scaleHosts(MAX_SCALE_HOSTS + 1, false)).toThrow(/--hosts takes 1 to/)
  })

  test('targets.yaml lists each host with both interfaces required', () => {
    const [h] = scaleTargetHosts(scaleHosts(1, false))
    expect(h).toMatchObject({
      name: 's0001',
      address: '2001:db8:0:1:5ca1::1',
      roles: ['scale'],
      interfaces: { eth0: { ipv6: 'required', accept_ra: true }, eth1: { accept_ra: false } },
    })
  })
})
