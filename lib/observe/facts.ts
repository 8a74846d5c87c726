// Typed facts parsed from one host's raw observation. Parsers fill these; judges read them.
import type { ConfigFormat, ParsedConfig } from '../config/index.ts'
import type { PingResult } from './parse/ping.ts'

export type AddrFamily = 'inet' | 'inet6'

export interface Address {
  family: AddrFamily
  /** RFC 5952 canonical text for inet6, dotted quad for inet; no prefix, no zone. */
  address: string
  prefixlen: number
  scope: string // global | link | host | site | <number>
  /** Kernel address flags that change its usability (ip -j boolean keys). */
  tentative: boolean
  dadfailed: boolean
  deprecated: boolean
  temporary: boolean
  /** Learned from an RA (SLAAC): the kernel marks it "dynamic". */
  dynamic: boolean
  noprefixroute: boolean
  mngtmpaddr: boolean
  /** Who made it (ip -j "protocol", kernel 5.18+): kernel_ra (SLAAC), kernel_ll, kernel_lo; absent when unset (static, or a DHCPv6 client). */
  protocol?: string
  /** Seconds; 'forever' is Infinity. */
  validLft: number
  preferredLft: number
}

export interface Interface {
  name: string
  index: number
  /** e.g. eth0.100 for a VLAN; its parent is eth0 (ip -j "link"). */
  link?: string
  mtu: number
  operstate: string // UP | DOWN | UNKNOWN | LOWERLAYERDOWN ...
  flags: string[] // UP, LOWER_UP, LOOPBACK, ...
  linkType: string // ether | loopback | none ...
  mac?: string
  addresses: Address[]
}

export interface Route {
  /** 'default' or canonical prefix text "2001:db8::/64". */
  dst: string
  gateway?: string
  dev?: string
  protocol: string // kernel | ra | static | boot | dhcp ...
  metric: number
  type: string // unicast | unreachable | ...
  /** ECMP next hops, when the route has several. */
  nexthops?: { gateway?: string; dev?: string }[]
  flags: string[]
}

/** /proc/sys/net/ipv6/conf/<name>/<key> values, keyed by conf directory name (all, default, eth0, eth0.100). */
export type SysctlConf = Record<string, Record<string, string>>

export interface Sysctls {
  conf: SysctlConf
  /** net.ipv6.bindv6only: the default of IPV6_V6ONLY for new sockets. */
  bindv6only?: number
  /** Any other sysctl read because the targets file names it, keyed by its path under /proc/sys (net/ipv4/ip_forward). */
  named: Record<string, string>
}

export interface Listener {
  /** The socket's own family: an AF_INET6 socket bound to ::ffff:a.b.c.d is 'inet6'. */
  family: AddrFamily
  /** Local address as the kernel holds it: '0.0.0.0', '::', '::ffff:127.0.0.1', '2001:db8::1'. */
  address: string
  zone?: string
  port: number
  /** From `ss -e` v6only:0/1; undefined when ss did not say (then net.ipv6.bindv6only decides). */
  v6only?: boolean
  process?: string
  pid?: number
}

export interface ResolvConf {
  nameservers: string[] // as written (zones kept)
  search: string[]
  options: string[]
}

export interface GaiRule {
  kind: 'precedence' | 'label' | 'scopev4'
  prefix: string // canonical "::ffff:0:0/96"
  value: number
  line: number
}

export interface GaiConf {
  present: boolean
  rules: GaiRule[]
  reload?: boolean
}

/** Who ran the observation (the `id` section). */
export interface Identity {
  uid: number
  user: string
  /** Set when the observation ran through `become: sudo`: the user who logged in. */
  sudoUser?: string
}

/** One config file named in the targets file, as the observation script read it (redacted). */
export interface ConfigText {
  path: string
  /** ok: read; absent: no such file (or a dangling link); unreadable: a directory, or the SSH user may not read it. */
  state: 'ok' | 'absent' | 'unreadable'
  /** Why it was unreadable, in words. */
  reason?: string
  /** Unreadable because the observing user may not open it (not a directory or a special file). */
  denied?: true
  /** The text with secrets redacted; when truncated, without its cut last line. */
  text?: string
  /** Size on the host, in bytes. */
  size: number
  /** Bigger than the script reads (CONFIG_LIMIT): only the first part is judged. */
  truncated: boolean
  /** The text read as the format the targets file gives the file; absent unless read (ok) and named there. */
  parsed?: ParsedConfigFile
}

