// Guest judges per interface (interfaces.<name>.address_mode, the host's as the default), on a real
// two-NIC guest (capture-hetero.sh): eth0 (fa:16:3e:00:00:40) on a SLAAC network, eth1
// (fa:16:3e:00:00:41) on a provider network with the fixed address 2001:db8:21::5/64 that Nova gives
// in network_data.json (config drive and metadata service), no RA, ifcfg files from cloud-init.
import { describe, expect, test } from 'vitest'
import { plan } from '../../../lib/checks/plan.ts'
import { ALL } from '../../../lib/checks/select.ts'
import { dhcpv6Client, raSolicit } from '../../../lib/judge/guest.ts'
import { addrGen } from '../../../lib/judge/privacy.ts'
import type { HostFacts } from '../../../lib/observe/facts.ts'
import { parseHostFacts } from '../../../lib/observe/parse/index.ts'
import { splitSections } from '../../../lib/observe/script.ts'
import type { ResolvedHost } from '../../../lib/targets/resolve.ts'
import { fixture } from '../observe/fixtures.ts'
import { host, outcomes, view } from './view.ts'

const guest = parseHostFacts(splitSections(fixture('full.netns-two-nic-guest.txt'), 'fixture1').sections)
const twoNic = (over: Partial<ResolvedHost> = {}): ResolvedHost =>
  host({
    name: 'vm',
    address_mode: 'slaac',
    interfaces: { eth1: { ipv6: 'optional', addresses: [], address_mode: 'static' } },
    ...over,
  })
const bySubject = <T extends { subject: string }>(vs: T[]) => Object.fromEntries(vs.map((v) => [v.subject, v]))

/** The facts with one address taken off an interface. */
function without(f: HostFacts, ifname: string, address: string): HostFacts {
  if (!f.interfaces.ok) throw new Error(f.interfaces.error)
  return {
    ...f,
    interfaces: {
      ok: true,
      value: f.interfaces.value.map((i) =>
        i.name === ifname ? { ...i, addresses: i.addresses.filter((a) => a.address !== address) } : i,
      ),
    },
  }
}

