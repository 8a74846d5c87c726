// dhclient -6 lease files, as dhclient 4.4.3-P1 wrote them for ifupdown's `inet6 dhcp` against a
// dnsmasq DHCPv6 server (guest/capture-guest.sh).
import { describe, expect, test } from 'vitest'
import type { Part } from '../../../lib/observe/parse/parts.ts'
import { currentLeases, isLeaseFile, leaseFiles, parseDhclient6Leases } from '../../../lib/observe/parse/dhcp-lease.ts'
import { guestFacts, parseHostFacts, parseIpAddr } from '../../../lib/observe/parse/index.ts'
import { splitSections } from '../../../lib/observe/script.ts'
import { fixture } from './fixtures.ts'

const FILE = '/var/lib/dhcp/dhclient6.eth0.leases'
const real = fixture('guest/dhclient6.eth0.leases.dhcp6-stateful')
const part = (text: string, label = FILE, exit = 0): Part => ({ label, text, exit, truncated: false })

describe('parseDhclient6Leases', () => {
  test('the real lease: the IA_NA address, its lifetimes and where it is written', () => {
    expect(parseDhclient6Leases(real, FILE)).toEqual([
      {
        file: FILE,
        block: 0,
        interface: 'eth0',
        address: '2001:db8:0:3::10b7',
        starts: 1795497067,
        preferredLife: 3600,
        maxLife: 3600,
        line: 8,
        text: 'iaaddr 2001:db8:0:3::10b7 { starts 1795497067; preferred-life 3600; max-life 3600; }',
      },
    ])
  })

  test('a renewal appends a block: the current lease is the last one for the interface', () => {
    // What dhclient appends at RENEW6, here with the server having moved the address.
    const renewed =
      real +
      real
        .slice(real.indexOf('lease6'))
        .replace(/2001:db8:0:3::10b7/g, '2001:db8:0:3::10c8')
        .replace(/1795497067/g, '1795498867')
    const leases = parseDhclient6Leases(renewed, FILE)
    expect(leases.map((l) => [l.block, l.address, l.starts])).toEqual([
      [0, '2001:db8:0:3::10b7', 1795497067],
      [1, '2001:db8:0:3::10c8', 1795498867],
    ])
    expect(currentLeases([{ file: FILE, leases }], 'eth0').map((l) => l.address)).toEqual(['2001:db8:0:3::10c8'])
    expect(currentLeases([{ file: FILE, leases }], 'eth1')).toEqual([])
    // The facts hold each interface's current lease, made when the guest section is parsed.
    expect(guestFacts([part(renewed)]).currentLeases.map((l) => [l.interface, l.address])).toEqual([
      ['eth0', '2001:db8:0:3::10c8'],
    ])
  })

  test("IA_PD prefixes and IA_TA addresses are not the guest's address; addresses are made canonical", () => {
    const text = real
      .replace(
        'ia-na 3e:00:00:30 {',
        'ia-pd 3e:00:00:31 {\n    iaprefix 2001:db8:100::/56 {\n      starts 1;\n    }\n  }\n  ia-ta 3e:00:00:32 {\n    iaaddr 2001:db8:0:3::7777 {\n      starts 1;\n    }\n  }\n  ia-na 3e:00:00:30 {',
      )
      .replace('iaaddr 2001:db8:0:3::10b7', 'iaaddr 2001:0DB8:0:3:0:0:0:10B7')
    expect(parseDhclient6Leases(text, FILE).map((l) => l.address)).toEqual(['2001:db8:0:3::10b7'])
  })
})

describe('the leased address on the interface', () => {
  test('dhclient-script installs it as a /128 with the lease lifetimes: dynamic, but no kernel protocol and no /64', () => {
    // ip -j addr show on the client right after dhclient bound (iproute2 6.1 prints no "protocol").
    const eth0 = parseIpAddr(fixture('guest/ip-addr.netns-dhcp6-stateful.json')).value.find((i) => i.name === 'eth0')
    const [lease] = parseDhclient6Leases(real, FILE)
    const a = eth0?.addresses.find((x) => x.address === lease?.address)
    expect(a).toMatchObject({
      prefixlen: 128,
      scope: 'global',
      dynamic: true,
      mngtmpaddr: false,
      temporary: false,
      validLft: 3599,
      preferredLft: 3599,
    })
    expect(a?.protocol).toBeUndefined()
    expect(a!.validLft).toBeLessThanOrEqual(lease!.maxLife!)
  })
})

describe('leaseFiles', () => {
  test('from the guest section of a real capture', () => {
    const f = parseHostFacts(
      splitSections(fixture('guest/full.netns-dhcp6-stateful.ifupdown.txt'), 'fixture1').sections,
    )
    if (!f.guest.ok) throw new Error(f.guest.error)
    const files = f.guest.value.leaseFiles
    expect(files.map((x) => [x.file, x.leases.map((l) => l.address), x.error])).toEqual([
      [FILE, ['2001:db8:0:3::10b7'], undefined],
    ])
    expect(f.guest.value.currentLeases.map((l) => [l.interface, l.address])).toEqual([['eth0', '2001:db8:0:3::10b7']])
  })

  test("unreadable, or not a dhclient lease6 file (NetworkManager's internal client writes key=value): said, not thrown", () => {
    const files = leaseFiles([
      part('cat: /var/lib/dhcp/dhclient6.eth0.leases: Permission denied\n', FILE, 1),
      part(
        '# This is private data. Do not parse.\nADDRESS=198.51.100.10\n',
        '/var/lib/NetworkManager/internal-1dd9a779-eth0.lease',
      ),
      part('', '/etc/network/interfaces'),
    ])
    expect(files.map((x) => [x.file, x.error])).toEqual([
      [FILE, 'cat: /var/lib/dhcp/dhclient6.eth0.leases: Permission denied'],
      ['/var/lib/NetworkManager/internal-1dd9a779-eth0.lease', 'not a dhclient lease6 file'],
    ])
  })

  test("the lease paths of ifupdown and NetworkManager's dhclient backend (GUEST_FILES)", () => {
    expect(isLeaseFile('/var/lib/dhcp/dhclient6.eth0.leases')).toBe(true)
    expect(isLeaseFile('/var/lib/dhcp/dhclient.eth0.lease6')).toBe(true)
    expect(isLeaseFile('/var/lib/NetworkManager/dhclient6-1dd9a779-eth0.lease')).toBe(true)
    expect(isLeaseFile('/etc/netplan/50-cloud-init.yaml')).toBe(false)
  })
})
