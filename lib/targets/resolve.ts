// From the file's layers (target, then roles in order, then the host) to one expectation per
// host, which is what judges read. Host wins over roles, roles over the target.
import { hostname } from 'node:os'
import { SSH_DEFAULTS, sysctlName } from './schema.ts'
import type {
  AddressModeName, ConfigFileSpec, ContainersSpec, DnsSpec, EndpointSpec, HostSpec, ListenerSpec,
  MetadataSource, OpenStackSpec, SettingsSpec, SshSpec, StackName, TargetSpec, TargetsFile, TlsSpec, WaiverSpec,
} from './schema.ts'
import { isSecretKey } from '../secrets/keys.ts'
import { MASK, redactText } from '../secrets/redact-text.ts'
import { TargetsError } from './errors.ts'
import { didYouMean } from '../util/suggest.ts'

export interface ResolvedInterface {
  /** Unnamed interfaces are judged as `optional`. */
  ipv6: 'required' | 'optional' | 'forbidden'
  addresses: string[]
  accept_ra?: boolean
  mtu?: number
}

export interface ResolvedSsh {
  user?: string
  port: number
  /** Paths; relative ones already resolved against the targets file, `~` not yet expanded. */
  identity: string[]
  passphrase?: string
  /** true: $SSH_AUTH_SOCK at use time; a string: that socket. */
  agent?: true | string
  known_hosts: string[]
  /** ProxyJump as written (validated): `user@[v6]:port`, `user@host:port`, `host`, or a comma list of hops. */
  jump?: string
  /** true: ~/.ssh/config; a string: that file. */
  ssh_config?: true | string
  /** Seconds. */
  timeout: number
  command_timeout: number
  keepalive: number
}

export interface ResolvedHost {
  name: string
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
  ssh?: ResolvedSsh
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
    throw new TargetsError([{ file: file.source, path: 'targets', message: `unknown target "${name}"${didYouMean(name, Object.keys(file.targets))}; known: ${known}` }])
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
    hosts: t.hosts.map((h) => resolveHost(t, h)),
    waivers: t.waivers,
    source: file.source,
  }
}

function resolveHost(t: TargetSpec, h: HostSpec): ResolvedHost {
  const roles = h.roles ?? []
  // The schema guarantees each role exists; filter anyway so a hand-built file cannot crash here.
  const layers: SettingsSpec[] = [t, ...roles.flatMap((r) => t.roles[r] ?? []), h]
  const last = <K extends keyof SettingsSpec>(k: K): SettingsSpec[K] => layers.reduce<SettingsSpec[K]>((v, l) => l[k] ?? v, undefined)

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
    ssh: resolveSsh({ ...t.ssh, ...h.ssh }),
  })
}

function resolveSsh(s: SshSpec): ResolvedSsh {
  const list = (v: string | string[] | undefined) => (v === undefined ? [] : typeof v === 'string' ? [v] : [...v])
  return compact({
    user: s.user,
    port: s.port ?? SSH_DEFAULTS.port,
    identity: list(s.identity),
    passphrase: s.passphrase === '' ? undefined : s.passphrase, // ${VAR:-} left empty: no passphrase
    agent: s.agent === false ? undefined : s.agent,
    known_hosts: list(s.known_hosts),
    // false is how a host turns off what its target set (the jump host cannot jump through itself).
    jump: s.jump === false ? undefined : s.jump,
    ssh_config: s.ssh_config === false ? undefined : s.ssh_config,
    timeout: s.timeout ?? SSH_DEFAULTS.timeout,
    command_timeout: s.command_timeout ?? SSH_DEFAULTS.command_timeout,
    keepalive: s.keepalive ?? SSH_DEFAULTS.keepalive,
  })
}

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
  if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, redact(x, k)]))
  return v
}

/** The secret values a target holds (openstack.password, ssh.passphrase…), for masking them wherever they appear. */
export function secretsOf(v: unknown, key = ''): string[] {
  if (typeof v === 'string') return isSecretKey(key) ? [v] : []
  if (Array.isArray(v)) return v.flatMap((x) => secretsOf(x, key))
  if (typeof v === 'object' && v !== null) return Object.entries(v).flatMap(([k, x]) => secretsOf(x, k))
  return []
}
