// parseNetconf on what cloud-init 22.4 and netplan 0.106 really write (guest/render-configs.sh) and
// on what the observation read on a guest (guest/capture-guest.sh): per interface, whether DHCPv6
// is asked and who takes RAs. Small inline files cover the rules the fixtures do not reach.
import { describe, expect, test } from 'vitest'
import { parseParts, type Part } from '../../../lib/observe/parse/parts.ts'
import { parseHostFacts } from '../../../lib/observe/parse/index.ts'
import { globMatch, intentsFor, matches, parseNetconf, type Intent } from '../../../lib/observe/parse/netconf/index.ts'
import { splitSections } from '../../../lib/observe/script.ts'
import { confParts, fixture } from './fixtures.ts'

const MAC = 'fa:16:3e:00:00:30'

const part = (label: string, text: string): Part => ({ label, text, exit: 0, truncated: false })
const eth0 = (parts: Part[], mac: string | undefined = MAC): Intent[] => intentsFor(parseNetconf(parts), 'eth0', mac)
const brief = (i: Intent) => ({ system: i.system, file: i.file, line: i.line, dhcp6: i.dhcp6, ra: i.ra, raBy: i.raBy })

describe('the four systems as cloud-init and netplan write them', () => {
  test.for([
    // cloud-init's ENI for a dhcpv6-stateful subnet: dhclient -6 solicits whatever the RA says.
    [
      'ifupdown.dhcp6',
      [
        {
          system: 'ifupdown',
          file: '/etc/network/interfaces.d/50-cloud-init',
          line: 15,
          dhcp6: 'stateful',
          ra: true,
          raBy: 'kernel',
        },
      ],
    ],
    // ... and for a slaac subnet (22.4 writes the same for dhcpv6-stateless): SLAAC only.
    [
      'ifupdown.slaac',
      [
        {
          system: 'ifupdown',
          file: '/etc/network/interfaces.d/50-cloud-init',
          line: 14,
          dhcp6: 'no',
          ra: true,
          raBy: 'kernel',
        },
      ],
    ],
    [
      'ifupdown.stateless',
      [
        {
          system: 'ifupdown',
          file: '/etc/network/interfaces.d/50-cloud-init',
          line: 14,
          dhcp6: 'stateless',
          ra: true,
          raBy: 'kernel',
        },
      ],
    ],
    // netplan with its default renderer, and the .network file it generates: networkd follows the RA.
    [
      'netplan.dhcp6',
      [
        {
          system: 'netplan',
          file: '/etc/netplan/50-cloud-init.yaml',
          line: 12,
          dhcp6: 'follow-ra',
          ra: true,
          raBy: 'networkd',
        },
        {
          system: 'networkd',
          file: '/run/systemd/network/10-netplan-eth0.network',
          line: 11,
          dhcp6: 'follow-ra',
          ra: true,
          raBy: 'networkd',
        },
      ],
    ],
    // renderer NetworkManager without dhcp6: netplan writes ipv6.method=ignore.
    [
      'netplan.slaac',
      [
        {
          system: 'networkmanager',
          file: '/run/NetworkManager/system-connections/netplan-eth0.nmconnection',
          line: 14,
          dhcp6: 'no',
          ra: undefined,
          raBy: 'kernel',
        },
        {
          system: 'netplan',
          file: '/etc/netplan/50-cloud-init.yaml',
          line: 9,
          dhcp6: 'no',
          ra: undefined,
          raBy: 'kernel',
        },
      ],
    ],
    [
      'nm.dhcp6',
      [
        {
          system: 'networkmanager',
          file: '/etc/NetworkManager/system-connections/cloud-init-eth0.nmconnection',
          line: 20,
          dhcp6: 'follow-ra',
          ra: true,
          raBy: 'networkmanager',
        },
      ],
    ],
    [
      'nm.slaac',
      [
        {
          system: 'networkmanager',
          file: '/etc/NetworkManager/system-connections/cloud-init-eth0.nmconnection',
          line: 20,
          dhcp6: 'no',
          ra: undefined,
          raBy: 'kernel',
        },
      ],
    ],
    // cloud-init's networkd renderer writes DHCP=ipv4 whatever the IPv6 mode: networkd still follows the RA.
    [
      'networkd.dhcp6',
      [
        {
          system: 'networkd',
          file: '/etc/systemd/network/10-cloud-init-eth0.network',
          line: 9,
          dhcp6: 'follow-ra',
          ra: true,
          raBy: 'networkd',
        },
      ],
    ],
    [
      'networkd.slaac',
      [
        {
          system: 'networkd',
          file: '/etc/systemd/network/10-cloud-init-eth0.network',
          line: 12,
          dhcp6: 'no',
          ra: true,
          raBy: 'networkd',
        },
      ],
    ],
  ] as const)('%s', ([variant, want]) => {
    expect(eth0(confParts(variant)).map(brief)).toEqual(want)
  })

  test("the details say why, in the files' own words", () => {
    expect(eth0(confParts('netplan.slaac')).find((i) => i.system === 'netplan')?.detail).toBe(
      'dhcp6 unset; renderer NetworkManager (/etc/netplan/01-network-manager-all.yaml:4) writes ipv6.method=ignore: IPv6 left to the kernel, SLAAC only, no DHCPv6',
    )
    expect(eth0(confParts('networkd.slaac'))[0]?.detail).toBe(
      'DHCP=ipv4, IPv6AcceptRA unset (yes), DHCPv6Client=no: RAs taken, DHCPv6 never started',
    )
    expect(eth0(confParts('ifupdown.slaac'))[0]?.detail).toBe('iface eth0 inet6 auto: SLAAC only')
    expect(eth0(confParts('nm.dhcp6'))[0]).toMatchObject({ connection: 'cloud-init eth0', match: '', mac: MAC })
  })

  test('the stanza is evidence: the lines that decide, and no more of a keyfile', () => {
    expect(eth0(confParts('ifupdown.dhcp6'))[0]?.stanza).toBe('iface eth0 inet6 dhcp')
    expect(eth0(confParts('nm.dhcp6'))[0]?.stanza).toBe(
      [
        '[connection]',
        'id=cloud-init eth0',
        '[ethernet]',
        'mac-address=FA:16:3E:00:00:30',
        '[ipv6]',
        'method=auto',
      ].join('\n'),
    )
    expect(eth0(confParts('netplan.dhcp6')).find((i) => i.system === 'netplan')?.stanza).toContain(
      '            dhcp6: true',
    )
  })

  test('files written by a generator are marked, so remedies point at their source', () => {
    const files = parseNetconf([...confParts('netplan.slaac'), ...confParts('ifupdown.dhcp6')])
    expect(Object.fromEntries(files.map((f) => [f.file, f.generatedBy ?? '-']))).toEqual({
      '/etc/network/interfaces': '-',
      '/etc/network/interfaces.d/50-cloud-init': 'cloud-init',
      '/run/NetworkManager/system-connections/netplan-eth0.nmconnection': 'netplan',
      '/etc/netplan/01-network-manager-all.yaml': '-',
      '/etc/netplan/50-cloud-init.yaml': 'cloud-init',
    })
  })
})

