import { isOverlayCheck, OVERLAY_SUBJECTS } from '../../../lib/overlay/subjects.ts'
import { describe, expect, test } from 'vitest'
import { isCheckId } from '../../../lib/checks/catalog.ts'
import { inPrefix } from '../../../lib/net/index.ts'
import { resolveTarget } from '../../../lib/targets/resolve.ts'
import { loadTargetsText } from '../../../lib/targets/load.ts'
import { CA_FILE } from '../../../lab/pki.ts'
import { ALL_FAULTS, expectedFindings, FAULTS, NO_FAULTS } from '../../../lab/faults.ts'
import { tlsFrontends, TLS_PORTS } from '../../../lab/haproxy.ts'
import { catalogUrls } from '../../../lab/keystone.ts'
import type { LabCerts } from '../../../lab/pki.ts'
import {
  hostByName,
  HOSTS,
  LAB_PREFIXES,
  METADATA_V4,
  METADATA_V6,
  MGMT,
  NET,
  RESOLVER2,
  RTR,
  VM6_PROVIDER,
} from '../../../lab/plan.ts'
import { networkData } from '../../../lab/network-data.ts'
import { NM_CONF, rhelGuestFiles } from '../../../lab/rhel-guests.ts'
import { addressModeOf } from '../../../lib/targets/resolve.ts'
import { digestNetworkData } from '../../../lib/observe/parse/metadata.ts'
import { intentsFor, parseNetconf } from '../../../lib/observe/parse/netconf/index.ts'
import { eui64Address, inPrefix as within } from '../../../lib/net/index.ts'
import { overlapProblems, overlaps } from '../../../lab/safety.ts'
import { APP_EXPORTER, CMP_HTTP_PORT, listenerSpecs } from '../../../lab/services.ts'
import { targetsYaml } from '../../../lab/targets.ts'
import { inventoryIni } from '../../../lab/access.ts'
import { CLIENT_KEY, OPS_KEY } from '../../../lab/sshd.ts'

/** targets.yaml as lab:up writes it, with the inventory lab:up writes beside it (target lab-inventory). */
const loadLabTargets = (label: string) =>
  loadTargetsText(targetsYaml(), label, { readInventory: () => inventoryIni({ client: CLIENT_KEY, ops: OPS_KEY }) })

describe('lab safety', () => {
  const thisMachine = {
    addresses: [
      { dev: 'lo', cidr: '127.0.0.1/8' },
      { dev: 'lo', cidr: '::1/128' },
      { dev: 'eth0', cidr: '192.0.2.2/24' },
      { dev: 'eth0', cidr: 'fd00::2/64' },
      { dev: 'eth0', cidr: 'fe80::fc:ff:fe00:1/64' },
    ],
    routes: [
      { dst: 'default', type: 'unicast', dev: 'eth0' },
      { dst: '192.0.2.0/24', type: 'unicast', dev: 'eth0' },
      { dst: 'fd00::/64', type: 'unicast', dev: 'eth0' },
      { dst: '203.0.113.0/24', type: 'unicast', dev: 'eth0' },
      // left by an earlier lab:up, on purpose
      { dst: '2001:db8::/32', type: 'unreachable', dev: 'lo' },
      { dst: '198.51.100.0/24', type: 'unreachable' },
    ],
  }

  test("this machine's networks and the registries' range never overlap the lab", () => {
    expect(overlapProblems(thisMachine)).toEqual([])
  })

  test('an address or a route inside the lab space is refused, naming it', () => {
    const p = overlapProblems({
      addresses: [...thisMachine.addresses, { dev: 'wg0', cidr: '2001:db8:0:1::99/64' }],
      routes: [
        ...thisMachine.routes,
        { dst: '198.51.100.128/25', type: 'unicast', dev: 'eth1' },
        { dst: '2001::/16', type: 'unicast', dev: 'tun0' },
      ],
    })
    expect(p).toEqual([
      "wg0 holds 2001:db8:0:1::99/64, inside the lab's 2001:db8::/32",
      "the route to 2001::/16 dev tun0 (unicast) overlaps the lab's 2001:db8::/32",
      "the route to 198.51.100.128/25 dev eth1 (unicast) overlaps the lab's 198.51.100.0/24",
    ])
  })

  test('overlap is containment either way, within one family', () => {
    expect(overlaps('2001:db8::/32', '2001:db8:5::/48')).toBe(true)
    expect(overlaps('2001::/16', '2001:db8::/32')).toBe(true)
    expect(overlaps('2001:db9::/32', '2001:db8::/32')).toBe(false)
    expect(overlaps('198.51.100.0/24', '198.51.101.0/24')).toBe(false)
    expect(overlaps('::ffff:198.51.100.0/120', '198.51.100.0/24')).toBe(false)
  })

  test('every address in the plan is documentation space or link-local', () => {
    const all = [
      ...Object.values(RTR),
      ...Object.values(MGMT),
      METADATA_V4,
      METADATA_V6,
      ...HOSTS.flatMap((h) => [
        h.address,
        ...h.links.flatMap((l) =>
          [l.v6, l.v4].filter((x): x is string => x !== undefined).map((a) => a.split('/')[0]!),
        ),
      ]),
    ]
    for (const a of all)
      expect(
        [...LAB_PREFIXES, '169.254.0.0/16', 'fe80::/10'].some((p) => inPrefix(a, p)),
        a,
      ).toBe(true)
  })
})

