// From the file's layers (target, then roles in order, then the host) to one expectation per
// host, which is what judges read. Host wins over roles, roles over the target.
import { hostname } from 'node:os'
import { isIPv6 } from 'node:net'
import { SSH_DEFAULTS, sysctlName } from './schema.ts'
import type {
  AddressModeName,
  ConfigFileSpec,
  ContainersSpec,
  DnsSpec,
  EndpointSpec,
  HostSpec,
  ListenerSpec,
  MetadataSource,
  OpenStackSpec,
  PathMtuSpec,
  SettingsSpec,
  SshSpec,
  StackName,
  TargetSpec,
  TargetsFile,
  TlsSpec,
  WaiverSpec,
} from './schema.ts'
import { isSecretKey } from '../secrets/keys.ts'
import { MASK, redactText } from '../secrets/redact-text.ts'
import { TargetsError } from './errors.ts'
import { mergeHosts } from './inventory/targets.ts'
import { didYouMean } from '../util/suggest.ts'

export interface ResolvedInterface {
  /** Unnamed interfaces are judged as `optional`. */
  ipv6: 'required' | 'optional' | 'forbidden'
  addresses: string[]
  accept_ra?: boolean
  mtu?: number
  /** Set only where the targets file names it for this interface; the host's address_mode is the default (addressModeOf). */
  address_mode?: AddressModeName
}

/** A host's `ssh` settings as the targets file gives them: what it leaves unset comes from ssh_config, then OpenSSH's defaults, when the host is reached. */
export interface ResolvedSsh {
  user?: string
  port?: number
  /** Paths; relative ones already resolved against the targets file, `~` not yet expanded. Empty: ssh_config's, else OpenSSH's defaults. */
  identity: string[]
  passphrase?: string
  /** true: $SSH_AUTH_SOCK at use time; a string: that socket; false: never an agent; absent: as OpenSSH does. */
  agent?: boolean | string
  /** Empty: ssh_config's, else OpenSSH's known_hosts files. */
  known_hosts: string[]
  /** ProxyJump as written (validated): `user@[v6]:port`, `user@host:port`, `host`, or a comma list of hops; false: direct, whatever ssh_config says. */
  jump?: string | false
  /** Absent or true: ~/.ssh/config and /etc/ssh/ssh_config; a string: that file alone; false: none. */
  ssh_config?: boolean | string
  /** `sudo`: the observation runs as `sudo -n sh -s`. */
  become?: 'sudo'
  /** Seconds; absent: ssh_config's ConnectTimeout, else 10. */
  timeout?: number
  command_timeout: number
  keepalive: number
}

export interface ResolvedHost {
  name: string
  /** The Ansible inventory the host came from (and whether the targets file's entry overrode it); absent for the targets file's own hosts. */
  from?: string
  /** Where SSH connects; undefined for the local transport. */
  address?: string
  transport: 'local' | 'ssh'
  roles: string[]
  stack: StackName
  /** Expectation; undefined = not judged. */
  forwarding?: boolean
  interfaces: Record<string, ResolvedInterface>
  /** Keys in sysctl's dotted form; values as strings (numbers stringified). */
  sysctl: Record<string, string>
  listeners: { auto: boolean; expected: ListenerSpec[] }
  configs: ConfigFileSpec[]
  metadata?: MetadataSource
  address_mode?: AddressModeName
  containers?: ContainersSpec
  /** hosts.path.mtu asked for: the pairs the host pings (absent: not probed). */
  path_mtu?: ResolvedPathMtu
  ssh?: ResolvedSsh
}

/** The pairs a host pings for hosts.path.mtu: its default router, and peers on the same link. */
export interface ResolvedPathMtu {
  router: boolean
  /** `name` as the targets file writes it; `address` an IPv6 literal (a zone for a link-local one). */
  peers: { name: string; address: string }[]
}

export interface ResolvedTarget {
  name: string
  stack: StackName
  tags: string[]
  prefixes: string[]
  dns?: DnsSpec
  tls?: TlsSpec
  endpoints: EndpointSpec[]
  /** Either inline credentials or `cloud` (clouds.yaml): check `cloud !== undefined`. */
  openstack?: OpenStackSpec
  hosts: ResolvedHost[]
  waivers: WaiverSpec[]
  /** The targets file path, or 'built-in'. */
  source: string
}

export const LOCAL_TARGET = 'local'

