// Typed facts parsed from one host's raw observation. Parsers fill these; judges read them.

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

/** A fact that could not be read says why, so judges can skip with that reason. */
export type Observed<T> = { ok: true; value: T } | { ok: false; error: string }

export interface HostFacts {
  interfaces: Observed<Interface[]>
  routes: Observed<Route[]>
  sysctls: Observed<Sysctls>
  listeners: Observed<Listener[]>
  resolv: Observed<ResolvConf>
  gai: Observed<GaiConf>
}
