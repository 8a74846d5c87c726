// The check catalog: stable IDs (users put them in waivers and include lists), titles in the
// operator's words, why each matters, and how to fix a failure. Never rename an ID: retire it.
import type { Suite } from '../verdict.ts'

export interface CheckInfo {
  id: string
  suite: Suite
  tags: string[]
  title: string
  /** Where the check comes from: the kernel rule, the RFC, or the field note. */
  rationale: string
  remedy: string
}

const hosts = (id: string, tags: string[], title: string, rationale: string, remedy: string): CheckInfo => ({
  id: `hosts.${id}`,
  suite: 'hosts',
  tags,
  title,
  rationale,
  remedy,
})

export const CATALOG: readonly CheckInfo[] = [
  hosts(
    'reach.ssh',
    ['smoke'],
    'The host is reached and observed',
    'Every other host check judges facts observed in one round trip; a host that cannot be reached cannot be judged, so its other checks are skipped with this cause.',
    'Check that sshd listens on the address in the targets file, that the host key matches known_hosts, and that the key or agent is accepted.',
  ),
  hosts(
    'sysctl.disable-ipv6',
    ['smoke'],
    'IPv6 is enabled on every interface that may carry it',
    'disable_ipv6=1 removes every IPv6 address and route from an interface. conf/all/disable_ipv6 means nothing when read (ip-sysctl.rst), so each interface is read on its own.',
    'sysctl -w net.ipv6.conf.<if>.disable_ipv6=0 and persist it in /etc/sysctl.d/; for an IPv4-only interface mark it `ipv6: forbidden` instead.',
  ),
  hosts(
    'sysctl.accept-ra',
    [],
    'Router advertisements are effectively accepted where expected',
    'The kernel accepts RAs on an interface iff accept_ra == 2, or accept_ra == 1 and forwarding == 0 (ip-sysctl.rst). A host that turns forwarding on with accept_ra 1 silently stops SLAAC, and its RA-learned addresses and default route expire.',
    'On forwarding hosts that rely on RAs set net.ipv6.conf.<if>.accept_ra=2; where RAs must be ignored (static or IPv4-only interfaces) set accept_ra=0.',
  ),
  hosts(
    'sysctl.forwarding',
    [],
    'IPv6 forwarding matches the role',
    'Compute and router hosts route tenant traffic and need forwarding=1 (seeds 001, 003); other hosts should not route. forwarding also changes what accept_ra and accept_redirects mean.',
    'sysctl -w net.ipv6.conf.all.forwarding=<0|1> and persist it in /etc/sysctl.d/.',
  ),
  hosts(
    'sysctl.redirects',
    ['security'],
    'Interfaces with a global address ignore ICMPv6 redirects',
    'A host accepts redirects iff accept_redirects == 1 and forwarding == 0 (ip-sysctl.rst); a redirect from any on-link node can steer traffic through it (the man-in-the-middle risk in the BOSH notes, seed 000).',
    'sysctl -w net.ipv6.conf.<if>.accept_redirects=0 and net.ipv6.conf.default.accept_redirects=0, persisted in /etc/sysctl.d/.',
  ),
  hosts(
    'sysctl.expected',
    [],
    'Every sysctl named in the targets file has its value',
    'Goss-style kernel-param expectations, compared as numbers where both sides are numbers. VLAN interfaces (eth0.100) are read by path, so the dot in their name cannot be misread.',
    'Set the value with sysctl -w and persist it in /etc/sysctl.d/ (use the / separator for interface names that contain a dot).',
  ),
  hosts(
    'addr.required',
    ['smoke'],
    'Expected IPv6 addresses are on their interfaces and usable',
    'A tentative address is not yet usable, a dadfailed one is a duplicate on the link, and a deprecated one is not chosen for new connections (RFC 4862 §5.5.4).',
    'Configure the address on the interface (netplan, ifupdown or NetworkManager); for dadfailed find the other node holding it.',
  ),
  hosts(
    'addr.forbidden',
    ['security'],
    'No global IPv6 appears on an IPv4-only interface',
    'An interface left with accept_ra on takes a SLAAC address from any router that speaks on the link (the SLAAC leak in the BOSH notes, seed 000).',
    'Set net.ipv6.conf.<if>.accept_ra=0 and autoconf=0 (or disable_ipv6=1) and remove the leaked address.',
  ),
  hosts(
    'addr.dad',
    [],
    'No address failed duplicate address detection',
    'A dadfailed address is held by another node on the link; the kernel keeps it but never uses it (RFC 4862 §5.4.5).',
    'Find the node that holds the same address (ip -6 neigh, switch tables) and give one of them another address.',
  ),
  hosts(
    'addr.link-local',
    [],
    'Every IPv6 interface has a link-local address',
    'Neighbour discovery, RAs and the metadata service at fe80::a9fe:a9fe all need a link-local address (RFC 4291 §2.1); addr_gen_mode 1 creates none.',
    'Set net.ipv6.conf.<if>.addr_gen_mode to 0 (EUI-64) or 2/3 (stable privacy), then toggle the link or disable_ipv6 to regenerate it.',
  ),
  hosts(
    'route.default',
    ['smoke'],
    'An IPv6 default route exists and its gateway is link-local or on-link',
    'Without a default route nothing beyond the link answers; a gateway that is neither link-local nor inside an on-link prefix is unreachable (RFC 4861 §6.3.4: routers are link-local neighbours).',
    'Add the default route (ip -6 route add default via fe80::1 dev <if>, or accept RAs), persisted in the network configuration.',
  ),
  hosts(
    'link.mtu',
    [],
    'IPv6 interfaces have an MTU of at least 1280',
    'IPv6 requires every link to carry 1280-byte packets (RFC 8200 §5); the kernel disables IPv6 on a link whose MTU is lower.',
    'Raise the interface MTU (ip link set <if> mtu 1500) and net.ipv6.conf.<if>.mtu to at least 1280.',
  ),
  hosts(
    'listeners.ipv6',
    ['smoke'],
    'Expected listeners accept IPv6',
    'A service bound to 0.0.0.0 is IPv4-only, and ::ffff:a.b.c.d is an IPv4 address in IPv6 notation (seed 004: "0.0.0.0 to ::").',
    'Bind the service to :: (or its IPv6 address) instead of 0.0.0.0.',
  ),
  hosts(
    'listeners.dual-stack',
    [],
    'On dual-stack targets, expected listeners accept IPv4 too',
    'A [::] socket takes IPv4 through v4-mapped addresses unless it is v6only (ss -e v6only:1, defaulting to net.ipv6.bindv6only; RFC 3493 §5.3). Peers that ignore this (Goss #149) report the wrong answer.',
    'Add an IPv4 socket beside the v6only one, or bind [::] with IPV6_V6ONLY=0.',
  ),
  hosts(
    'listeners.reachable',
    [],
    'Named listeners answer a TCP connect over IPv6 from the runner',
    'A listener can be bound right and still be filtered; only a real connect over AF_INET6, with the socket family recorded, shows that binds and firewalls agree (DESIGN principle 3).',
    'Open the port for IPv6 in ip6tables/nftables or the security group, and check the bind address.',
  ),
  hosts(
    'config.brackets',
    [],
    'IPv6 literals in config files are bracketed where a port or a URL needs it',
    'An unbracketed IPv6 address followed by a port is ambiguous (RFC 5952 §6: 2001:db8::1:80), and a URL host must be bracketed, with a zone as %25 (RFC 3986 §3.2.2, RFC 6874). Seed 004: cinder needed iscsi_ip_address = [$my_ip], or iscsiadm misread the portal. Each file is read by its own rules: nginx refuses any unbracketed IPv6 literal (ngx_parse_url takes the first colon as the port), haproxy takes the last colon as the port (str2sa_range), and a bare address with no port needs no brackets.',
    'Write [2001:db8::11]:3260 for an address with a port, and http://[2001:db8::11]:9292/ (http://[$my_ip]:9292/ with oslo.config references) in URLs.',
  ),
  hosts(
    'config.bind-any',
    [],
    'Service configs bind :: rather than the IPv4 wildcard alone',
    'A service told to bind 0.0.0.0 listens for IPv4 only (seed 004: "changed 0.0.0.0 to :: throughout"). nginx reads `listen 80;` as *:80, IPv4 only, and needs `listen [::]:80;` beside it in the same server block; haproxy reads `*` and 0.0.0.0 as INADDR_ANY and `::` as IN6ADDR_ANY (str2ip2).',
    'Set bind_host (and *_listen) to ::; in nginx add `listen [::]:<port>;` next to `listen <port>;`; in haproxy bind `:::<port> v4v6`.',
  ),
  hosts(
    'config.expanded',
    [],
    'Files marked `style: expanded` write every IPv6 address in full',
    'The BOSH Director stores and compares IPv6 addresses as strings, so manifests and cloud configs must not use `::` or drop leading zeros, even ::1 is 0000:0000:0000:0000:0000:0000:0000:0001 (seed 000).',
    'Write each address as eight groups of four hex digits; the finding shows the expanded form of each.',
  ),
  hosts(
    'resolver.v6-nameserver',
    ['smoke'],
    'On IPv6-only targets, resolv.conf holds an IPv6 nameserver',
    'An IPv6-only host cannot reach an IPv4 resolver, so every lookup times out.',
    'Add `nameserver <IPv6 address>` to resolv.conf (or the DHCPv6/RA RDNSS configuration that writes it).',
  ),
  hosts(
    'resolver.gai-precedence',
    [],
    'gai.conf does not make IPv4 win address selection',
    'glibc sorts getaddrinfo() results by the gai.conf policy table; `precedence ::ffff:0:0/96 100` puts IPv4 first, and any precedence line replaces the whole default table (gai.conf(5), RFC 6724 §2.1), so a partial table silently drops the defaults.',
    'Remove the precedence lines from /etc/gai.conf, or write the full RFC 6724 table with ::/0 above ::ffff:0:0/96.',
  ),
  hosts(
    'metadata.available',
    [],
    'Guests read their metadata from a source the role allows',
    'cloud-init (23.1 and later) tries http://[fe80::a9fe:a9fe%25<if>] before 169.254.169.254; Neutron serves fe80::a9fe:a9fe from 17.0.0 (ML2/OVN from 24.0.0), and the link-local address needs its zone, written %25 in a URL (RFC 6874). A config drive is a filesystem labelled config-2 holding openstack/latest/meta_data.json (cloud-init ConfigDrive, Tempest). A source counts only when meta_data.json parses as JSON with a uuid; v6ready reads a config drive but never mounts one (anchors.md §4.1, §4.2).',
    'IPv6: a Neutron router on the subnet or enable_isolated_metadata, and a link-local address on the guest port; IPv4: the same, and the route to 169.254.169.254; config drive: boot with --config-drive true and mount it read-only. If the proxy answers with something else, check neutron-metadata-agent and nova-api-metadata.',
  ),
  hosts(
    'privacy.addr-gen',
    [],
    "The guest's addresses are the ones Neutron's port security allows",
    "On slaac and dhcpv6-stateless subnets Neutron gives a port the modified EUI-64 of its MAC (RFC 4291 App. A) and port security drops every other source. addr_gen_mode 2 or 3 (RFC 7217 stable privacy, NetworkManager's default) makes another address, and use_tempaddr > 0 adds RFC 4941 temporary addresses (ip-sysctl.rst; anchors.md §5.5, and §1.1: Tempest's test_network_v6 fails on such guests). On dhcpv6-stateful subnets DHCPv6 gives the address, so only temporary addresses are judged.",
    'sysctl -w net.ipv6.conf.<if>.addr_gen_mode=0 and use_tempaddr=0 (persisted), or with NetworkManager nmcli connection modify <conn> ipv6.addr-gen-mode eui64 ipv6.ip6-privacy 0; then bounce the interface so the addresses are made again.',
  ),
]

const byId = new Map(CATALOG.map((c) => [c.id, c]))

export function checkInfo(id: string): CheckInfo {
  const c = byId.get(id)
  if (!c) throw new Error(`unknown check ${id}`) // a bug: judges only emit catalogued IDs
  return c
}

export const isCheckId = (id: string): boolean => byId.has(id)
