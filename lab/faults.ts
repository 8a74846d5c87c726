// The seeded faults. Each one is a real misconfiguration put into the lab, and the findings a
// correct run must report for it: a fault can have a cause and a symptom (accept_ra ignored, so no
// default route). `lab:up --clean` seeds none of them, and every check must pass but the four that
// cmp's user ops cannot read without sudo, which are skipped saying so (users.ts).
import { CMP_PROVIDER, RESOLVER2 } from './plan.ts'

export interface Finding {
  check: string
  subject: string
}

export interface Fault {
  id: FaultId
  what: string
  findings: Finding[]
}

const f = (check: string, subject: string): Finding => ({ check, subject })

export const FAULTS = [
  {
    id: 'ra-ignored-by-forwarding',
    what: 'cmp forwards and relies on RAs on eth0, but accept_ra is 1, which the kernel ignores while forwarding is on',
    findings: [f('hosts.sysctl.accept-ra', 'cmp:eth0'), f('hosts.route.default', 'cmp')],
  },
  {
    id: 'slaac-leak',
    what: 'ctl eth1 is IPv4-only (forbidden), yet accept_ra and autoconf are on: it takes a SLAAC address from the guest link',
    findings: [f('hosts.addr.forbidden', 'ctl:eth1'), f('hosts.sysctl.accept-ra', 'ctl:eth1')],
  },
  {
    id: 'redirects',
    what: 'vm1 accepts ICMPv6 redirects on eth0, which holds a global address',
    findings: [f('hosts.sysctl.redirects', 'vm1:eth0')],
  },
  {
    id: 'v4-only-listener',
    what: 'cinder-api on ctl listens on 0.0.0.0:8776 only',
    findings: [f('hosts.listeners.ipv6', 'ctl:8776'), f('hosts.listeners.reachable', 'ctl:8776')],
  },
  {
    id: 'v6only-listener',
    what: 'libvirtd on the dual-stack cmp listens on [::]:16509 with v6only and no IPv4 socket beside it',
    findings: [f('hosts.listeners.dual-stack', 'cmp:16509')],
  },
  {
    id: 'unbracketed-addr-port',
    what: 'cinder.conf writes an IPv6 iscsi address and port without brackets',
    findings: [f('hosts.config.brackets', 'ctl:/etc/cinder/cinder.conf')],
  },
  {
    id: 'unbracketed-url',
    what: 'nova.conf has an unbracketed IPv6 literal in transport_url',
    findings: [f('hosts.config.brackets', 'ctl:/etc/nova/nova.conf')],
  },
  {
    id: 'nginx-v4-listen',
    what: 'the nginx site has `listen 80;` and no IPv6 listen',
    findings: [f('hosts.config.bind-any', 'ctl:/etc/nginx/sites-enabled/default')],
  },
  {
    id: 'haproxy-v4-bind',
    what: 'haproxy binds 0.0.0.0:5000 only',
    findings: [f('hosts.config.bind-any', 'ctl:/etc/haproxy/haproxy.cfg')],
  },
  {
    id: 'compressed-bosh',
    what: 'the BOSH cloud config writes IPv6 addresses compressed, where BOSH wants them expanded',
    findings: [f('hosts.config.expanded', 'ctl:/srv/bosh/cloud-config.yml')],
  },
  {
    id: 'metadata-blocked',
    what: 'vm2 has no config drive and its route to the metadata service is blocked',
    findings: [f('hosts.metadata.available', 'vm2')],
  },
  {
    id: 'temporary-addresses',
    what: 'vm2 uses RFC 4941 temporary addresses, which Neutron port security drops',
    findings: [f('hosts.privacy.addr-gen', 'vm2:eth0')],
  },
  {
    id: 'low-mtu',
    what: 'cmp has a tunnel interface with MTU 1200, below the IPv6 minimum',
    findings: [f('hosts.link.mtu', 'cmp:tun0')],
  },
  {
    id: 'gai-prefers-v4',
    what: 'cmp has a gai.conf with `precedence ::ffff:0:0/96 100`, so IPv4 wins',
    findings: [f('hosts.resolver.gai-precedence', 'cmp')],
  },
  {
    id: 'guest-slaac-only',
    what: "vm4's netplan (NetworkManager renderer) does not ask DHCPv6 (no dhcp6: true, so ipv6.method=ignore) on a dhcpv6-stateful network: the RA has M=1 and no autonomous prefix, so it gets no global IPv6 address",
    findings: [f('hosts.guest.dhcpv6-client', 'vm4:eth0'), f('hosts.addr.required', 'vm4:eth0')],
  },
  {
    id: 'nat66',
    what: 'ctr masquerades its containers behind its own address: ip6tables -t nat POSTROUTING -s <fixed-cidr-v6> ! -o docker0 -j MASQUERADE',
    findings: [f('hosts.container.no-nat66', 'ctr')],
  },
  {
    id: 'ndp-proxy-missing',
    what: "ctr has no proxy neighbour entry for container c2, so the router's Neighbor Solicitations for c2 go unanswered",
    findings: [f('hosts.container.ndp-proxy', 'ctr:eth0')],
  },
  {
    id: 'nm-stable-privacy',
    what: "vm5's ifcfg-eth0 is read by NetworkManager (the ifcfg-rh plugin of its NetworkManager.conf; no NM_CONTROLLED=no) and says IPV6_ADDR_GEN_MODE=stable-privacy: NetworkManager makes eth0's SLAAC address by RFC 7217, not the EUI-64 that Neutron's port security allows",
    findings: [f('hosts.privacy.addr-gen', 'vm5:eth0')],
  },
  {
    id: 'appliance-v4-listener',
    what: "the exporter on the BusyBox appliance app listens on 0.0.0.0:9100 only: BusyBox's netstat shows it (app has no ss, and its ip prints no JSON)",
    findings: [f('hosts.listeners.ipv6', 'app:9100'), f('hosts.listeners.reachable', 'app:9100')],
  },
  {
    id: 'ptb-dropped',
    what: 'vm3 drops ICMPv6 Packet Too Big in nftables (icmpv6 type packet-too-big drop): path MTU discovery towards it blackholes',
    findings: [f('hosts.firewall.icmpv6', 'vm3')],
  },
  {
    id: 'jumbo-blackhole',
    what: "vm6's provider port eth1 has MTU 9000 for jumbo frames, but its switch port and cmp carry 1500: full-size packets from vm6 to cmp vanish with no Packet Too Big (a path MTU blackhole)",
    findings: [f('hosts.path.mtu', `vm6:eth1→${CMP_PROVIDER}`)],
  },
  {
    id: 'overlay-ip-version',
    what: "cmp's OVS agent tunnels VXLAN from an IPv6 local_ip (eth1), and ml2_conf.ini leaves overlay_ip_version at Neutron's default 4: tenant networks get an MTU 20 bytes too large",
    findings: [f('hosts.config.overlay-mtu', 'cmp')],
  },
  {
    id: 'orphaned-a',
    what: 'rabbit.lab.test keeps an A record 198.51.100.99 that no host holds any more',
    findings: [f('underlay.dns.no-orphan-a', 'rabbit.lab.test')],
  },
  {
    id: 'mapped-aaaa',
    what: "db.lab.test's only AAAA is ::ffff:198.51.100.11: IPv4 written as IPv6, which no IPv6 packet can reach",
    findings: [f('underlay.dns.aaaa', 'db.lab.test'), f('underlay.dns.aaaa-scope', 'db.lab.test')],
  },
  {
    id: 'resolvers-disagree',
    what: 'the second resolver is a stale secondary: it gives swift.lab.test one AAAA where the first gives two',
    findings: [f('underlay.dns.consistent', 'swift.lab.test')],
  },
  {
    id: 'resolver-no-tcp',
    what: "the second resolver answers on UDP only: nothing listens on TCP port 53, so big.lab.test's truncated answer cannot be fetched",
    findings: [f('underlay.dns.resolver-v6', RESOLVER2), f('underlay.dns.aaaa', 'big.lab.test')],
  },
  {
    id: 'catalog-v4-internal',
    what: "keystone's internal identity endpoint is an IPv4 literal, http://198.51.100.11:5000/v3",
    findings: [f('underlay.catalog.ipv6-only', 'identity/internal')],
  },
  {
    id: 'catalog-uncanonical-admin',
    what: "keystone's admin identity endpoint writes its IPv6 literal uncompressed, [2001:db8:0:1:0:0:0:11], not in RFC 5952 form",
    findings: [f('underlay.endpoint.url-format', 'identity/admin')],
  },
  {
    id: 'tls-other-ca',
    what: 'haproxy on ctl port 8443 serves a certificate from a CA the target does not trust',
    findings: [f('underlay.endpoint.tls', 'keystone-other-ca')],
  },
  {
    id: 'tls-no-ip-san',
    what: 'haproxy on ctl port 9443 serves a lab-CA certificate without the IP SAN, so a client dialling [2001:db8:0:1::11] cannot match it',
    findings: [f('underlay.endpoint.tls', 'keystone-ip')],
  },
  {
    id: 'dual-stack-v4-only',
    what: 'the HTTP service on the dual-stack cmp listens on 0.0.0.0:8080 only: cmp.lab.test has an AAAA, but IPv6 clients are refused',
    findings: [f('underlay.endpoint.tcp-v6', 'cmp-http'), f('underlay.endpoint.parity', 'cmp-http')],
  },
  {
    id: 'policy-no-stateful',
    what: "Neutron's policy file forbids project members to create DHCPv6-stateful subnets: the API answers 403 PolicyNotAuthorized",
    // Every check that needs a stateful subnet meets the 403; Neutron checks policy before it
    // validates, so even the invalid pairs with a stateful address mode get 403, not 400.
    findings: [
      f('overlay.network.dual-stack', 'dhcpv6-stateful,ipv4'),
      ...[
        'dhcpv6-stateful,dhcpv6-stateless',
        'dhcpv6-stateful,slaac',
        'dhcpv6-stateless,dhcpv6-stateful',
        'slaac,dhcpv6-stateful',
      ].map((s) => f('overlay.network.multi-prefix', s)),
      ...['dhcpv6-stateful', 'duplicate', 'none+dhcpv6-stateful', 'out-of-pool'].map((s) =>
        f('overlay.port.stateful-fixed-ip', s),
      ),
      f('overlay.router.interface', 'dhcpv6-stateful'),
      ...['dhcpv6-stateless+dhcpv6-stateful', 'slaac+dhcpv6-stateful'].map((s) => f('overlay.subnet.invalid-modes', s)),
      ...['dhcpv6-stateful', 'none+dhcpv6-stateful'].map((s) => f('overlay.subnet.modes', s)),
    ],
  },
] as const satisfies readonly { id: string; what: string; findings: Finding[] }[]

export type FaultId = (typeof FAULTS)[number]['id']

export type FaultSet = ReadonlySet<FaultId>

export const ALL_FAULTS: FaultSet = new Set(FAULTS.map((x) => x.id))
export const NO_FAULTS: FaultSet = new Set()

/** expected.json: one entry per finding of every seeded fault, sorted for stable diffs. */
export function expectedFindings(faults: FaultSet): Finding[] {
  return FAULTS.filter((x) => faults.has(x.id))
    .flatMap((x) => x.findings)
    .map((x) => ({ check: x.check, subject: x.subject }))
    .sort((a, b) => a.check.localeCompare(b.check) || a.subject.localeCompare(b.subject))
}