/** A config file's values as its format's reader finds them (lib/config); `error` says why it does not parse. */
export interface ParsedConfigFile extends ParsedConfig {
  format: ConfigFormat
  /** The text's lines, so that a finding quotes its line as written. */
  lines: string[]
}

/**
 * What a metadata body was, digested on the runner (parse/metadata.ts) so the body itself, which
 * can hold admin_pass, keys and user data, is never stored or shown.
 */
export interface MetadataBody {
  /** Bytes read; the script reads at most 64 KiB. */
  read: number
  /** valid: a JSON object with a uuid (meta_data.json); no-uuid: JSON, but not meta_data.json; invalid: not JSON. */
  json: 'valid' | 'no-uuid' | 'invalid'
  uuid?: string
}

/** One curl fetch of meta_data.json. */
export interface MetadataFetch {
  /** Empty when there was nothing to fetch from (no IPv6 interface). */
  url: string
  /** Why curl did not run: not installed, no IPv6 interface. */
  skip?: string
  /** curl's exit status: 0, 7 (could not connect), 28 (timed out), ... */
  exit?: number
  /** HTTP status; 0 when nothing answered. */
  http?: number
  /** Bytes downloaded, as curl counted them. */
  size?: number
  seconds?: number
  contentType?: string
  /** curl's own error line (`curl: (7) Failed to connect ...`). */
  error?: string
  body?: MetadataBody
  /** The network_data.json fetches only. */
  networkData?: NetworkDataBody
}

/** One IPv6 network of network_data.json, by the MAC of its link; nothing else of the body is kept. */
export interface NetworkData6 {
  /** The link's ethernet_mac_address (vlan_mac_address for a VLAN link), lower case. */
  mac: string
  /** Nova's type: ipv6 (a fixed address), ipv6_slaac, ipv6_dhcpv6-stateless, ipv6_dhcpv6-stateful. */
  type: string
  /** ip_address, canonical; with the netmask as a prefix length. */
  address?: string
  prefixlen?: number
}

/** What a network_data.json body was: JSON with its IPv6 networks, or not JSON. */
export interface NetworkDataBody {
  read: number
  json: 'valid' | 'invalid'
  networks: NetworkData6[]
}

/** Where a config-2 device is mounted, and what its meta_data.json (and network_data.json) gave. */
export interface ConfigDriveMount {
  at: string
  fstype: string
  file: { ok: true; size: number; body?: MetadataBody } | { ok: false; error: string }
  /** Absent when the drive holds no network_data.json. */
  networkData?: { ok: true; size: number; body?: NetworkDataBody } | { ok: false; error: string }
}

export interface ConfigDrive {
  /** blkid's exit status (2: nothing found), or 'missing' when blkid is not installed. */
  blkid: number | 'missing'
  blkidError?: string
  /** /dev/disk/by-label links found: "link target". */
  byLabel: string[]
  /** Devices labelled config-2 (or CONFIG-2); `mounts` is empty when it is not mounted. */
  devices: { device: string; mounts: ConfigDriveMount[] }[]
}

/** The metadata sources as a guest sees them (lib/observe/metadata-script.ts). */
export interface MetadataFacts {
  /** The user the observation ran as: blkid needs root to read devices. */
  uid?: number
  /** Where curl is; undefined when it is not installed. */
  curl?: string
  /** First line of `ip -6 route show default` and of `ip -4 route get 169.254.169.254`. */
  route6: string
  route4: string
  /** The interface the link-local URL names, and how it was chosen. */
  if6?: string
  if6From: 'default-route' | 'link-local' | 'none'
  ipv4: MetadataFetch
  ipv6: MetadataFetch
  /** network_data.json from the metadata service; absent in output of scripts that did not fetch it. */
  networkData?: { ipv4: MetadataFetch; ipv6: MetadataFetch }
  configDrive: ConfigDrive
}

/**
 * One line (or JSON entry) of a section that its parser could not read. The rest of the section is
 * still read and judged; this one is evidence of the socket, interface or route it belongs to.
 */
export interface Unreadable {
  /** What printed the section, as messages name it: `ss`, `ip -j addr show`, `gai.conf`... */
  source: string
  /** Line of the section, from 1 (text output); for a record ss printed over several lines, its first. */
  line?: number
  /** Entry of the JSON array, from 0 (ip -j output). */
  entry?: number
  /** The line or entry, quoted, control characters escaped, cut short. */
  excerpt: string
  /** Why it could not be read, in words. */
  why: string
  /** What it is about, when that can be told: the port (ss), the interface (ip addr, sysctl), the destination (ip route). */
  about?: string
}

