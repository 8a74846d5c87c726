import { isIPv4 } from '../../../lib/net/index.ts'
import { describe, expect, test } from 'vitest'
import { inPrefix, v4FromMapped } from '../../../lib/net/index.ts'
import { dnsConfig } from '../../../lab/dnsmasq.ts'
import { ALL_FAULTS, FAULTS, NO_FAULTS, type FaultSet } from '../../../lab/faults.ts'
import { hostByName, HOSTS, LAB_PREFIXES, MGMT, RTR } from '../../../lab/plan.ts'
import { BIG_ADDRESSES, labZones, reverseName, type ZoneRecord } from '../../../lab/zone.ts'

const FAULT_SETS: [string, FaultSet][] = [
  ['every fault', ALL_FAULTS],
  ['no fault', NO_FAULTS],
  ...FAULTS.map((f): [string, FaultSet] => [`only ${f.id}`, new Set([f.id])]),
]
const data = (zone: ZoneRecord[], name: string, type: ZoneRecord['type']) =>
  zone.filter((r) => r.name === name && r.type === type).map((r) => r.data)
const heldByHosts = new Set(
  HOSTS.flatMap((h) =>
    h.links
      .flatMap((l) => [l.v6, l.v4])
      .filter((a): a is string => a !== undefined)
      .map((a) => a.split('/')[0]),
  ),
)

describe.for(FAULT_SETS)('the lab zone with %s', ([, faults]) => {
  const zones = labZones(faults)

  test.for(['primary', 'secondary'] as const)(
    '%s: every address has one PTR, and its name holds the address (forward-confirmed)',
    (which) => {
      const zone = zones[which]
      for (const r of zone.filter((x) => x.type !== 'PTR')) {
        const ptr = data(zone, reverseName(r.data), 'PTR')
        expect(ptr, `${r.name} ${r.data}`).toHaveLength(1)
        expect(data(zone, ptr[0]!, r.type), `${r.data} -> ${ptr[0]}`).toContain(r.data)
      }
    },
  )

  test.for(['primary', 'secondary'] as const)(
    '%s: every address is the lab space, or the v4-mapped form of it',
    (which) => {
      for (const r of zones[which].filter((x) => x.type !== 'PTR')) {
        const a = v4FromMapped(r.data) ?? r.data
        expect(
          LAB_PREFIXES.some((p) => inPrefix(a, p)),
          r.data,
        ).toBe(true)
      }
    },
  )

  test("dnsmasq's own PTR rule (the first host-record holding an address) gives the zone's PTRs", () => {
    const lines = dnsConfig('leases', zones.primary)
      .split('\n')
      .filter((l) => l.startsWith('host-record='))
    const first = new Map<string, string>()
    for (const [name, address] of lines.map((l) => l.slice('host-record='.length).split(',')))
      if (!first.has(address!)) first.set(address!, name!)
    expect([...first].map(([a, name]) => `${reverseName(a)} ${name}`)).toEqual(
      zones.primary.filter((r) => r.type === 'PTR').map((r) => `${r.name} ${r.data}`),
    )
  })

  test('the two resolvers differ only in swift.lab.test, and only under resolvers-disagree', () => {
    const text = (z: ZoneRecord[]) => z.map((r) => `${r.name} ${r.type} ${r.data}`)
    const only = text(zones.primary).filter((l) => !text(zones.secondary).includes(l))
    expect(only).toEqual(faults.has('resolvers-disagree') ? ['swift.lab.test AAAA 2001:db8:0:1::21'] : [])
    expect(text(zones.secondary).filter((l) => !text(zones.primary).includes(l))).toEqual([])
  })
})

describe('the records each fault seeds', () => {
  const faulty = labZones(ALL_FAULTS).primary
  const clean = labZones(NO_FAULTS).primary
  const ctl = hostByName('ctl').address

  test('the hosts and the router keep their names', () => {
    // vm4 is reached over IPv4 (its network gives SLAAC-only guests no IPv6 address): an A record.
    for (const h of HOSTS)
      expect(data(clean, `${h.name}.lab.test`, isIPv4(h.address) ? 'A' : 'AAAA')).toEqual([h.address])
    expect(data(clean, 'cmp.lab.test', 'A')).toEqual(['198.51.100.21'])
    expect(data(clean, 'rtr.lab.test', 'AAAA')).toEqual([RTR.mgmt6])
    expect(data(clean, 'ns.lab.test', 'AAAA')).toEqual([RTR.dns])
    expect(data(clean, 'mgmt.lab.test', 'AAAA')).toEqual([MGMT.mgmt6])
  })

  test('keystone and api: the controller over IPv6 only', () => {
    for (const z of [faulty, clean])
      for (const n of ['keystone.lab.test', 'api.lab.test']) {
        expect(data(z, n, 'AAAA')).toEqual([ctl])
        expect(data(z, n, 'A')).toEqual([])
      }
  })

  test("the PTR of ctl's address, which many names share, names ctl", () => {
    for (const z of [faulty, clean]) expect(data(z, reverseName(ctl), 'PTR')).toEqual(['ctl.lab.test'])
  })

  test("orphaned-a: rabbit's A is held by no host; clean, by ctl's eth0", () => {
    expect(data(faulty, 'rabbit.lab.test', 'A')).toEqual(['198.51.100.99'])
    expect(heldByHosts.has('198.51.100.99')).toBe(false)
    expect(data(clean, 'rabbit.lab.test', 'A')).toEqual(['198.51.100.11'])
    expect(heldByHosts.has('198.51.100.11')).toBe(true)
  })

  test('mapped-aaaa: db has only the v4-mapped AAAA; clean, the controller', () => {
    expect(data(faulty, 'db.lab.test', 'AAAA')).toEqual(['::ffff:198.51.100.11'])
    expect(data(clean, 'db.lab.test', 'AAAA')).toEqual([ctl])
  })

  test('resolvers-disagree: the secondary has one AAAA of swift, the primary two', () => {
    expect(data(labZones(ALL_FAULTS).secondary, 'swift.lab.test', 'AAAA')).toEqual([ctl])
    expect(data(faulty, 'swift.lab.test', 'AAAA')).toEqual([ctl, hostByName('cmp').address])
  })

  test('big.lab.test: 64 AAAA from ::1:0 to ::1:3f, each with its PTR back to big', () => {
    expect(BIG_ADDRESSES).toHaveLength(64)
    expect([BIG_ADDRESSES[0], BIG_ADDRESSES[63]]).toEqual(['2001:db8:0:1::1:0', '2001:db8:0:1::1:3f'])
    expect(data(clean, 'big.lab.test', 'AAAA')).toEqual(BIG_ADDRESSES)
    for (const a of BIG_ADDRESSES) expect(data(clean, reverseName(a), 'PTR')).toEqual(['big.lab.test'])
  })
})