describe('matching an interface', () => {
  test('cloud-init matches by MAC (NetworkManager, networkd, netplan): another MAC, or none known, is another device', () => {
    for (const v of ['nm.dhcp6', 'networkd.dhcp6', 'netplan.dhcp6']) {
      expect(eth0(confParts(v), 'FA:16:3E:00:00:30'), v).not.toEqual([])
      expect(eth0(confParts(v), 'fa:16:3e:00:00:99'), v).toEqual([])
      expect(intentsFor(parseNetconf(confParts(v)), 'eth0'), v).toEqual([])
    }
    // A keyfile without interface-name or MAC binds any device of its type.
    const any = parseNetconf([
      part('/etc/NetworkManager/system-connections/Wired.nmconnection', '[connection]\nid=Wired\ntype=ethernet\n'),
    ])
    expect(intentsFor(any, 'ens3').map((i) => i.dhcp6)).toEqual(['follow-ra'])
  })

  test('networkd Name= globs, several on a line, with ! inverting the list', () => {
    const i = (m: string): Intent => ({
      system: 'networkd',
      file: 'f',
      line: 1,
      match: m,
      dhcp6: 'no',
      ra: true,
      raBy: 'networkd',
      detail: '',
      stanza: '',
    })
    expect(matches(i('en* eth*'), 'eth0')).toBe(true)
    expect(matches(i('en*'), 'eth0')).toBe(false)
    expect(matches(i('!lo veth*'), 'eth0')).toBe(true)
    expect(matches(i('!lo veth*'), 'veth12')).toBe(false)
    expect(globMatch('eth[0-1]', 'eth1')).toBe(true)
    expect(globMatch('eth[!0]', 'eth0')).toBe(false)
    expect(globMatch('eth?.100', 'eth0.100')).toBe(true)
  })

  test('networkd applies the first matching file by name, and /etc hides /run', () => {
    const slaac = confParts('networkd.slaac')[0]!.text
    const generated = confParts('netplan.dhcp6').find((p) => p.label.startsWith('/run/systemd/network/'))!
    // 05-… comes before netplan's 10-netplan-eth0.network: its DHCPv6Client=no is what applies.
    expect(
      eth0([generated, part('/etc/systemd/network/05-image.network', slaac)]).map((i) => [i.file, i.dhcp6]),
    ).toEqual([['/etc/systemd/network/05-image.network', 'no']])
    expect(
      eth0([generated, part('/etc/systemd/network/10-netplan-eth0.network', slaac)]).map((i) => [i.file, i.dhcp6]),
    ).toEqual([['/etc/systemd/network/10-netplan-eth0.network', 'no']])
    // A file that does not match does not hide a later one.
    expect(
      eth0([generated, part('/etc/systemd/network/05-other.network', '[Match]\nName=ens*\n[Network]\nDHCP=no\n')]).map(
        (i) => i.file,
      ),
    ).toEqual([generated.label])
  })
})