/** What a line- or entry-based parser returns: the facts it could read, and the lines it could not. */
export interface Parsed<T> {
  value: T
  unreadable: Unreadable[]
}

/**
 * A fact that could not be read says why, so judges can skip with that reason. A fact read in part
 * lists the lines that could not be (absent when there were none).
 */
export type Observed<T> = { ok: true; value: T; unreadable?: Unreadable[] } | { ok: false; error: string }

// ---- the guest section: network configuration (parse/netconf/) and DHCPv6 leases (parse/dhcp-lease.ts) ----

export type NetSystem = 'ifupdown' | 'netplan' | 'networkmanager' | 'networkd' | 'ifcfg'

/**
 * How the interface asks DHCPv6: stateful solicits an address (IA_NA) whatever the RA says;
 * stateless sends only Information-requests; follow-ra solicits when the RA sets M and asks for
 * options when it sets O (networkd, NetworkManager's auto); no never asks.
 */
export type Dhcp6Ask = 'stateful' | 'stateless' | 'follow-ra' | 'no'

/** Who processes RAs for the interface: the kernel (accept_ra), or a daemon in user space. */
export type RaHandler = 'kernel' | 'networkd' | 'networkmanager'

export interface Intent {
  system: NetSystem
  file: string
  /** Line of the statement that decides (the iface line, `dhcp6:`, `method=`, `DHCP=`), else of the stanza. */
  line: number
  /** The interface name or glob(s) as written ('en* eth*'); '' when the file matches any name. */
  match: string
  /** The MAC the file also matches on, lower case. */
  mac?: string
  dhcp6: Dhcp6Ask
  /** RAs taken (true), ignored (false), or left to the kernel's accept_ra (undefined). */
  ra: boolean | undefined
  raBy: RaHandler
  /** Why, in the file's own words: `dhcp6 unset; renderer NetworkManager: ipv6.method=ignore`. */
  detail: string
  /** The stanza's lines, as evidence. */
  stanza: string
  /** NetworkManager: the connection id, for nmcli. */
  connection?: string
  /** netplan: the definition's key (under ethernets:, bonds:, ...). */
  id?: string
  /** ifcfg: the program that reads the file. */
  reader?: 'networkmanager' | 'initscripts'
  /** NetworkManager doing SLAAC itself: how it makes the interface identifier, and why. */
  addrGen?: AddrGen
  /** Fixed IPv6 addresses the file configures, as written (addr/len). */
  static6?: string[]
  /** A fixed IPv6 default gateway the file configures. */
  gateway6?: string
}

export interface AddrGen {
  mode: 'eui64' | 'stable-privacy'
  /** The keys that decide, in the file's words. */
  why: string
}

export interface NetconfFile {
  system: NetSystem
  file: string
  intents: Intent[]
  /** Unreadable (cat's error), unparsable, or cut short (then intents hold what was read). */
  error?: string
  /** cat failed (the observing user may not read it, as NetworkManager's 0600 keyfiles): what it says is unknown. */
  unread?: true
  /** The file is written by a generator: edits to it do not last. */
  generatedBy?: 'cloud-init' | 'netplan'
}

export interface Lease6 {
  /** The lease file it came from. */
  file: string
  /** The interface the lease6 block names. */
  interface: string
  /** The IA_NA address, RFC 5952 text. */
  address: string
  /** Seconds since the epoch when the server granted it (the iaaddr's `starts`, else the IA's). */
  starts?: number
  preferredLife?: number
  maxLife?: number
  /** Which lease6 block of its file (from 0): dhclient appends one per bind or renewal. */
  block: number
  /** Line of the iaaddr statement, and the statement itself, for evidence. */
  line: number
  text: string
}

export interface LeaseFile {
  file: string
  leases: Lease6[]
  /** Why nothing was read: the file could not be read, or it is not a dhclient lease6 file. */
  error?: string
}

/** What a guest's network configuration and DHCPv6 lease files say (the guest section). */
export interface GuestFacts {
  /** Each network configuration file found; one that could not be read or parsed has an error and no intents. */
  netconf: NetconfFile[]
  /** Each lease file found, read or with the reason it was not. */
  leaseFiles: LeaseFile[]
  /** Each interface's current lease, by file: the addresses of the last lease6 block that names it. */
  currentLeases: Lease6[]
}

// ---- the containers section: daemon.json, NAT rules, neighbour tables ----

