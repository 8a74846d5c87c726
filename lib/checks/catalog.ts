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

const inSuite =
  (suite: Suite) =>
  (id: string, tags: string[], title: string, rationale: string, remedy: string): CheckInfo => ({
    id: `${suite}.${id}`,
    suite,
    tags,
    title,
    rationale,
    remedy,
  })

const underlay = inSuite('underlay')
const overlay = inSuite('overlay')
const hosts = inSuite('hosts')

/** In report order: underlay, overlay, hosts. */
export const CATALOG: readonly CheckInfo[] = [
  underlay(
    'dns.aaaa',
    ['smoke'],
    'Every checked name has an AAAA at every resolver',
    "A name without an AAAA cannot be reached by an IPv6-only client (RFC 3596 defines the AAAA record). Each of the target's resolvers is asked directly over IPv6, because clients use whichever one answers. An AAAA holding ::ffff:a.b.c.d is an IPv4 address in disguise and does not count (Internet.nl filters these out too).",
    'Add the AAAA record on the primary and check that every resolver serves it: dnsmasq host-record=<name>,<IPv6>; BIND <name>. IN AAAA <IPv6>; then dig @<resolver> <name> AAAA.',
  ),
  underlay(
    'dns.no-orphan-a',
    [],
    'No A record leads clients to an address no host holds',
    'A client that picks the A record (gethostbyname, a library that prefers IPv4, RFC 6724 §10.3) fails when the address is gone. Seed 004: an orphaned A record left from the dual-stack days made RabbitMQ try to bind an IPv4 address the host no longer had, and it would not start. On an IPv6-only target any A record is one; on a dual-stack target, one that no observed host holds.',
    'Delete the stale A record (or point it at the host that serves the name), and wait for its TTL before judging again.',
  ),
  underlay(
    'dns.aaaa-scope',
    [],
    "AAAA records hold global addresses, or addresses in the target's own prefixes",
    'A link-local AAAA needs a zone no DNS answer can carry, a ::ffff: one is IPv4, and 6to4 (2002::/16) or Teredo (2001::/32) addresses rank below IPv4 in the RFC 6724 policy table, so clients pick another address or fail. Documentation and ULA space are fine only where the target says they are its own (`prefixes`).',
    "Publish the address the service is served on from a global prefix; if the prefix is really the target's own (a lab in 2001:db8::/32, a ULA), list it under `prefixes` in the targets file.",
  ),
  underlay(
    'dns.resolver-v6',
    [],
    'Each resolver answers over IPv6, on UDP and on TCP',
    'Resolvers are queried over IPv6 only, as an IPv6-only client would. RFC 7766 makes DNS over TCP mandatory: an answer that does not fit in UDP (large RRsets, DNSSEC) is retried over TCP, and fails where TCP 53 is filtered. A resolver that REFUSEs every query has an ACL that leaves the runner out.',
    'Make the resolver listen on its IPv6 address (BIND listen-on-v6, Unbound interface:, dnsmasq listen-address) and open UDP and TCP 53 (ip6tables -I INPUT -p udp --dport 53 -j ACCEPT; the same with -p tcp); allow the runner in allow-query/access-control.',
  ),
  underlay(
    'dns.consistent',
    [],
    'All resolvers return the same AAAA set',
    'Clients use whichever resolver answers first, so resolvers that disagree make the same name work from one host and fail from another. The usual cause is a secondary serving a stale zone (a missed NOTIFY, a failed transfer) or split-horizon views.',
    'Compare the SOA serial at each resolver (dig @<resolver> <zone> SOA); fix NOTIFY and zone transfers (AXFR/IXFR) from the primary, or make the views give the runner the same answer.',
  ),
  underlay(
    'dns.reverse',
    [],
    'Every AAAA has a PTR that resolves back to it',
    'RFC 1912 §2.1: every address should have a matching PTR. sshd with UseDNS, Kerberos, RabbitMQ clustering and log tooling look addresses up and compare the answer forward again (forward-confirmed reverse DNS). Judged only with dns.reverse: true.',
    'Add the PTR in the ip6.arpa zone (the nibble name, RFC 3596 §2.5) pointing at the forward name, whose AAAA holds the address; dnsmasq host-record=<name>,<IPv6> writes both.',
  ),
  underlay(
    'endpoint.tcp-v6',
    ['smoke'],
    'Every endpoint accepts a TCP connection over IPv6 at each of its addresses',
    "The OPNFV underlay test asks one question: are the endpoints really listening on IPv6 (seed 001)? Every AAAA of the URL's name (or its literal) is dialled over AF_INET6, and the family of the connected socket is recorded, so nothing falls back to IPv4 silently (DESIGN principle 3). Refused means nothing listens there; a timeout means a filter.",
    'Bind the service or the HAProxy frontend to :: (or the IPv6 address), and open the port for IPv6: ip6tables -I INPUT -p tcp --dport <port> -j ACCEPT, or the security group.',
  ),
  underlay(
    'endpoint.http-v6',
    [],
    'Every endpoint answers HTTP with the expected status over IPv6',
    'A port that accepts a connection can still have no working service behind it: HAProxy bound to :: with a backend down, or a backend that only listens on IPv4 (seed 004). The request goes over IPv6 only, pinned to an address that connected, and the status must be one the targets file expects (200-399 by default).',
    "Check the service behind the endpoint and the proxy's backend (a 503 from HAProxy means no backend is up), or list the real status in expect_status.",
  ),
  underlay(
    'endpoint.tls',
    ['security'],
    "Every HTTPS endpoint presents a certificate from the target's CA, naming the host, not about to expire",
    'Seed 004: "certificates must be issued from our PKI and trusted. No snake oil certificates or self-signed monkey business." The chain is verified against tls.ca alone, never the system store; the SANs must cover the URL\'s host (an IP SAN for an IP-literal URL; the CN is never used, RFC 6125), and nothing in the chain may expire within min_days_valid.',
    "Install a certificate issued by the CA in tls.ca, with subjectAltName covering the URL's host, and serve the intermediates with it (HAProxy: the crt file holds leaf, intermediates and key); renew before min_days_valid.",
  ),
  underlay(
    'endpoint.parity',
    [],
    'On dual-stack targets, endpoints answer the same over IPv4 and IPv6',
    'Internet.nl\'s "same website on IPv6 and IPv4": the same ports and status codes over both families. A service that answers over one family only, or differently, breaks whichever clients RFC 6724 sends the other way.',
    "Make both families reach the same frontend and backend: compare the proxy's IPv4 and IPv6 binds (HAProxy bind :::<port> v4v6, nginx listen [::]:<port>) and where each sends requests.",
  ),
  underlay(
    'endpoint.url-format',
    [],
    'IPv6 literals in endpoint and catalog URLs are bracketed and canonical',
    'RFC 3986 §3.2.2 requires brackets around an IPv6 literal in a URI (without them 2001:db8::1:5000 reads as an address or as a port, RFC 5952 §6); RFC 5952 gives one text per address, so URLs compare and match certificates and configs; a zone ID is written %25<zone> (RFC 6874), and RFC 9844 deprecates zones in web URLs.',
    'Write the URL with the canonical literal in brackets, e.g. http://[2001:db8::11]:5000/v3 (openstack endpoint set --url ... <endpoint-id> for catalog entries).',
  ),
  underlay(
    'catalog.ipv6-only',
    ['smoke'],
    'Every Keystone catalog endpoint can be reached over IPv6',
    'Clients dial what the catalog tells them, on every interface (public, internal, admin: seed 001). An IPv4 literal or a name without an AAAA leaves IPv6-only clients and services with nothing to dial, however well the auth URL works.',
    "Point each endpoint at a bracketed IPv6 literal or a name with an AAAA: openstack endpoint set --url 'http://[2001:db8::11]:5000/v3' <endpoint-id>.",
  ),
  underlay(
    'catalog.reachable',
    [],
    'Every Keystone catalog endpoint answers over IPv6',
    'The OPNFV underlay test reuses the catalog to check that each API listens on IPv6 (seed 001). Any answer below 500 counts, 401 and 404 included: the service itself answered; a 5xx or no answer means nothing usable is behind the URL.',
    "Make the service listen on the catalog URL's IPv6 address and port, open the port for IPv6, and check the proxy's backend for a 5xx.",
  ),
  overlay(
    'network.crud',
    ['smoke'],
    'An IPv6 tenant network, subnet and port are created, shown, listed, updated and deleted',
    "OPNFV's overlay test starts here (seed 001): Tempest's NetworksIpV6Test runs test_create_update_delete_network_subnet, test_show_network, test_list_networks, test_show_subnet, test_list_subnets, the _fields variants, test_delete_network_with_subnet and the create_delete_subnet_with_* tests with IPv6 data, and PortsIpV6TestJSON test_create_update_delete_port, test_show_port, test_list_ports and test_create_port_in_allowed_allocation_pools. v6ready creates one subnet with every optional attribute (gateway, allocation pools, DNS servers, host routes) and compares the answer as addresses, not text (RFC 5952: many texts, one address).",
    'Read the finding: a refused call names its NeutronError type (PolicyNotAuthorized: allow create_network/create_subnet in neutron-server\'s policy for the project; InvalidInput: see the message; 5xx: neutron-server\'s log); an attribute not echoed points at a plugin or extension that drops it.',
  ),
  overlay(
    'subnet.modes',
    ['smoke'],
    'Subnets are accepted in every valid (ipv6_ra_mode, ipv6_address_mode) pair, with both echoed',
    'Neutron offers slaac, dhcpv6-stateless and dhcpv6-stateful (RFC 4862 SLAAC; RFC 8415 DHCPv6 with and without addresses), set by two attributes: the RA mode (radvd) and the address mode (dnsmasq). Equal values, or one of them unset, are valid (anchors.md §4.3; Tempest NetworksIpV6TestAttrs.test_create_delete_subnet_with_v6_attributes_{slaac,stateless,stateful}, NetworksTestDHCPv6.test_dhcp_stateful). An auto-address subnet can be deleted while ports hold its addresses, and the network then still refuses deletion (test_create_delete_{slaac,stateless}_subnet_with_ports).',
    "If a mode is refused by policy, allow it for tenants (or waive the subject where the cloud deliberately offers fewer modes); if the attributes come back empty, the ML2 mechanism driver or plugin ignores them: check neutron-server's log and the driver's IPv6 support.",
  ),
  overlay(
    'subnet.invalid-modes',
    [],
    'Every mismatched (ipv6_ra_mode, ipv6_address_mode) pair is refused with 400',
    "If both attributes are set they must be equal (db_base_plugin_v2 _validate_ipv6_combination; anchors.md §4.3): a router advertising SLAAC while DHCPv6 hands out addresses gives guests two contradicting answers (RFC 4861 §4.2 M and O flags). Tempest's test_dhcpv6_invalid_options tries the six pairs in one loop; here each pair is its own test, so one accepted pair doesn't hide the others.",
    'Neutron (or a plugin in front of it) accepted an inconsistent subnet: upgrade or fix the plugin\'s validation, and delete such subnets (openstack subnet list --ipv6-ra-mode/--ipv6-address-mode).',
  ),
  overlay(
    'subnet.gateway',
    [],
    'The default gateway lies inside the subnet and is never handed to a port; an explicit gateway is honoured and a router interface takes it',
    "Guests route through the subnet's gateway, so a gateway outside the subnet or given to a VM breaks every guest's default route. Neutron's IPv6 default is the subnet-router anycast address (RFC 4291 §2.6.1; lab-notes §5), which pools must leave out. Tempest's test_create_delete_subnet_with_default_gw always sends ::1 itself, so it never sees Neutron's default; test_create_delete_subnet_with_gw asks for prefix::2, and test_dhcp_stateful_router expects the router interface to take the gateway.",
    'Set gateway_ip inside the subnet and keep it out of the allocation pools (openstack subnet set --gateway <address> and --allocation-pool start=,end=); a port holding the gateway address must be deleted or moved.',
  ),
  overlay(
    'port.eui64',
    ['smoke'],
    'On slaac and dhcpv6-stateless subnets a port gets exactly the modified EUI-64 address of its MAC',
    "The guest builds its SLAAC address from its MAC (RFC 4862 §5.5.3, modified EUI-64 of RFC 4291 App. A: ff:fe inserted, the U/L bit flipped), and port security drops any other source, so Neutron must record exactly that address. v6ready computes it itself, never from Neutron (Tempest's test_dhcpv6_stateless_eui64 and _no_ra use oslo's get_ipv6_addr_by_EUI64); with neither mode set the port must get a pool address instead (test_dhcpv6_stateless_no_ra_no_dhcp).",
    "A port on an auto-address subnet without its EUI-64 address means Neutron's IPAM or a plugin broke the rule: check ipam_driver and the mechanism driver; the subnet must be a /64. Guests on such ports need the matching address (see hosts.privacy.addr-gen).",
  ),
  overlay(
    'port.stateful-fixed-ip',
    [],
    'On dhcpv6-stateful subnets a requested fixed IP is honoured; one after the pool gets 400; a taken one gets 409',
    "DHCPv6-stateful hands out what Neutron recorded (RFC 8415 IA_NA), so Neutron alone guarantees uniqueness and range. Tempest's test_dhcp_stateful, test_dhcp_stateful_fixedips (three mode pairs), test_dhcp_stateful_fixedips_outrange (pool end + 1 and + 2) and test_dhcp_stateful_fixedips_duplicate (a Conflict), one test per case.",
    'Neutron gave out an address it should have refused: check ipam_driver and the plugin; until fixed, watch for duplicate addresses (openstack port list --fixed-ip ip-address=<address>).',
  ),
  overlay(
    'router.interface',
    ['smoke'],
    'IPv6 router interfaces are added and removed by subnet and by port; an interface by subnet takes the gateway',
    "Tenant IPv6 leaves its network through a router port holding the subnet's gateway, which also sends the RAs (radvd) for slaac and stateless subnets. Tempest's RoutersIpV6Test (test_create_show_list_update_delete_router, test_add_remove_router_interface_with_subnet_id and _with_port_id, test_add_multiple_router_interfaces) and NetworksTestDHCPv6.test_dhcp_stateful_router.",
    "Check that the L3 service plugin is loaded (service_plugins = router) and its policy allows add_router_interface for the project; an interface that doesn't take the gateway needs the subnet's gateway_ip fixed (see overlay.subnet.gateway).",
  ),
  overlay(
    'secgroup.ipv6-rules',
    [],
    'IPv6 security group rules are created as asked; a prefix of the other family is refused',
    "Without ICMPv6 (ipv6-icmp) neighbour discovery, RAs and path MTU discovery break (RFC 4890); rules must keep ethertype IPv6 and ::/0. A new group must let IPv6 out as it does IPv4. Tempest's SecGroupIPv6Test (test_create_list_update_show_delete_security_group, test_create_show_delete_security_group_rule, test_create_security_group_rule_with_icmp_type_code with protocol ipv6-icmp, test_list_security_groups) and NegativeSecGroupIPv6Test.test_create_security_group_rule_wrong_ip_prefix_version.",
    "Use ethertype IPv6 with IPv6 prefixes and protocol ipv6-icmp (openstack security group rule create --ethertype IPv6 --protocol ipv6-icmp <group>); if the default groups lack the IPv6 egress rule, restore it in the default security group rules.",
  ),
  overlay(
    'network.dual-stack',
    [],
    'A network with an IPv4 and an IPv6 subnet gives a port one address of each',
    "Dual-stack tenants are the migration path: a port must keep its IPv4 address and get its IPv6 one (EUI-64 on auto-address subnets), whichever subnet came first. Tempest's NetworksTestDHCPv6.test_dhcpv6_64_subnets (both orders) and NetworksIpV6Test.test_create_list_subnet_with_no_gw64_one_network (an IPv4 subnet without gateway beside an IPv6 one).",
    'A port missing one family needs a look at the plugin and IPAM (ipam_driver); a port with the wrong IPv6 address is the overlay.port.eui64 finding again.',
  ),
  overlay(
    'network.multi-prefix',
    [],
    'Two IPv6 prefixes on one network give a port one address in each',
    "Renumbering and multi-prefix networks give guests one address per prefix (RFC 4862 per-prefix SLAAC); Neutron must record them all, or port security drops the guest's traffic from the other one. Tempest's scenario test_multi_prefix_slaac and _dhcpv6_stateless check this in guests; the API side is NetworksTestDHCPv6.test_dhcpv6_two_subnets (an auto-address subnet beside a stateful one, both orders).",
    'A port without an address in every auto-address prefix of its network has a plugin that allocates only on the named subnet: check the mechanism driver and IPAM.',
  ),
  overlay(
    'bulk',
    [],
    'IPv6 networks, subnets and ports are created by one bulk request and deleted again',
    "Orchestration (Heat, Terraform, Kubernetes' cloud provider) creates many resources at once with Neutron's bulk API ({\"networks\": [...]}), which takes another code path than single creates. Tempest's BulkNetworkOpsIpV6Test: test_bulk_create_delete_network, _subnet and _port (all smoke).",
    "If the bulk request is refused the plugin lacks native bulk support (or the policy forbids it): check neutron-server's log; if items come back wrong, the bulk path drops IPv6 attributes.",
  ),
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
    "Compute and router hosts route tenant traffic and need IPv6 forwarding (seeds 001, 003); other hosts should not route. The kernel forwards IPv6 packets when net.ipv6.conf.all.forwarding is 1, and writing it sets every interface's forwarding too (ip-sysctl.rst). A per-interface forwarding value does not forward anything: it picks that interface's host or router behaviour (RAs taken with accept_ra 1, redirects, the router flag in Neighbour Advertisements), which hosts.sysctl.accept-ra and hosts.sysctl.redirects judge; an interface with forwarding 0 on a forwarding host is no finding here. Linux 6.17's per-interface force_forwarding forwards what arrives on that interface whatever all.forwarding says, so a host that must not route needs it at 0.",
    'sysctl -w net.ipv6.conf.all.forwarding=<0|1> and persist it in /etc/sysctl.d/ (it resets every interface\'s forwarding, and 0 clears force_forwarding); where a forwarding interface must keep taking RAs, set its accept_ra to 2.',
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
    "On slaac and dhcpv6-stateless subnets Neutron gives a port the modified EUI-64 of its MAC (RFC 4291 App. A) and port security drops every other source. addr_gen_mode 2 or 3 (RFC 7217 stable privacy, NetworkManager's default) makes another address, and use_tempaddr > 0 adds RFC 4941 temporary addresses (ip-sysctl.rst; anchors.md §5.5, and §1.1: Tempest's test_network_v6 fails on such guests). On dhcpv6-stateful subnets DHCPv6 gives the address, so only temporary addresses are judged. Each interface is judged by its own address_mode (the host's is the default): a static interface must hold the fixed address Nova gives its MAC in network_data.json (read from the config drive, else the metadata service), and none is not judged. NetworkManager and systemd-networkd make SLAAC addresses themselves, so the profile decides there: NetworkManager's ipv6.addr-gen-mode from its keyfile or ifcfg file (IPV6_ADDR_GEN_MODE), where an unset value means default-or-eui64, and default falls back to NetworkManager.conf's ipv6.addr-gen-mode, else stable-privacy (profiles NetworkManager itself creates).",
    'sysctl -w net.ipv6.conf.<if>.addr_gen_mode=0 and use_tempaddr=0 (persisted), or with NetworkManager nmcli connection modify <conn> ipv6.addr-gen-mode eui64 ipv6.ip6-privacy 0; then bounce the interface so the addresses are made again.',
  ),
  hosts(
    'guest.dhcpv6-client',
    [],
    'Guests on DHCPv6 networks ask DHCPv6 on every IPv6 interface, and hold their lease',
    "On a dhcpv6-stateful subnet the RA carries M=1 and no autonomous prefix (anchors.md §4.3), so a guest that only does SLAAC gets no global address at all; on dhcpv6-stateless it gets its address but not its DNS servers and options. Images often ship SLAAC-only configurations (seed 002 had to enable DHCPv6 on first boot; seed 003 wants a DHCPv6 request on every interface). The configuration is read from ifupdown (inet6 dhcp; inet6 auto with dhcp 1), netplan (dhcp6, and its renderer: with NetworkManager an unset dhcp6 becomes ipv6.method=ignore), NetworkManager keyfiles (ipv6.method auto follows the RA's M/O flags, dhcp is DHCPv6 only, ignore leaves SLAAC to the kernel), systemd-networkd (which starts DHCPv6 itself when the RA sets M or O, unless [IPv6AcceptRA] DHCPv6Client=no; without RAs only DHCP=ipv6 with [DHCPv6] WithoutRA= starts it, and UseAddress=no takes no address; only the first matching .network file applies) and RHEL's ifcfg files with /etc/sysconfig/network (read by initscripts with NM_CONTROLLED=no or without NetworkManager: DHCPV6C=yes runs dhclient -6, -S in DHCPV6C_OPTIONS for options only; otherwise by NetworkManager's ifcfg-rh: IPV6INIT unset means ipv6.method ignore, IPV6_AUTOCONF=yes auto, DHCPV6C=yes alone dhcp). A stateful guest must also hold the leased address: a global, non-SLAAC address with the lease's lifetime, checked against dhclient's lease file when there is one.",
    'ifupdown: iface <if> inet6 dhcp (stateless: dhcp 1 under inet6 auto); netplan: dhcp6: true, then netplan apply; NetworkManager: nmcli connection modify <conn> ipv6.method auto (or dhcp); systemd-networkd: [Network] DHCP=ipv6 (or yes) without DHCPv6Client=no; ifcfg: DHCPV6C=yes (stateless: DHCPV6C_OPTIONS=-S) with initscripts, IPV6INIT=yes and IPV6_AUTOCONF=yes with NetworkManager. Files written by cloud-init are rewritten at boot: fix the image or the subnet mode. If the client asks and gets no lease, check the subnet\'s DHCPv6 server (Neutron\'s DHCP agent) and that the RA says M=1.',
  ),
  hosts(
    'guest.ra-solicit',
    [],
    'Guests on SLAAC networks take RAs, solicit them, and route by them',
    "On slaac and dhcpv6-stateless subnets the guest's address and default route come from Router Advertisements (RFC 4861, RFC 4862). The kernel takes RAs only with accept_ra 2, or 1 while not forwarding (ip-sysctl.rst); systemd-networkd and NetworkManager take them in user space and set accept_ra to 0 on purpose, so their configuration (IPv6AcceptRA, ipv6.method, or an ifcfg file's IPV6_AUTOCONF read by NetworkManager) decides there; with initscripts, IPV6_AUTOCONF and IPV6_FORCE_ACCEPT_RA set accept_ra. Only slaac and dhcpv6-stateless interfaces are judged (each interface's address_mode, the host's as the default): a static or stateful one takes no address from RAs. BusyBox's ip prints no route protocol, so where it is the host's ip the RA-learned route cannot be told and the check is skipped saying so. A guest with router_solicitations 0 sends no Router Solicitation and waits up to MaxRtrAdvInterval for an unsolicited RA after boot (seed 003: router solicitation delay; -1 means unlimited). The default route must be the one learned from the RA (proto ra), not a static guess; accept_ra_defrtr 0 takes RAs without it.",
    'sysctl -w net.ipv6.conf.<if>.accept_ra=1 (2 if the guest forwards), router_solicitations=-1 (or 3) and accept_ra_defrtr=1, persisted in /etc/sysctl.d; netplan accept-ra: true; NetworkManager ipv6.method auto; systemd-networkd IPv6AcceptRA=yes. Remove static IPv6 default routes; if none is learned, check that the subnet\'s router sends RAs with a router lifetime.',
  ),
  hosts(
    'container.daemon-ipv6',
    [],
    "Docker's daemon.json turns IPv6 on with a container prefix",
    'Docker gives containers IPv6 only when daemon.json sets "ipv6": true with a "fixed-cidr-v6" for the default bridge (seed 001, the OPNFV container notes); without them containers are IPv4-only however the host is set up.',
    'Set {"ipv6": true, "fixed-cidr-v6": "<prefix>/80"} in /etc/docker/daemon.json and restart dockerd.',
  ),
  hosts(
    'container.cidr',
    [],
    'The container prefix is at least a /80 and fits the host',
    "Docker puts a container's 48-bit MAC in the last 48 bits of its IPv6 address, so fixed-cidr-v6 may be at most 128 - 48 = 80 bits long (seed 001: at least a /80, so addresses end with the MAC and NDP neighbour caches are not invalidated); a /96 leaves 32. In routed mode the prefix must overlap no on-link prefix of the host's other interfaces (the docker bridge, which holds the prefix's gateway, aside), or the router on that link asks for the containers by Neighbor Solicitation instead of routing to the host; in ndp-proxy mode it must sit inside the uplink's on-link prefix, which is what the proxy answers for.",
    'Give fixed-cidr-v6 a /80 (or shorter): routed, a prefix routed to this host and used nowhere else; ndp-proxy, a /80 inside the uplink /64. Restart dockerd.',
  ),
  hosts(
    'container.no-nat66',
    [],
    'No IPv6 NAT on the container host',
    "IPv6 has addresses enough for every container: NAT66 (ip6tables MASQUERADE/SNAT, or masquerade/snat of IPv6 in an nft ip6 or inet table) hides containers behind the host, breaks end-to-end reachability and inbound connections, and is what the OPNFV notes recommend against (seed 001). Both ip6tables-save and nft are read; an iptables-nft rule shows in both and is reported once per host. Legacy ip6tables rules show in neither, so when ip6tables-save warns of legacy tables the check is not judged. Route the container prefix, or proxy NDP for it.",
    'Remove the rule (ip6tables -t nat -D POSTROUTING <rule>, or nft delete rule ip6 nat <chain> handle <n>); for Docker set "ip6tables": false or drop "ipv6nat"/"experimental" NAT, and route the container prefix to the host.',
  ),
  hosts(
    'container.ndp-proxy',
    [],
    'Containers sharing the uplink prefix are answered for by NDP proxy',
    "When containers take addresses from the uplink's own /64 (Docker's ndp-proxy setup, seed 001), the router on the link asks for them by Neighbor Solicitation, and only the host can answer. The kernel answers for an address not its own only when the uplink forwards, proxy_ndp is set on the uplink or in all, and a proxy neighbour entry for that address exists on the uplink (net/ipv6/ndisc.c, ndisc_recv_ns). Containers are the neighbour entries inside fixed-cidr-v6 on the docker bridge; one without a proxy entry is unreachable from outside the host.",
    'sysctl -w net.ipv6.conf.<uplink>.forwarding=1 and net.ipv6.conf.<uplink>.proxy_ndp=1 (persisted), and ip -6 neigh add proxy <container address> dev <uplink> for each container (ndppd can maintain them).',
  ),
]

const byId = new Map(CATALOG.map((c) => [c.id, c]))

export function checkInfo(id: string): CheckInfo {
  const c = byId.get(id)
  if (!c) throw new Error(`unknown check ${id}`) // a bug: judges only emit catalogued IDs
  return c
}

export const isCheckId = (id: string): boolean => byId.has(id)