describe('a SLAAC NIC beside a static one', () => {
  test('with the host-level mode alone (as before), the static NIC fails ra-solicit and addr-gen: the false findings of issue 18', () => {
    const h = host({ name: 'vm', address_mode: 'slaac' })
    expect(outcomes(addrGen(view(h, guest)))).toEqual({ 'vm:eth0': 'pass', 'vm:eth1': 'fail' })
    expect(outcomes(raSolicit(view(h, guest)))).toEqual({ 'vm:eth0': 'pass', 'vm:eth1': 'fail' })
  })

  test('eth1 address_mode static: ra-solicit judges eth0 only, and addr-gen passes eth1 on the address network_data.json gives it', () => {
    expect(outcomes(raSolicit(view(twoNic(), guest)))).toEqual({ 'vm:eth0': 'pass' })
    const vs = bySubject(addrGen(view(twoNic(), guest)))
    expect(outcomes(Object.values(vs))).toEqual({ 'vm:eth0': 'pass', 'vm:eth1': 'pass' })
    expect(vs['vm:eth1']).toMatchObject({
      observed: '2001:db8:21::5/64 held; no temporary addresses',
      expected:
        'static: eth1 holds 2001:db8:21::5/64 (network_data.json from the config drive (/tmp/h-hetero-cap.n9qAw2/mnt)), usable, and no temporary addresses',
      where: { host: 'vm', interface: 'eth1', address: '2001:db8:21::5' },
    })
    expect(vs['vm:eth1']!.evidence).toContain(
      'network_data.json from the config drive (/tmp/h-hetero-cap.n9qAw2/mnt): ipv6 2001:db8:21::5/64',
    )
  })

  test('the static address is not on the interface: a finding that names the address, its source and how to configure it', () => {
    const v = bySubject(addrGen(view(twoNic(), without(guest, 'eth1', '2001:db8:21::5'))))['vm:eth1']!
    expect(v.ok).toBe(false)
    expect(v.observed).toBe(
      '2001:db8:21::5/64 from network_data.json from the config drive (/tmp/h-hetero-cap.n9qAw2/mnt) is not on eth1',
    )
    expect(v.remedy).toMatch(
      /^configure 2001:db8:21::5\/64 on eth1 \(ip -6 addr add 2001:db8:21::5\/64 dev eth1\) and persist it/,
    )
  })

  test("without the config drive, the metadata service's network_data.json is used; without either, the address is not compared", () => {
    if (!guest.metadata.ok) throw new Error(guest.metadata.error)
    const noDrive: HostFacts = {
      ...guest,
      metadata: { ok: true, value: { ...guest.metadata.value, configDrive: { blkid: 2, byLabel: [], devices: [] } } },
    }
    expect(bySubject(addrGen(view(twoNic(), noDrive)))['vm:eth1']!.expected).toContain(
      '(network_data.json from the metadata service over IPv4)',
    )
    const unread: HostFacts = { ...guest, metadata: { ok: false, error: 'section metadata: missing' } }
    const v = bySubject(addrGen(view(twoNic(), unread)))['vm:eth1']!
    expect(v).toMatchObject({
      ok: true,
      observed: '2001:db8:21::5/64 held; no temporary addresses',
      expected: 'static: eth1 holds a fixed global address, and no temporary addresses',
    })
    expect(v.evidence).toContain('network_data.json was not read')
    expect(bySubject(addrGen(view(twoNic(), without(unread, 'eth1', '2001:db8:21::5'))))['vm:eth1']!.observed).toBe(
      'no fixed global address on eth1',
    )
  })

  test("network_data.json gives the MAC a SLAAC network: the targets file's static is wrong, so not judged, and said why", () => {
    const v = bySubject(addrGen(view(host({ name: 'vm', address_mode: 'static' }), guest)))['vm:eth0']!
    expect(v.skip).toBe(
      'network_data.json from the config drive (/tmp/h-hetero-cap.n9qAw2/mnt) gives eth0 (fa:16:3e:00:00:40) ipv6_slaac, not a fixed address: its address_mode in the targets file is not static',
    )
  })

  test('address_mode none: no guest check judges the interface', () => {
    const h = twoNic({ interfaces: { eth1: { ipv6: 'optional', addresses: [], address_mode: 'none' } } })
    expect(outcomes(addrGen(view(h, guest)))).toEqual({ 'vm:eth0': 'pass' })
    expect(outcomes(raSolicit(view(h, guest)))).toEqual({ 'vm:eth0': 'pass' })
  })

  test('only an interface names a mode: only it is judged, and dhcpv6-client runs for it alone', () => {
    const h = host({
      name: 'vm',
      interfaces: { eth0: { ipv6: 'optional', addresses: [], address_mode: 'dhcpv6-stateless' } },
    })
    expect(Object.keys(outcomes(dhcpv6Client(view(h, guest))))).toEqual(['vm:eth0'])
    expect(Object.keys(outcomes(addrGen(view(h, guest))))).toEqual(['vm:eth0'])
    expect(dhcpv6Client(view(twoNic(), guest))).toEqual([])
  })

  test('v6ready list: the subjects follow the modes', () => {
    const t = {
      name: 't',
      stack: 'ipv6-only' as const,
      tags: [],
      prefixes: [],
      endpoints: [],
      waivers: [],
      source: 'x',
    }
    const subjects = (h: ResolvedHost) =>
      Object.fromEntries(
        plan({ ...t, hosts: [h] }, { ...ALL, suites: ['hosts'] })
          .filter((p) => p.check.startsWith('hosts.guest') || p.check === 'hosts.privacy.addr-gen')
          .map((p) => [p.check, p.subjects]),
      )
    expect(subjects(twoNic())).toEqual({
      'hosts.privacy.addr-gen': ['vm:*'],
      'hosts.guest.dhcpv6-client': [],
      'hosts.guest.ra-solicit': ['vm:*'],
    })
    expect(
      subjects(
        host({
          name: 'vm',
          address_mode: 'static',
          interfaces: { eth0: { ipv6: 'optional', addresses: [], address_mode: 'dhcpv6-stateful' } },
        }),
      ),
    ).toEqual({
      'hosts.privacy.addr-gen': ['vm:*'],
      'hosts.guest.dhcpv6-client': ['vm:eth0'],
      'hosts.guest.ra-solicit': [],
    })
  })
})