export type DaemonJson =
  /** No such file: dockerd runs on its defaults, and "ipv6" defaults to false. */
  | { state: 'absent'; note: string }
  /** Not read (permission, a directory, cut at PART_LIMIT): nothing can be said about it. */
  | { state: 'unreadable'; note: string }
  /** Read, but dockerd would refuse to start with it. */
  | { state: 'invalid'; note: string; text: string }
  /** `fixedCidrV6`: its "fixed-cidr-v6" as dockerd would read it. */
  | { state: 'ok'; settings: Record<string, unknown>; text: string; fixedCidrV6: FixedCidrV6 }

export type FixedCidrV6 =
  /** `prefix` is the network dockerd uses: host bits cleared, as Go's net.ParseCIDR does. */
  { ok: true; written: string; prefix: string; prefixlen: number } | { ok: false; why: string }

export interface NatRule {
  /** As an operator reads it: the `-A` line as saved, or `table ip6 nat chain postrouting: <rule>`. */
  text: string
  /** The command that deletes this rule. */
  remove: string
  /** nft's view of an iptables-nft rule (an xt target): the same rule ip6tables-save lists. */
  xtables?: true
}

export interface NatScan {
  rules: NatRule[]
  /** What the tool said besides rules, in its words (warnings, incompatible tables). */
  notes: string[]
  /** ip6tables-save (nf_tables) warned that legacy tables exist: their rules were not read. */
  legacyHidden?: true
  /** Cut at PART_LIMIT: rules found are real, but no rule found proves nothing. */
  partial?: true
}

export type NatRead =
  | ({ state: 'ok' } & NatScan)
  /** missing: not installed (sh's status 127); not-root: the tool needs root; failed: anything else. */
  | { state: 'missing' | 'not-root' | 'failed'; reason: string }

/** One tool's listing of the NAT rules: the command that printed it, and what was read from it. */
export interface NatListing {
  command: string
  read: NatRead
}

export interface Neighbour {
  /** RFC 5952 text. */
  dst: string
  dev: string
  lladdr?: string
  /** NUD states as ip -j lists them: REACHABLE, STALE, DELAY, FAILED, INCOMPLETE, PERMANENT... */
  state: string[]
  /** A proxy entry (ip -j prints the key "proxy" with a null value). */
  proxy: boolean
  router: boolean
}

/** `unreadable` is absent when every entry was read. */
export type NeighTable = { ok: true; entries: Neighbour[]; unreadable?: Unreadable[] } | { ok: false; error: string }

/** `dockerd --version`: the daemon's release, which decides what daemon.json needs. */
export type DockerdVersion =
  | { state: 'ok'; version: string; major: number; minor: number; text: string }
  /** missing: no dockerd on the PATH the script gives it (sh's status 127); failed: anything else. */
  | { state: 'missing' | 'failed'; reason: string }

/** A container host's daemon.json, IPv6 NAT rules and neighbour tables, each read or with the reason it was not. */
export interface ContainerFacts {
  /** The file dockerd reads, and what dockerd would make of it. */
  daemon: { path: string; json: DaemonJson }
  dockerd: DockerdVersion
  /** IPv6 source NAT, as ip6tables-save -t nat and nft -j list ruleset listed it. */
  nat: { ip6tables: NatListing; nft: NatListing }
  /** ip -j -6 neigh show: the containers' addresses, on the bridge. */
  neigh: NeighTable
  /** ip -j -6 neigh show proxy: the NDP proxy entries. */
  proxyNeigh: NeighTable
}

// ---- the firewall section: the IPv6 filter rules ----

/** A tool's listing read, or why not (missing, not-root, failed: as the NAT reading says it). */
export type RulesRead<T> =
  | { state: 'ok'; value: T; notes: string[]; partial?: true }
  | { state: 'missing' | 'not-root' | 'failed'; reason: string }

export interface RulesListing<T> {
  command: string
  read: RulesRead<T>
}

export interface Ip6tablesRule {
  chain: string
  /** The `-A` line as saved. */
  text: string
  /** Its words, a quoted argument kept whole. */
  words: string[]
}

/** ip6tables-save -t filter. */
export interface Ip6tablesFilter {
  /** From the header: an nf_tables backend's filter table is nft's `ip6 filter` table. */
  backend?: 'nf_tables' | 'legacy'
  /** The `:NAME POLICY` lines: built-in chains with their policy, user chains without. */
  chains: { name: string; policy?: string }[]
  rules: Ip6tablesRule[]
  /** nft's ip6 filter table has base chains ip6tables cannot list: only nft shows it. */
  incompatible: boolean
  /** ip6tables-save (nf_tables) warned that legacy tables exist: their rules were not read. */
  legacyHidden?: true
}