describe('the lab target and its expected findings', () => {
  const file = loadLabTargets('lab/.state/targets.yaml')

  const t = resolveTarget(file, 'lab')

  test('targets.yaml passes the same validation as a user file', () => {
    expect(t.hosts.map((h) => `${h.name} ${h.roles.join(',')} ${h.stack}`)).toEqual([
      'ctl controller ipv6-only',
      'cmp compute dual-stack',
      'vm1 guest ipv6-only',
      'vm2 guest ipv6-only',
      'vm3 dhcp-guest ipv6-only',
      'vm4 dhcp-guest ipv6-only',
      'vm5 guest ipv6-only',
      'vm6 guest ipv6-only',
      'app appliance ipv6-only',
      'ctr container-host ipv6-only',
    ])
    expect(t.hosts[0]?.configs.map((c) => c.path)).toContain('/etc/cinder/cinder.conf')
  })

  test('the target is dual-stack (for parity), with two resolvers, the endpoints and keystone', () => {
    expect(t.stack).toBe('dual-stack')
    expect(t.dns).toEqual({
      resolvers: ['[2001:db8:0:1::53]:53', '[2001:db8:0:1::54]:53'],
      names: ['rabbit.lab.test', 'db.lab.test', 'swift.lab.test', 'big.lab.test'],
      reverse: true,
    })
    expect(t.tls?.min_days_valid).toBe(14)
    expect(t.endpoints.map((e) => `${e.name} ${e.url} ${e.expect_status?.join(',')}`)).toEqual([
      'keystone-public https://keystone.lab.test/v3 200',
      'keystone-direct http://[2001:db8:0:1::11]:5000/v3 200',
      'keystone-other-ca https://api.lab.test:8443/v3 200',
      'keystone-ip https://[2001:db8:0:1::11]:9443/v3 200',
      'cmp-http http://cmp.lab.test:8080/ 200',
    ])
    // A project member, as Tempest's dynamic credentials are; the overlay suite carves its subnets from the /48.
    expect(t.openstack).toMatchObject({
      auth_url: 'https://keystone.lab.test/v3',
      username: 'v6ready',
      project: 'v6ready',
      region: 'RegionOne',
    })
    expect(t.openstack?.overlay).toEqual({ enabled: true, cidr: '2001:db8:100::/48' })
  })

  test('the tls.ca path, relative to targets.yaml in the state directory, is the CA that pki.ts writes', () => {
    expect(t.tls?.ca).toBe(CA_FILE)
  })

  test('every expected finding names a catalogued check and a subject the target knows', () => {
    const hosts = new Set(HOSTS.map((h) => h.name))
    const endpoints = new Set(t.endpoints.map((e) => e.name))
    const dnsSubjects = new Set([
      ...(t.dns?.resolvers ?? []),
      ...(t.dns?.names ?? []),
      ...t.endpoints.map((e) => new URL(e.url).hostname),
    ])
    const known = (check: string, subject: string): boolean => {
      if (check.startsWith('hosts.')) return hosts.has(subject.split(':')[0]!)
      if (check.startsWith('underlay.dns.')) return dnsSubjects.has(subject)
      // Overlay subjects are the modes and cases each check tries (lib/overlay/subjects.ts).
      if (isOverlayCheck(check)) return (OVERLAY_SUBJECTS[check] as readonly string[]).includes(subject)
      // Catalog entries are `<service type>/<interface>` (docs/design.md §5); the lab's catalog is keystone's own.
      return endpoints.has(subject) || /^identity\/(public|internal|admin)$/.test(subject)
    }
    for (const f of expectedFindings(ALL_FAULTS)) {
      expect(isCheckId(f.check), f.check).toBe(true)
      expect(known(f.check, f.subject), `${f.check} ${f.subject}`).toBe(true)
    }
  })

  test('each finding belongs to one fault, and the clean lab expects none', () => {
    const all = FAULTS.flatMap((f) => f.findings.map((x) => `${x.check} ${x.subject}`))
    expect(new Set(all).size).toBe(all.length)
    expect(expectedFindings(ALL_FAULTS)).toHaveLength(all.length)
    expect(expectedFindings(NO_FAULTS)).toEqual([])
  })
})