export function resolveTarget(file: TargetsFile, name: string): ResolvedTarget {
  if (name === LOCAL_TARGET) return localTarget()
  // An own key only: `constructor` or `toString` is no target, whatever Object.prototype holds.
  const t = Object.hasOwn(file.targets, name) ? file.targets[name] : undefined
  if (t === undefined) {
    const known = [...Object.keys(file.targets), `${LOCAL_TARGET} (built-in)`].join(', ')
    throw new TargetsError([
      {
        file: file.source,
        path: 'targets',
        message: `unknown target "${name}"${didYouMean(name, Object.keys(file.targets))}; known: ${known}`,
      },
    ])
  }
  return {
    name,
    stack: t.stack,
    tags: [...t.tags],
    prefixes: [...t.prefixes],
    ...(t.dns && { dns: t.dns }),
    ...(t.tls && { tls: t.tls }),
    endpoints: t.endpoints,
    ...(t.openstack && { openstack: t.openstack }),
    // The inventory's hosts first, each with the targets file's entry of the same name over it.
    hosts: peersResolved(
      mergeHosts(file.inventoryHosts?.[name] ?? [], t.hosts).map(({ spec, from }) => ({
        ...(from && { from }),
        ...resolveHost(t, spec),
      })),
      file.source,
      name,
      t.hosts.map((h) => h.name),
    ),
    waivers: t.waivers,
    source: file.source,
  }
}

function resolveHost(t: TargetSpec, h: HostSpec): ResolvedHost {
  const roles = h.roles ?? []
  // The schema guarantees each role exists; filter anyway so a hand-built file cannot crash here.
  const layers: SettingsSpec[] = [t, ...roles.flatMap((r) => t.roles[r] ?? []), h]
  const last = <K extends keyof SettingsSpec>(k: K): SettingsSpec[K] =>
    layers.reduce<SettingsSpec[K]>((v, l) => l[k] ?? v, undefined)

  const interfaces: Record<string, ResolvedInterface> = {}
  const sysctl: Record<string, string> = {}
  const expected = new Map<number, ListenerSpec>()
  const configs = new Map<string, ConfigFileSpec>()
  let auto = false
  for (const l of layers) {
    for (const [name, i] of Object.entries(l.interfaces ?? {})) {
      const prev = interfaces[name] ?? { ipv6: 'optional', addresses: [] }
      interfaces[name] = compact({
        ipv6: i.ipv6 ?? prev.ipv6,
        addresses: i.addresses ?? prev.addresses,
        accept_ra: i.accept_ra ?? prev.accept_ra,
        mtu: i.mtu ?? prev.mtu,
        address_mode: i.address_mode ?? prev.address_mode,
      })
    }
    for (const [k, v] of Object.entries(l.sysctl ?? {})) sysctl[sysctlName(k)] = String(v)
    if (l.listeners === 'auto') auto = true
    else for (const x of l.listeners ?? []) expected.set(x.port, x)
    for (const c of l.configs ?? []) configs.set(c.path, c)
  }
  return compact({
    name: h.name,
    address: h.address ?? h.name,
    transport: 'ssh' as const,
    roles: [...roles],
    stack: last('stack') ?? t.stack,
    forwarding: last('forwarding'),
    interfaces,
    sysctl,
    listeners: { auto, expected: [...expected.values()] },
    configs: [...configs.values()],
    metadata: last('metadata'),
    address_mode: last('address_mode'),
    containers: last('containers'),
    path_mtu: resolvePathMtu(last('path_mtu')),
    ssh: resolveSsh({ ...t.ssh, ...h.ssh }),
  })
}

/** true: the router alone; an object: its router (default true) and peers; false or nothing to ping: not probed. */
function resolvePathMtu(p: PathMtuSpec | undefined): ResolvedPathMtu | undefined {
  if (p === undefined || p === false) return undefined
  const r = p === true ? { router: true, peers: [] } : { router: p.router ?? true, peers: p.peers ?? [] }
  if (!r.router && !r.peers.length) return undefined
  // A peer named twice is one pair (one subject).
  return { router: r.router, peers: [...new Set(r.peers)].map((name) => ({ name, address: name })) }
}

/**
 * A peer named by a host's name is pinged at that host's address, which must then be an IPv6
 * literal: a DNS name would be resolved on the runner, which need not see the link the pair shares.
 */