describe('rules the fixtures do not reach', () => {
  test('ifupdown: an IPv4-only stanza names the interface and asks nothing; loopback is no interface; options follow continuations', () => {
    const text = [
      'auto lo',
      'iface lo inet loopback',
      '',
      'auto eth1',
      'iface eth1 inet dhcp',
      '',
      'iface eth2 inet6 static',
      '    address 2001:db8::5/64 \\',
      '',
      '    gateway fe80::1',
      '',
    ].join('\n')
    const files = parseNetconf([part('/etc/network/interfaces', text)])
    expect(files[0]!.intents.map((i) => [i.match, i.dhcp6, i.ra, i.detail])).toEqual([
      ['eth1', 'no', undefined, 'only iface eth1 inet dhcp, no inet6 stanza'],
      // inet6.defn: with a gateway, accept_ra defaults to 0.
      ['eth2', 'no', false, 'iface eth2 inet6 static: a fixed address'],
    ])
  })

  test('ifupdown: accept_ra 0 under inet6 auto refuses RAs', () => {
    const files = parseNetconf([
      part('/etc/network/interfaces.d/eth0', 'iface eth0 inet6 auto\n  accept_ra 0\n  dhcp 1\n'),
    ])
    expect(files[0]!.intents.map((i) => [i.dhcp6, i.ra])).toEqual([['stateless', false]])
  })

  test('netplan merges its files in name order: a later file turns dhcp6 on', () => {
    const base = confParts('netplan.slaac').filter((p) => p.label === '/etc/netplan/50-cloud-init.yaml')
    const later = part(
      '/etc/netplan/90-dhcp6.yaml',
      'network:\n  version: 2\n  ethernets:\n    eth0:\n      dhcp6: true\n',
    )
    expect(eth0([later, ...base]).map((i) => [i.file, i.line, i.dhcp6, i.match])).toEqual([
      ['/etc/netplan/90-dhcp6.yaml', 5, 'follow-ra', 'eth0'],
    ])
  })

  test('netplan without dhcp6 under its default renderer still asks: networkd starts DHCPv6 when the RA sets M or O', () => {
    // cloud-init's file for an IPv4-only network_data.json, on an image without 01-network-manager-all.yaml.
    const yaml = confParts('netplan.slaac').filter((p) => p.label === '/etc/netplan/50-cloud-init.yaml')
    expect(eth0(yaml).map((i) => [i.dhcp6, i.ra, i.raBy, i.detail])).toEqual([
      [
        'follow-ra',
        true,
        'networkd',
        'dhcp6 unset; renderer networkd (the default): networkd starts DHCPv6 when the RA sets M or O',
      ],
    ])
  })

  test('netplan: a renderer on the device type, accept-ra false, and link-local without ipv6', () => {
    const nm = part(
      '/etc/netplan/10.yaml',
      'network:\n  ethernets:\n    renderer: NetworkManager\n    eth0:\n      dhcp6: true\n',
    )
    expect(eth0([nm]).map((i) => [i.dhcp6, i.raBy])).toEqual([['follow-ra', 'networkmanager']])
    const noRa = part(
      '/etc/netplan/10.yaml',
      'network:\n  ethernets:\n    eth0:\n      dhcp4: true\n      accept-ra: false\n',
    )
    expect(eth0([noRa]).map((i) => [i.dhcp6, i.ra])).toEqual([['no', false]])
    const noLl = part(
      '/etc/netplan/10.yaml',
      'network:\n  ethernets:\n    eth0:\n      dhcp6: true\n      link-local: [ ipv4 ]\n',
    )
    expect(eth0([noLl]).map((i) => [i.dhcp6, i.ra])).toEqual([['stateful', false]])
  })

  test("bad YAML is an entry with the parser's error, never a throw; the other files still count", () => {
    const files = parseNetconf([
      part('/etc/netplan/50-cloud-init.yaml', 'network:\n  ethernets:\n    eth0: [dhcp6\n'),
      ...confParts('ifupdown.dhcp6'),
    ])
    const bad = files.find((f) => f.system === 'netplan')!
    expect(bad.intents).toEqual([])
    expect(bad.error).toMatch(/^line \d+: /)
    expect(intentsFor(files, 'eth0').map((i) => i.system)).toEqual(['ifupdown'])
  })

  test('NetworkManager: method=dhcp is DHCPv6 without RAs; no [ipv6] is auto; old decimal MACs; bond ports carry nothing', () => {
    const kf = (ipv6: string, extra = '') =>
      part(
        '/etc/NetworkManager/system-connections/x.nmconnection',
        `[connection]\nid=x\ninterface-name=eth0\n${extra}\n[ethernet]\nmac-address=250;22;62;0;0;48;\n${ipv6}`,
      )
    expect(eth0([kf('[ipv6]\nmethod=dhcp\n')]).map((i) => [i.dhcp6, i.ra, i.mac])).toEqual([['stateful', false, MAC]])
    expect(eth0([kf('')]).map((i) => [i.dhcp6, i.detail])).toEqual([
      [
        'follow-ra',
        "no [ipv6] section, so NetworkManager normalizes it to ipv6.method=auto: SLAAC, and DHCPv6 as the RA's M/O flags say",
      ],
    ])
    expect(eth0([kf('[ipv6]\nmethod=auto\n', 'master=bond0')])).toEqual([])
  })

  test('networkd: DHCPv6Client=always and WithoutRA=solicit solicit whatever the RA says; IPv6AcceptRA=no stops the RA-driven client', () => {
    const nd = (body: string) => part('/etc/systemd/network/10.network', `[Match]\nName=eth0\n\n${body}`)
    expect(eth0([nd('[Network]\nDHCP=no\n[IPv6AcceptRA]\nDHCPv6Client=always\n')]).map((i) => i.dhcp6)).toEqual([
      'stateful',
    ])
    expect(
      eth0([nd('[Network]\nDHCP=ipv6\nIPv6AcceptRA=no\n[DHCPv6]\nWithoutRA=solicit\n')]).map((i) => [i.dhcp6, i.ra]),
    ).toEqual([['stateful', false]])
    expect(eth0([nd('[Network]\nDHCP=ipv4\nIPv6AcceptRA=no\n')]).map((i) => [i.dhcp6, i.ra])).toEqual([['no', false]])
    // networkd's default for IPv6AcceptRA follows the file's own forwarding setting.
    expect(eth0([nd('[Network]\nIPv6Forwarding=yes\n')]).map((i) => [i.dhcp6, i.ra])).toEqual([['no', false]])
  })

  test('networkd (246 and later): DHCP=ipv6 with IPv6AcceptRA=no and no WithoutRA= starts no DHCPv6 client at all', () => {
    const nd = (body: string) => part('/etc/systemd/network/10.network', `[Match]\nName=eth0\n\n${body}`)
    const [i] = eth0([nd('[Network]\nDHCP=ipv6\nIPv6AcceptRA=no\n')])
    expect([i!.dhcp6, i!.ra, i!.detail]).toEqual([
      'no',
      false,
      'DHCP=ipv6, IPv6AcceptRA=no: no RAs and WithoutRA=no, so the DHCPv6 client never starts',
    ])
    // UplinkInterface=:self with DHCPPrefixDelegation= implies WithoutRA=solicit.
    expect(
      eth0([
        nd(
          '[Network]\nDHCP=ipv6\nIPv6AcceptRA=no\nDHCPPrefixDelegation=yes\n[DHCPPrefixDelegation]\nUplinkInterface=:self\n',
        ),
      ]).map((x) => x.dhcp6),
    ).toEqual(['stateful'])
  })

  test('networkd: WithoutRA=information-request wins over the RA and DHCPv6Client=always; UseAddress=no takes no address; IPv6SendRA=yes turns RAs off', () => {
    const nd = (body: string) => part('/etc/systemd/network/10.network', `[Match]\nName=eth0\n\n${body}`)
    expect(
      eth0([
        nd('[Network]\nDHCP=yes\n[DHCPv6]\nWithoutRA=information-request\n[IPv6AcceptRA]\nDHCPv6Client=always\n'),
      ]).map((i) => [i.dhcp6, i.line]),
    ).toEqual([['stateless', 7]])
    const [noAddr] = eth0([nd('[Network]\nDHCP=ipv6\n[DHCPv6]\nUseAddress=no\n')])
    expect([noAddr!.dhcp6, noAddr!.line, noAddr!.detail]).toEqual([
      'stateless',
      7,
      'DHCP=ipv6, IPv6AcceptRA unset (yes), UseAddress=no: DHCPv6 starts when the RA sets M or O, but UseAddress=no takes no address from it',
    ])
    expect(eth0([nd('[Network]\nIPv6SendRA=yes\n')]).map((i) => [i.dhcp6, i.ra])).toEqual([['no', false]])
  })
})