describe('what each fault changes in the services', () => {
  test('cmp answers HTTP on 8080: dual-stack [::] clean, 0.0.0.0 only under dual-stack-v4-only', () => {
    expect(listenerSpecs(NO_FAULTS).cmp).toContain(`[::]:${CMP_HTTP_PORT}/http`)
    expect(listenerSpecs(new Set(['dual-stack-v4-only'])).cmp).toContain(`0.0.0.0:${CMP_HTTP_PORT}/http`)
  })

  test("8080 is an endpoint, not one of the compute role's listeners, so the hosts suite does not judge it", () => {
    const t = resolveTarget(loadLabTargets('targets.yaml'), 'lab')
    expect(t.hosts.find((h) => h.name === 'cmp')?.listeners).not.toContainEqual(
      expect.objectContaining({ port: CMP_HTTP_PORT }),
    )
  })

  test('haproxy serves the good certificate on every port when clean, the wrong one where a fault says', () => {
    const certs: LabCerts = { good: 'good.pem', otherCa: 'other-ca.pem', noIpSan: 'no-ip-san.pem' }
    const served = (faults: Parameters<typeof tlsFrontends>[0]) =>
      tlsFrontends(faults, certs).map((f) => `${f.port} ${f.cert}`)
    expect(Object.values(TLS_PORTS)).toEqual([443, 8443, 9443])
    expect(served(NO_FAULTS)).toEqual(['443 good.pem', '8443 good.pem', '9443 good.pem'])
    expect(served(ALL_FAULTS)).toEqual(['443 good.pem', '8443 other-ca.pem', '9443 no-ip-san.pem'])
  })

  test('the keystone catalog: an IPv4 literal for internal and an uncompressed literal for admin, only under their faults', () => {
    expect(catalogUrls(ALL_FAULTS)).toEqual({
      public: 'https://keystone.lab.test/v3',
      internal: 'http://198.51.100.11:5000/v3',
      admin: 'http://[2001:db8:0:1:0:0:0:11]:5000/v3',
    })
    expect(catalogUrls(NO_FAULTS)).toEqual({
      public: 'https://keystone.lab.test/v3',
      internal: 'http://[2001:db8:0:1::11]:5000/v3',
      admin: 'http://[2001:db8:0:1::11]:5000/v3',
    })
  })

  test('the second resolver is where the resolver-no-tcp finding points', () => {
    expect(expectedFindings(new Set(['resolver-no-tcp']))).toContainEqual({
      check: 'underlay.dns.resolver-v6',
      subject: RESOLVER2,
    })
  })
})

