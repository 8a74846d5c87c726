// hosts.guest.dhcpv6-client and hosts.guest.ra-solicit on real guests (guest/capture-guest.sh): one
// port (fa:16:3e:00:00:30) on a dhcpv6-stateful network running ifupdown `inet6 dhcp` (dhclient
// holds a lease), on the same network with `inet6 auto` (SLAAC only: no global address), and on a
// dhcpv6-stateless network with `inet6 auto` + `dhcp 1`. The other systems' files are what
// cloud-init and netplan write (guest/render-configs.sh), put in place of the guest section.
import { describe, expect, test } from 'vitest'
import { dhcpv6Client, raSolicit } from '../../../lib/judge/guest.ts'
import type { HostFacts, Route } from '../../../lib/observe/facts.ts'
import { guestFacts, parseHostFacts } from '../../../lib/observe/parse/index.ts'
import { parseParts, type Part } from '../../../lib/observe/parse/parts.ts'
import { splitSections } from '../../../lib/observe/script.ts'
import type { ResolvedHost } from '../../../lib/targets/resolve.ts'
import { confParts, fixture } from '../observe/fixtures.ts'
import { host, outcomes, view } from './view.ts'

/** The guest section's parts of each capture read, so that a test can judge some of them. */
const partsOf = new WeakMap<HostFacts, Part[]>()
function facts(name: string): HostFacts {
  const sections = splitSections(fixture(name), 'fixture1').sections
  const f = parseHostFacts(sections)
  if (sections.guest !== undefined) partsOf.set(f, parseParts(sections.guest))
  return f
}
const stateful = facts('guest/full.netns-dhcp6-stateful.ifupdown.txt')
const slaacOnly = facts('guest/full.netns-dhcp6-stateful.slaac-only.txt')
const stateless = facts('guest/full.netns-dhcp6-stateless.ifupdown.txt')
const nonroot = facts('guest/full.netns-dhcp6-stateful.nonroot.txt')
/** Three SLAAC interfaces; only eth0's router advertises itself as a default router (capture-metadata.sh). */
const mdGuest = facts('full.netns-md-guest.txt')

/** The guest section replaced by other files, as if the capture had read them (and parsed as an observation's is). */
const withGuest = (f: HostFacts, parts: Part[]): HostFacts => ({ ...f, guest: { ok: true, value: guestFacts(parts) } })
const guestParts = (f: HostFacts): Part[] => {
  const parts = partsOf.get(f)
  if (!parts) throw new Error('no guest section in this capture')
  return parts
}
function withConf(f: HostFacts, change: Record<string, Record<string, string>>): HostFacts {
  if (!f.sysctls.ok) throw new Error(f.sysctls.error)
  const conf = structuredClone(f.sysctls.value.conf)
  for (const [iface, kv] of Object.entries(change)) conf[iface] = { ...conf[iface], ...kv }
  return { ...f, sysctls: { ok: true, value: { ...f.sysctls.value, conf } } }
}
const withRoutes = (f: HostFacts, edit: (r: Route[]) => Route[]): HostFacts => {
  if (!f.routes.ok) throw new Error(f.routes.error)
  return { ...f, routes: { ok: true, value: edit(f.routes.value) } }
}

const judgeClient = (mode: ResolvedHost['address_mode'], f: HostFacts, over: Partial<ResolvedHost> = {}) =>
  dhcpv6Client(view(host({ name: 'vm', address_mode: mode, ...over }), f))
const judgeRa = (mode: ResolvedHost['address_mode'], f: HostFacts, over: Partial<ResolvedHost> = {}) =>
  raSolicit(view(host({ name: 'vm', address_mode: mode, ...over }), f))
const only = <T>(vs: T[]): T => {
  expect(vs).toHaveLength(1)
  return vs[0]!
}

const LEASE = '/var/lib/dhcp/dhclient6.eth0.leases'
const ENI = '/etc/network/interfaces.d/50-cloud-init'

