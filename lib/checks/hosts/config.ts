// hosts.config: IPv6 literals and binds in service configuration files.
import { at, configFiles } from '../subjects.ts'
import { hostCheck } from '../define.ts'

export const CONFIG_BRACKETS = hostCheck({
  id: 'hosts.config.brackets',
  tags: [],
  title: 'IPv6 literals in config files are bracketed where a port or a URL needs it',
  why: 'An unbracketed IPv6 address followed by a port is ambiguous (RFC 5952 §6: 2001:db8::1:80), and a URL host must be bracketed, with a zone as %25 (RFC 3986 §3.2.2, RFC 6874). In an Ocata IPv6 migration cinder needed iscsi_ip_address = [$my_ip], or iscsiadm misread the portal. Each file is read by its own rules: nginx refuses any unbracketed IPv6 literal (ngx_parse_url takes the first colon as the port), haproxy takes the last colon as the port (str2sa_range), and a bare address with no port needs no brackets.',
  fix: 'Write [2001:db8::11]:3260 for an address with a port, and http://[2001:db8::11]:9292/ (http://[$my_ip]:9292/ with oslo.config references) in URLs.',
  subjects: configFiles,
})

export const CONFIG_BIND_ANY = hostCheck({
  id: 'hosts.config.bind-any',
  tags: [],
  title: 'Service configs bind :: rather than the IPv4 wildcard alone',
  why: 'A service told to bind 0.0.0.0 listens for IPv4 only (an Ocata IPv6 migration "changed 0.0.0.0 to :: throughout"). nginx reads `listen 80;` as *:80, IPv4 only, and needs `listen [::]:80;` beside it in the same server block; haproxy reads `*` and 0.0.0.0 as INADDR_ANY and `::` as IN6ADDR_ANY (str2ip2).',
  fix: 'Set bind_host (and *_listen) to ::; in nginx add `listen [::]:<port>;` next to `listen <port>;`; in haproxy bind `:::<port> v4v6`.',
  subjects: configFiles,
})

export const CONFIG_EXPANDED = hostCheck({
  id: 'hosts.config.expanded',
  tags: [],
  title: 'Files marked `style: expanded` write every IPv6 address in full',
  why: "The BOSH Director stores and compares IPv6 addresses as strings, so manifests and cloud configs must not use `::` or drop leading zeros, even ::1 is 0000:0000:0000:0000:0000:0000:0000:0001 (Cloud Foundry's BOSH IPv6 notes).",
  fix: 'Write each address as eight groups of four hex digits; the finding shows the expanded form of each.',
  subjects: (h) => h.configs.filter((c) => c.style === 'expanded').map((c) => at(h, c.path)),
})

export const CONFIG_OVERLAY_MTU = hostCheck({
  id: 'hosts.config.overlay-mtu',
  tags: [],
  title: "Neutron's tunnel MTU accounts for the tunnel endpoints' IP version",
  why: "Neutron gives a tunnel network the MTU min(global_physnet_mtu, path_mtu) minus the outer IP header of [ml2] overlay_ip_version, minus the tunnel header (neutron/plugins/ml2/drivers/type_tunnel.py get_mtu, type_vxlan.py, type_geneve.py). The outer IP header is IP_HEADER_LENGTH {4: 20, 6: 40}; the tunnel header (outer Ethernet, UDP and the tunnel's own) is VXLAN_ENCAP_OVERHEAD 30 for VXLAN, [ml2_type_geneve] max_header_size for Geneve (default GENEVE_ENCAP_MIN_OVERHEAD 30) and GRE_ENCAP_OVERHEAD 22 for GRE (neutron_lib/constants.py). So VXLAN costs 50 bytes over IPv4 and 70 over IPv6. overlay_ip_version defaults to 4 (neutron/conf/plugins/ml2/config.py): with IPv6 tunnel endpoints (the OVS agent's [ovs] local_ip, the Linux bridge agent's [vxlan] local_ip) left at 4, tenant networks get an MTU 20 bytes too large, and full-size packets are dropped on the underlay. The interface that holds local_ip must carry the tenant MTU plus the overhead for local_ip's own family. The settings are read from the ini files the host lists (ml2_conf.ini, neutron.conf, openvswitch_agent.ini or linuxbridge_agent.ini); global_physnet_mtu defaults to 1500, path_mtu to 0 (unset). physical_network_mtus sets flat and VLAN networks only. An OVN chassis keeps its tunnel endpoint in the local Open vSwitch database, not in a file (ovn-controller(8): external_ids:ovn-encap-ip and ovn-encap-type); on hosts that list ini files it is read with ovs-vsctl --if-exists get, where ovs-vsctl is installed (the database socket may need root: ssh.become: sudo, docs/ssh.md). An IPv6 ovn-encap-ip is judged as an IPv6 local_ip, with the overhead of its ovn-encap-type (Geneve, VXLAN); where it lists several addresses the first is judged; the OVS agent's local_ip wins where both are set.",
  fix: 'With IPv6 tunnel endpoints (local_ip or ovn-encap-ip) set [ml2] overlay_ip_version = 6 in ml2_conf.ini on the neutron-server hosts and restart neutron-server; networks made before keep their MTU (openstack network set --mtu <mtu> <network>). Give the underlay interface an MTU of at least the tenant MTU plus the overhead (ip link set dev <if> mtu <n>, persisted), or lower global_physnet_mtu or path_mtu.',
  subjects: (h) => (h.configs.some((c) => c.format === 'ini') ? [h.name] : []),
})

/** The hosts.config checks, in report order: a new one is appended here. */
export const CONFIG_CHECKS = [CONFIG_BRACKETS, CONFIG_BIND_ANY, CONFIG_EXPANDED, CONFIG_OVERLAY_MTU] as const