describe('the hosts and guests clouds really have (RHEL ifcfg, two NICs, BusyBox, mixed forwarding)', () => {
  const t = resolveTarget(loadLabTargets('targets.yaml'), 'lab')
  const target = (name: string) => t.hosts.find((h) => h.name === name)!
  /** A guest's /etc as the observation reads it: the lab's files as parts, parsed by v6ready's own reader. */
  const netconf = (files: Record<string, string>) =>
    parseNetconf(Object.entries(files).map(([path, text]) => ({ label: `/${path}`, text, exit: 0, truncated: false })))

  test("vm5: cloud-init's ifcfg-eth0 without NM_CONTROLLED=no and a NetworkManager.conf, so NetworkManager reads it: stable-privacy under its fault, eui64 clean", () => {
    const mac = hostByName('vm5').links[0]!.mac
    const clean = rhelGuestFiles(NO_FAULTS).vm5
    expect(clean['etc/NetworkManager/NetworkManager.conf']).toBe(NM_CONF)
    expect(clean['etc/sysconfig/network-scripts/ifcfg-eth0']).not.toMatch(/NM_CONTROLLED/)
    expect(clean['etc/sysconfig/network-scripts/ifcfg-eth0']).toContain(`HWADDR=${mac}\n`)
    const read = (faults: typeof NO_FAULTS) => intentsFor(netconf(rhelGuestFiles(faults).vm5), 'eth0', mac)
    expect(read(NO_FAULTS).map((i) => `${i.reader} ${i.raBy} ${i.addrGen?.mode}`)).toEqual([
      'networkmanager networkmanager eui64',
    ])
    expect(read(new Set(['nm-stable-privacy'])).map((i) => `${i.reader} ${i.addrGen?.mode}`)).toEqual([
      'networkmanager stable-privacy',
    ])
    expect(expectedFindings(new Set(['nm-stable-privacy']))).toEqual([
      { check: 'hosts.privacy.addr-gen', subject: 'vm5:eth0' },
    ])
    expect(target('vm5')).toMatchObject({ address_mode: 'slaac', metadata: 'any' })
  })

  test('vm6: eth0 SLAAC, eth1 static at the address network_data.json gives its MAC, read by initscripts; the same document on the config drive and the metadata service', () => {
    const vm6 = hostByName('vm6')
    const [eth0, eth1] = vm6.links
    const files = netconf(rhelGuestFiles(ALL_FAULTS).vm6)
    expect(intentsFor(files, 'eth1', eth1!.mac)).toMatchObject([
      { reader: 'initscripts', static6: [VM6_PROVIDER.v6], ra: false },
    ])
    expect(intentsFor(files, 'eth0', eth0!.mac)).toMatchObject([{ reader: 'initscripts', ra: true }])
    // What v6ready keeps of the document (lib/observe/parse/metadata.ts), as the guest would fetch it.
    const nd = digestNetworkData(Buffer.from(JSON.stringify(networkData(vm6))).toString('hex'))
    expect(nd.networks).toEqual([
      { mac: eth0!.mac, type: 'ipv6_slaac', address: eui64Address(NET.guest6, eth0!.mac), prefixlen: 64 },
      { mac: eth1!.mac, type: 'ipv6', address: VM6_PROVIDER.v6.split('/')[0], prefixlen: 64 },
    ])
    expect(within(VM6_PROVIDER.v6.split('/')[0]!, NET.prov6)).toBe(true)
    const h = target('vm6')
    expect([addressModeOf(h, 'eth0'), addressModeOf(h, 'eth1'), h.metadata]).toEqual(['slaac', 'static', 'any'])
    expect(h.interfaces.eth1).toMatchObject({ ipv6: 'required', addresses: [VM6_PROVIDER.v6], accept_ra: false })
  })

  test('app: BusyBox tools, a static address and an exporter that listens on [::] clean and on 0.0.0.0 under its fault', () => {
    expect(HOSTS.filter((h) => h.tools === 'busybox').map((h) => h.name)).toEqual(['app'])
    expect(listenerSpecs(NO_FAULTS).app).toEqual([`[::]:${APP_EXPORTER.port}`])
    expect(listenerSpecs(new Set(['appliance-v4-listener'])).app).toEqual([`0.0.0.0:${APP_EXPORTER.port}`])
    expect(target('app').listeners.expected).toContainEqual(APP_EXPORTER)
    expect(target('app').interfaces.eth0).toMatchObject({
      addresses: [hostByName('app').links[0]!.v6],
      accept_ra: true,
    })
  })

  test('cmp forwards, and its provider-network interface eth1 is judged in host behaviour: static, RAs off', () => {
    const cmp = target('cmp')
    expect(cmp.forwarding).toBe(true)
    expect(cmp.interfaces.eth1).toMatchObject({
      ipv6: 'required',
      addresses: ['2001:db8:0:4::21/64'],
      accept_ra: false,
    })
    expect(hostByName('cmp').links.map((l) => `${l.ifname} ${l.bridge}`)).toEqual(['eth0 br-mgmt', 'eth1 br-prov'])
    // No finding is seeded on it: the lab's mixed forwarding is clean.
    expect(
      expectedFindings(ALL_FAULTS).filter((f) => f.subject === 'cmp:eth1' || f.check === 'hosts.sysctl.forwarding'),
    ).toEqual([])
  })
})