describe('what the observation read on a guest', () => {
  test('the guest section of a real capture: ifupdown files and the lease; lease files are not configuration', () => {
    const sections = splitSections(fixture('guest/full.netns-dhcp6-stateful.ifupdown.txt'), 'fixture1').sections
    const parts = parseParts(sections.guest ?? '')
    expect(parts.map((p) => p.label)).toEqual([
      '/etc/network/interfaces',
      '/etc/network/interfaces.d/50-cloud-init',
      '/var/lib/dhcp/dhclient6.eth0.leases',
    ])
    expect(parseNetconf(parts).map((x) => [x.file, x.intents.length])).toEqual([
      ['/etc/network/interfaces', 0],
      ['/etc/network/interfaces.d/50-cloud-init', 1],
    ])
    // The facts hold them parsed: the configuration files, and the lease file apart.
    const f = parseHostFacts(sections)
    if (!f.guest.ok) throw new Error(f.guest.error)
    expect(f.guest.value.netconf).toEqual(parseNetconf(parts))
    expect(f.guest.value.leaseFiles.map((x) => x.file)).toEqual(['/var/lib/dhcp/dhclient6.eth0.leases'])
  })

  test("as a non-root user: the 0600 keyfile is an entry with cat's error and no intents", () => {
    const f = parseHostFacts(splitSections(fixture('guest/full.netns-dhcp6-stateful.nonroot.txt'), 'fixture1').sections)
    if (!f.guest.ok) throw new Error(f.guest.error)
    const nm = f.guest.value.netconf.find((x) => x.system === 'networkmanager')
    expect(nm).toEqual({
      system: 'networkmanager',
      file: '/etc/NetworkManager/system-connections/cloud-init-eth0.nmconnection',
      intents: [],
      error: 'cat: /etc/NetworkManager/system-connections/cloud-init-eth0.nmconnection: Permission denied',
      unread: true,
    })
  })

  test('a file cut at the read limit keeps what was read and says so', () => {
    const cut: Part = { ...confParts('ifupdown.dhcp6')[1]!, exit: undefined, truncated: true }
    const [file] = parseNetconf([cut])
    expect(file?.error).toBe('cut at the read limit: judged on the first part')
    expect(file?.intents.map((i) => i.dhcp6)).toEqual(['stateful'])
  })
})