function peersResolved(hosts: ResolvedHost[], source: string, target: string, own: string[]): ResolvedHost[] {
  const byName = new Map(hosts.map((h) => [h.name, h]))
  const problems: { file: string; path: string; message: string }[] = []
  const out = hosts.map((h) => {
    if (!h.path_mtu) return h
    const peers = h.path_mtu.peers.map((p) => {
      if (isIPv6(p.name.split('%')[0] ?? '')) return p
      const other = byName.get(p.name)
      const address = other?.address
      if (address !== undefined && isIPv6(address.split('%')[0] ?? '')) return { name: p.name, address }
      problems.push({
        file: source,
        // A host of an inventory has no entry of its own: its role set the peers.
        path: own.includes(h.name) ? `targets.${target}.hosts[${own.indexOf(h.name)}].path_mtu` : `targets.${target}`,
        message: `host ${h.name}: ${
          other
            ? `peer "${p.name}" has address ${address ?? '(none)'}, not an IPv6 literal: name its address on the link the two hosts share (e.g. "2001:db8::12")`
            : `peer "${p.name}" is neither an IPv6 address nor a host of target ${target}${didYouMean(p.name, [...byName.keys()])}`
        }`,
      })
      return p
    })
    return { ...h, path_mtu: { ...h.path_mtu, peers } }
  })
  if (problems.length) throw new TargetsError(problems)
  return out
}

function resolveSsh(s: SshSpec): ResolvedSsh {
  const list = (v: string | string[] | undefined) => (v === undefined ? [] : typeof v === 'string' ? [v] : [...v])
  return compact({
    user: s.user,
    // Unset stays unset until ssh_config is read: a default here would hide its Port (issue 17).
    port: s.port,
    identity: list(s.identity),
    passphrase: s.passphrase === '' ? undefined : s.passphrase, // ${VAR:-} left empty: no passphrase
    agent: s.agent,
    known_hosts: list(s.known_hosts),
    // false is how a host turns off what its target (or ssh_config) set: a jump host cannot jump through itself.
    jump: s.jump,
    ssh_config: s.ssh_config,
    become: s.become === false ? undefined : s.become,
    timeout: s.timeout,
    command_timeout: s.command_timeout ?? SSH_DEFAULTS.command_timeout,
    keepalive: s.keepalive ?? SSH_DEFAULTS.keepalive,
  })
}

/** The address mode of one interface: its own, else the host's; undefined when neither is set. */
export const addressModeOf = (h: ResolvedHost, iface: string): AddressModeName | undefined =>
  h.interfaces[iface]?.address_mode ?? h.address_mode

/** Every address mode the host's guest judges may meet: the host's and its interfaces'. */
export const addressModesOf = (h: ResolvedHost): Set<AddressModeName> =>
  new Set(
    [h.address_mode, ...Object.values(h.interfaces).map((i) => i.address_mode)].filter(
      (m): m is AddressModeName => m !== undefined,
    ),
  )

/** Drops undefined fields, so that reports and observations.json show only what was set. */
function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T
}

/** The built-in target: this machine, observed through the local transport, expecting little. */
export function localTarget(): ResolvedTarget {
  let name = 'localhost'
  try {
    name = hostname() || 'localhost'
  } catch {
    // keep localhost: a sandbox without uname still gets a subject name
  }
  return {
    name: LOCAL_TARGET,
    stack: 'dual-stack',
    tags: [],
    prefixes: [],
    endpoints: [],
    hosts: [
      {
        name,
        transport: 'local',
        roles: [],
        stack: 'dual-stack',
        interfaces: {},
        sysctl: {},
        listeners: { auto: true, expected: [] },
        configs: [],
      },
    ],
    waivers: [],
    source: 'built-in',
  }
}

/** A copy for reports and observations.json with every secret replaced by `***`. */
export function redactTarget(t: ResolvedTarget): ResolvedTarget {
  return redact(t) as ResolvedTarget // same shape: only string leaves change
}

function redact(v: unknown, key = ''): unknown {
  if (isSecretKey(key) && v !== undefined && v !== null) return MASK
  // A password in a URL's userinfo or a query is a secret too.
  if (typeof v === 'string') return redactText(v)
  if (Array.isArray(v)) return v.map((x) => redact(x))
  if (typeof v === 'object' && v !== null)
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, redact(x, k)]))
  return v
}

/** The secret values a target holds (openstack.password, ssh.passphrase…), for masking them wherever they appear. */
export function secretsOf(v: unknown, key = ''): string[] {
  if (typeof v === 'string') return isSecretKey(key) ? [v] : []
  if (Array.isArray(v)) return v.flatMap((x) => secretsOf(x, key))
  if (typeof v === 'object' && v !== null) return Object.entries(v).flatMap(([k, x]) => secretsOf(x, k))
  return []
}