export interface NftChain {
  family: string
  table: string
  name: string
  /** Base chains only. */
  type?: string
  hook?: string
  prio?: number
  policy?: string
}

export interface NftRule {
  family: string
  table: string
  chain: string
  handle: number
  expr: unknown[]
  /** As an operator reads it: `table inet filter chain input: icmpv6 type packet-too-big drop`. */
  text: string
}

/** A named set or map; `elem` as nft -j writes it. */
export interface NftSet {
  family: string
  table: string
  name: string
  elem: unknown[]
}

/** nft -j list ruleset: the IPv6-relevant tables (inet, ip6), in list order. */
export interface NftRuleset {
  chains: NftChain[]
  rules: NftRule[]
  sets: NftSet[]
  /** Tables of other families that can drop IPv6 (netdev, bridge): named, not judged. */
  otherTables: string[]
}

/** Every host: the IPv6 filter rules, as ip6tables-save and nft list them. */
export interface FirewallFacts {
  ip6tables: RulesListing<Ip6tablesFilter>
  nft: RulesListing<NftRuleset>
}

// ---- the pathmtu section: hosts.path.mtu's pings (pathmtu-script.ts) ----

/** One ping of a pair, read (parse/ping.ts), or why it says nothing about the path. */
export type PingRead =
  | { state: 'ok'; result: PingResult }
  /** no-df: this ping cannot forbid fragmentation (BusyBox has no -M); missing: no ping; failed: anything else. */
  | { state: 'no-df' | 'missing' | 'failed'; reason: string }

/** One pair the host probed: where the address was reached, and its two pings. */
export interface PathMtuPair {
  kind: 'router' | 'peer'
  /** As the targets file names the peer; `router` for the default router. */
  name: string
  /** The address pinged (without its zone); empty when none was found. */
  address: string
  /** The interface that reaches it, and its MTU. */
  dev: string
  mtu?: number
  /** ok: probed; no-route: no default route, or no route to the peer; no-mtu: the interface's MTU unread; time-bound: not started within the section's time bound. */
  state: 'ok' | 'no-route' | 'no-mtu' | 'time-bound'
  /** At 1280 bytes and at the interface's MTU (state ok only). */
  small?: PingRead
  full?: PingRead
}

export interface PathMtuFacts {
  pairs: PathMtuPair[]
}

// ---- the ovs section: an OVN chassis's tunnel endpoint (parts-script.ts ovsScript) ----

export type OvnEncap =
  /** No ovs-vsctl on the host: no Open vSwitch, so no OVN chassis. */
  | { state: 'absent' }
  /** ovs-vsctl failed: the database did not answer (failed), or its socket would not let this user in (not-root). */
  | { state: 'failed' | 'not-root'; reason: string }
  /** external_ids:ovn-encap-ip and ovn-encap-type, each a list (empty when unset). */
  | { state: 'ok'; command: string; ips: string[]; types: string[] }

export interface HostFacts {
  /** Who observed; not ok for observations recorded before the `id` section existed (judges then say "the SSH user"). */
  identity: Observed<Identity>
  interfaces: Observed<Interface[]>
  routes: Observed<Route[]>
  sysctls: Observed<Sysctls>
  listeners: Observed<Listener[]>
  resolv: Observed<ResolvConf>
  gai: Observed<GaiConf>
  /** Metadata sources; the section is absent on hosts without a `metadata` expectation. */
  metadata: Observed<MetadataFacts>
  /** The files of ResolvedHost.configs; the section is absent on hosts that name none. */
  configs: Observed<ConfigText[]>
  /** Guests with an address_mode: what their network configuration files and DHCPv6 lease files say. */
  guest: Observed<GuestFacts>
  /** Container hosts: daemon.json, the NAT rules and the neighbour tables, parsed. */
  containers: Observed<ContainerFacts>
  /** Every host (observations recorded before the section existed lack it): the IPv6 filter rules. */
  firewall: Observed<FirewallFacts>
  /** Hosts that ask for hosts.path.mtu: the pings to their default router and peers. */
  pathMtu: Observed<PathMtuFacts>
  /** Hosts that list ini files: OVN's encapsulation IP and type, from the Open vSwitch database. */
  ovn: Observed<OvnEncap>
}