describe('hosts.guest.dhcpv6-client on a dhcpv6-stateful network', () => {
  test('ifupdown inet6 dhcp with dhclient holding the lease: the pass names the leased address and its lease file', () => {
    const v = only(judgeClient('dhcpv6-stateful', stateful))
    expect(v).toMatchObject({
      subject: 'vm:eth0',
      ok: true,
      where: { host: 'vm', interface: 'eth0', address: '2001:db8:0:3::10b7' },
    })
    expect(v.observed).toBe(
      `2001:db8:0:3::10b7/128 leased (dhclient ${LEASE}), valid 3600 s; ifupdown ${ENI}:15 asks DHCPv6 (iface eth0 inet6 dhcp)`,
    )
    expect(v.expected).toBe('dhcpv6-stateful: eth0 asks DHCPv6 for an address (IA_NA) and holds its lease')
    expect(v.evidence).toContain(
      `lease ${LEASE}:8: iaaddr 2001:db8:0:3::10b7 { starts 1795497067; preferred-life 3600; max-life 3600; }`,
    )
    expect(v.evidence).toContain(
      'addresses of eth0: 2001:db8:0:3::10b7/128 dynamic valid 3600 s, fe80::f816:3eff:fe00:30/64',
    )
  })

  test.for([
    [
      'netplan.dhcp6',
      'netplan /etc/netplan/50-cloud-init.yaml:12 asks DHCPv6 (dhcp6: true, accept-ra: true; renderer networkd (the default): networkd starts DHCPv6 when the RA sets M or O)',
    ],
    [
      'nm.dhcp6',
      "NetworkManager /etc/NetworkManager/system-connections/cloud-init-eth0.nmconnection:20 asks DHCPv6 (ipv6.method=auto: SLAAC, and DHCPv6 as the RA's M/O flags say)",
    ],
    [
      'networkd.dhcp6',
      'systemd-networkd /etc/systemd/network/10-cloud-init-eth0.network:9 asks DHCPv6 (DHCP=ipv4, IPv6AcceptRA unset (yes): DHCPv6 starts when the RA sets M or O)',
    ],
  ] as const)('%s: what cloud-init writes asks DHCPv6 (the RA says M=1), and the lease is held', ([variant, asks]) => {
    // networkd and NetworkManager keep their leases elsewhere: no dhclient lease file.
    const v = only(judgeClient('dhcpv6-stateful', withGuest(stateful, confParts(variant))))
    expect(v.ok).toBe(true)
    expect(v.observed).toBe(`2001:db8:0:3::10b7/128 leased (no dhclient lease file names it), valid 3600 s; ${asks}`)
  })

  const NO_ADDRESS = ': no lease, no global address'
  test.for([
    [
      'ifupdown',
      'ifupdown.slaac',
      `ifupdown ${ENI}:14 does not ask DHCPv6 (iface eth0 inet6 auto: SLAAC only)`,
      `ifupdown: iface eth0 inet6 dhcp in ${ENI}, then ifdown eth0 && ifup eth0`,
    ],
    [
      'netplan',
      'netplan.slaac',
      'netplan /etc/netplan/50-cloud-init.yaml:9 does not ask DHCPv6 (dhcp6 unset; renderer NetworkManager (/etc/netplan/01-network-manager-all.yaml:4) writes ipv6.method=ignore: IPv6 left to the kernel, SLAAC only, no DHCPv6)',
      'netplan: dhcp6: true under eth0 in /etc/netplan/50-cloud-init.yaml, then netplan apply',
    ],
    [
      'NetworkManager',
      'nm.slaac',
      'NetworkManager /etc/NetworkManager/system-connections/cloud-init-eth0.nmconnection:20 does not ask DHCPv6 (ipv6.method=ignore: IPv6 left to the kernel, SLAAC only, no DHCPv6)',
      "NetworkManager: nmcli connection modify 'cloud-init eth0' ipv6.method auto (or dhcp), then nmcli connection up 'cloud-init eth0'",
    ],
    [
      'systemd-networkd',
      'networkd.slaac',
      'systemd-networkd /etc/systemd/network/10-cloud-init-eth0.network:12 does not ask DHCPv6 (DHCP=ipv4, IPv6AcceptRA unset (yes), DHCPv6Client=no: RAs taken, DHCPv6 never started)',
      'systemd-networkd: [Network] DHCP=ipv6 (or yes) without DHCPv6Client=no or IPv6AcceptRA=no in /etc/systemd/network/10-cloud-init-eth0.network, then networkctl reload && networkctl reconfigure eth0',
    ],
  ] as const)(
    'a guest on a dhcpv6-stateful network that only does SLAAC has no address, and the finding says exactly that and how to fix it, for each of the four systems: %s',
    ([, variant, why, fix]) => {
      // The real guest: the RA says M=1 with no autonomous prefix, and no client asked.
      const v = only(judgeClient('dhcpv6-stateful', withGuest(slaacOnly, confParts(variant))))
      expect(v.ok).toBe(false)
      expect(v.observed).toBe(`eth0: dhcpv6-stateful network, but ${why}${NO_ADDRESS}`)
      expect(v.remedy?.startsWith(fix)).toBe(true)
      // Only the systems the guest has: no remedy for the other three.
      expect(
        v.remedy?.split('; ').filter((r) => /^(ifupdown|netplan|NetworkManager|systemd-networkd):/.test(r)),
      ).toHaveLength(1)
      expect(v.where).toEqual({ host: 'vm', interface: 'eth0' })
    },
  )

  test('a stateless client (inet6 auto with dhcp 1) on a stateful network asks only for options: no address either', () => {
    const v = only(judgeClient('dhcpv6-stateful', withGuest(slaacOnly, confParts('ifupdown.stateless'))))
    expect(v.observed).toBe(
      `eth0: dhcpv6-stateful network, but ifupdown ${ENI}:14 asks DHCPv6 only for options, not for an address (iface eth0 inet6 auto with dhcp 1: SLAAC and a stateless Information-request): no lease, no global address`,
    )
  })

  test('SLAAC addresses (an RA from elsewhere with A=1) are no lease', () => {
    // The SLAAC guest of capture-metadata.sh, judged as if its network were dhcpv6-stateful.
    const v = only(
      judgeClient('dhcpv6-stateful', withGuest(mdGuest, confParts('ifupdown.dhcp6'))).filter(
        (x) => x.subject === 'vm:eth0',
      ),
    )
    expect(v.ok).toBe(false)
    expect(v.observed).toBe(
      `eth0: ifupdown ${ENI}:15 asks DHCPv6 (iface eth0 inet6 dhcp), but holds no lease: only 2001:db8:10:0:f816:3eff:fe00:10/64 (SLAAC)`,
    )
  })

  test('files cloud-init writes are rewritten at boot: the remedy says where to make the change', () => {
    const v = only(judgeClient('dhcpv6-stateful', slaacOnly))
    expect(v.remedy).toBe(
      `ifupdown: iface eth0 inet6 dhcp in ${ENI}, then ifdown eth0 && ifup eth0. cloud-init rewrites ${ENI} at boot from the metadata: make the change in the image (/etc/cloud/cloud.cfg.d) or the subnet's mode, not in the file`,
    )
    // The netplan-generated NetworkManager connection says what the YAML says: only the YAML is named.
    const np = only(judgeClient('dhcpv6-stateful', withGuest(slaacOnly, confParts('netplan.slaac'))))
    expect(np.observed).not.toContain('netplan-eth0.nmconnection')
    expect(np.evidence).toContain(
      'NetworkManager /run/NetworkManager/system-connections/netplan-eth0.nmconnection:14: ipv6.method=ignore',
    )
  })

  test('no configuration names the interface: said, with the fix for all four systems', () => {
    const v = only(judgeClient('dhcpv6-stateful', withGuest(slaacOnly, [])))
    expect(v.observed).toBe(
      "eth0: dhcpv6-stateful network, but no network configuration read names eth0 (none of the five systems' files was found): no lease, no global address",
    )
    expect(v.remedy?.split('; ').map((r) => r.split(':')[0])).toEqual([
      'ifupdown',
      'netplan',
      'NetworkManager',
      'systemd-networkd',
    ])
    expect(v.remedy).toContain(
      'systemd-networkd: [Network] DHCP=ipv6 (or yes) without DHCPv6Client=no or IPv6AcceptRA=no in a .network file with [Match] Name=eth0',
    )
  })

  test('configured, but no lease: the client asks and nothing answers, so the server side is to check', () => {
    const v = only(judgeClient('dhcpv6-stateful', withGuest(slaacOnly, confParts('ifupdown.dhcp6'))))
    expect(v.ok).toBe(false)
    expect(v.observed).toBe(
      `eth0: ifupdown ${ENI}:15 asks DHCPv6 (iface eth0 inet6 dhcp), but holds no lease: no global address`,
    )
    expect(v.remedy).toMatch(
      /^the client asks and nothing answers: check the DHCPv6 server of the subnet \(Neutron's DHCP agent/,
    )
  })

  test('a lease file whose address the interface no longer holds is named, not taken for a lease', () => {
    const parts = [...confParts('ifupdown.dhcp6'), ...guestParts(stateful).filter((p) => p.label === LEASE)]
    const v = only(judgeClient('dhcpv6-stateful', withGuest(slaacOnly, parts)))
    expect(v.observed).toBe(
      `eth0: ifupdown ${ENI}:15 asks DHCPv6 (iface eth0 inet6 dhcp), but holds no lease: no global address; the last lease in ${LEASE} is 2001:db8:0:3::10b7, which eth0 no longer holds`,
    )
  })

  test('a lease held while the configuration only does SLAAC: it will not come back after a reboot', () => {
    const v = only(judgeClient('dhcpv6-stateful', withGuest(stateful, confParts('ifupdown.slaac'))))
    expect(v.ok).toBe(false)
    expect(v.observed).toBe(
      `eth0: holds 2001:db8:0:3::10b7/128 leased (no dhclient lease file names it), valid 3600 s, but ifupdown ${ENI}:14 does not ask DHCPv6 (iface eth0 inet6 auto: SLAAC only): after a reboot nothing asks for it again`,
    )
  })

  test('observed as a non-root user: the 0600 keyfile is unreadable, the readable ifupdown file still decides', () => {
    const v = only(judgeClient('dhcpv6-stateful', nonroot))
    expect(v.ok).toBe(true)
    expect(v.evidence).toContain(
      'NetworkManager /etc/NetworkManager/system-connections/cloud-init-eth0.nmconnection: not read: cat: /etc/NetworkManager/system-connections/cloud-init-eth0.nmconnection: Permission denied',
    )
  })

  test('only an unreadable configuration, and a lease: the lease shows a client asks', () => {
    const parts = guestParts(nonroot).filter((p) => !p.label.startsWith('/etc/network/'))
    const v = only(judgeClient('dhcpv6-stateful', withGuest(nonroot, parts)))
    expect(v.ok).toBe(true)
    expect(v.observed).toBe(
      `2001:db8:0:3::10b7/128 leased (dhclient ${LEASE}), valid 3600 s; no network configuration read names eth0; could not read /etc/NetworkManager/system-connections/cloud-init-eth0.nmconnection (cat: /etc/NetworkManager/system-connections/cloud-init-eth0.nmconnection: Permission denied): a DHCPv6 client holds the lease`,
    )
  })
})

describe('hosts.guest.dhcpv6-client on a dhcpv6-stateless network', () => {
  test('ifupdown inet6 auto with dhcp 1 (dhclient -6 -S, which leaves no lease file): passes on the configuration alone', () => {
    const v = only(judgeClient('dhcpv6-stateless', stateless))
    expect(v.ok).toBe(true)
    expect(v.observed).toBe(
      `ifupdown ${ENI}:14 asks DHCPv6 (iface eth0 inet6 auto with dhcp 1: SLAAC and a stateless Information-request)`,
    )
    expect(v.expected).toBe('dhcpv6-stateless: eth0 asks DHCPv6 for its options (Information-request)')
  })

  test("Debian 12's cloud-init (22.4) writes inet6 auto without dhcp 1 for a stateless subnet: the options never come", () => {
    const v = only(judgeClient('dhcpv6-stateless', withGuest(stateless, confParts('ifupdown.slaac'))))
    expect(v.ok).toBe(false)
    expect(v.observed).toBe(
      `eth0: dhcpv6-stateless network, but ifupdown ${ENI}:14 does not ask DHCPv6 (iface eth0 inet6 auto: SLAAC only): no DNS servers or other options from DHCPv6`,
    )
    expect(
      v.remedy?.startsWith(
        `ifupdown: add \`dhcp 1\` under iface eth0 inet6 auto in ${ENI}, then ifdown eth0 && ifup eth0`,
      ),
    ).toBe(true)
  })

  test('networkd and NetworkManager follow the RA, whose O flag asks for the options', () => {
    expect(outcomes(judgeClient('dhcpv6-stateless', withGuest(stateless, confParts('networkd.dhcp6'))))).toEqual({
      'vm:eth0': 'pass',
    })
    expect(outcomes(judgeClient('dhcpv6-stateless', withGuest(stateless, confParts('nm.slaac'))))).toEqual({
      'vm:eth0': 'fail',
    })
  })

  test('nothing readable names the interface and a file could not be read: not judged, and why', () => {
    const parts = guestParts(nonroot).filter((p) => p.label.startsWith('/etc/NetworkManager/'))
    const v = only(judgeClient('dhcpv6-stateless', withGuest(stateless, parts)))
    expect(v.skip).toBe(
      'no network configuration read names eth0; could not read /etc/NetworkManager/system-connections/cloud-init-eth0.nmconnection (cat: /etc/NetworkManager/system-connections/cloud-init-eth0.nmconnection: Permission denied): cannot tell whether eth0 asks DHCPv6 (run the observation as root)',
    )
  })
})

describe('hosts.guest.dhcpv6-client applies to DHCPv6 guests and their IPv6 interfaces only', () => {
  test.for([undefined, 'slaac'] as const)('address_mode %s: not judged', (mode) => {
    expect(judgeClient(mode, stateful)).toEqual([])
  })

  test('the guest section was not observed: one skip that says so', () => {
    const v = only(judgeClient('dhcpv6-stateful', mdGuest))
    expect(v.skip).toBe(
      'could not observe guest: section guest: missing from the output (the observation was cut short?)',
    )
  })

  test('interfaces that are down, or where the targets file forbids IPv6, are not judged', () => {
    expect(
      judgeClient('dhcpv6-stateful', stateful, { interfaces: { eth0: { ipv6: 'forbidden', addresses: [] } } }),
    ).toEqual([])
    if (!stateful.interfaces.ok) throw new Error(stateful.interfaces.error)
    const down = stateful.interfaces.value.map((i) =>
      i.name === 'eth0' ? { ...i, flags: i.flags.filter((x) => x !== 'UP') } : i,
    )
    expect(judgeClient('dhcpv6-stateful', { ...stateful, interfaces: { ok: true, value: down } })).toEqual([])
  })
})

describe('hosts.guest.ra-solicit', () => {
  test('the stateless guest: RAs accepted (ifupdown sets accept_ra 2), solicitations unlimited, default route from the RA', () => {
    const v = only(judgeRa('dhcpv6-stateless', stateless))
    expect(v.ok).toBe(true)
    expect(v.observed).toMatch(
      /^accept_ra = 2, forwarding = 0: RAs accepted; router_solicitations = -1 \(unlimited\), router_solicitation_delay = 1 s; default via fe80::[0-9a-f:]+ dev eth0 proto ra metric 1024$/,
    )
    expect(v.evidence).toContain(
      'router_solicitations = -1 (unlimited), router_solicitation_delay = 1, router_solicitation_interval = 4',
    )
  })

  test("a SLAAC guest with three interfaces: only eth0's router advertises itself as a default router", () => {
    const vs = judgeRa('slaac', mdGuest)
    expect(outcomes(vs)).toEqual({ 'vm:eth0': 'pass', 'vm:eth1': 'fail', 'vm:eth2': 'fail' })
    const eth1 = vs.find((v) => v.subject === 'vm:eth1')!
    expect(eth1.observed).toBe('no default route learned from an RA on eth1')
    expect(eth1.remedy).toMatch(
      /^check that the subnet's router advertises itself \(Neutron: the subnet is on a router and has ipv6_ra_mode slaac/,
    )
  })

  test('router_solicitations 0: no solicitation, the guest waits for an unsolicited RA', () => {
    const v = only(judgeRa('dhcpv6-stateless', withConf(stateless, { eth0: { router_solicitations: '0' } })))
    expect(v.ok).toBe(false)
    expect(v.observed).toBe(
      'router_solicitations = 0: no Router Solicitation, so eth0 waits for the next unsolicited RA (up to MaxRtrAdvInterval, 600 s by default)',
    )
    expect(v.remedy).toBe(
      'sysctl -w net.ipv6.conf.eth0.router_solicitations=-1 (or 3) and persist it in /etc/sysctl.d/',
    )
  })

  test('accept_ra 1 on a guest that forwards: RAs ignored (the kernel flushed the RA routes), fixed with accept_ra 2', () => {
    const f = withRoutes(withConf(stateless, { eth0: { forwarding: '1', accept_ra: '1' } }), (rs) =>
      rs.filter((r) => r.protocol !== 'ra'),
    )
    const v = only(judgeRa('dhcpv6-stateless', f))
    expect(v.observed).toBe('accept_ra = 1, forwarding = 1: RAs ignored; no default route learned from an RA on eth0')
    expect(v.remedy).toBe(
      'sysctl -w net.ipv6.conf.eth0.accept_ra=2 and persist it in /etc/sysctl.d/ (2 because the interface forwards)',
    )
  })

  test('accept_ra 0 from the configuration: the file that refuses RAs is named', () => {
    const parts = [
      {
        label: '/etc/network/interfaces',
        text: 'iface eth0 inet6 auto\n    accept_ra 0\n    dhcp 1\n',
        exit: 0,
        truncated: false,
      },
    ]
    const f = withRoutes(withGuest(withConf(stateless, { eth0: { accept_ra: '0' } }), parts), (rs) =>
      rs.filter((r) => r.protocol !== 'ra'),
    )
    const v = only(judgeRa('dhcpv6-stateless', f))
    expect(v.observed).toBe(
      'accept_ra = 0, forwarding = 0: RAs ignored (ifupdown /etc/network/interfaces:1: iface eth0 inet6 auto with dhcp 1: SLAAC and a stateless Information-request); no default route learned from an RA on eth0',
    )
    expect(v.remedy).toBe(
      'sysctl -w net.ipv6.conf.eth0.accept_ra=1 and persist it in /etc/sysctl.d/; accept_ra 1 under iface eth0 inet6 in /etc/network/interfaces',
    )
  })

  test('networkd and NetworkManager take RAs in user space and set accept_ra 0 themselves: that is no finding', () => {
    const nd = only(
      judgeRa(
        'slaac',
        withGuest(
          withConf(stateless, { eth0: { accept_ra: '0', router_solicitations: '0' } }),
          confParts('networkd.dhcp6'),
        ),
      ),
    )
    expect(nd.ok).toBe(true)
    expect(nd.observed).toMatch(
      /^accept_ra = 0, forwarding = 0: RAs taken by systemd-networkd in user space \(systemd-networkd \/etc\/systemd\/network\/10-cloud-init-eth0.network:9\); Router Solicitations sent by networkd; default via /,
    )
    // NetworkManager sends its own solicitations, but counts them by the sysctl.
    const nm = only(
      judgeRa(
        'slaac',
        withGuest(withConf(stateless, { eth0: { accept_ra: '0', router_solicitations: '0' } }), confParts('nm.dhcp6')),
      ),
    )
    expect(nm.ok).toBe(false)
    expect(nm.observed).toMatch(/^router_solicitations = 0: /)
  })

  test('a static default route is not an RA-learned one', () => {
    const f = withRoutes(stateless, (rs) => rs.map((r) => (r.dst === 'default' ? { ...r, protocol: 'static' } : r)))
    const v = only(judgeRa('dhcpv6-stateless', f))
    expect(v.observed).toMatch(
      /^default via fe80::[0-9a-f:]+ dev eth0 proto static metric 1024: not learned from an RA$/,
    )
    expect(v.remedy).toMatch(/^remove the static default route \(ip -6 route del default dev eth0\)/)
  })

  test('accept_ra_defrtr 0: RAs taken without their default router', () => {
    const f = withRoutes(withConf(stateless, { eth0: { accept_ra_defrtr: '0' } }), (rs) =>
      rs.filter((r) => r.dst !== 'default'),
    )
    const v = only(judgeRa('dhcpv6-stateless', f))
    expect(v.observed).toBe('no default route: accept_ra_defrtr = 0, so RAs give eth0 no default router')
    expect(v.remedy).toBe('sysctl -w net.ipv6.conf.eth0.accept_ra_defrtr=1 and persist it in /etc/sysctl.d/')
  })

  test('applies to slaac and dhcpv6-stateless guests only; the guest section is not needed', () => {
    expect(judgeRa('dhcpv6-stateful', stateless)).toEqual([])
    expect(judgeRa(undefined, stateless)).toEqual([])
    expect(
      outcomes(judgeRa('dhcpv6-stateless', { ...stateless, guest: { ok: false, error: 'section guest: missing' } })),
    ).toEqual({ 'vm:eth0': 'pass' })
    expect(
      only(judgeRa('slaac', { ...stateless, routes: { ok: false, error: 'section ip-route: missing' } })).skip,
    ).toBe('could not observe routes: section ip-route: missing')
  })
})
