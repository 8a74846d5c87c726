// The targets file schema (docs/design.md §4), the user contract. Every object is strict so that a
// misspelled key is an error, not a silently ignored expectation. Types are inferred from here.
import { z } from 'zod'
import { isIPv4, isIPv6 } from 'node:net'
import ipaddr from 'ipaddr.js'
import { isSafeSysctlPath, sysctlPath } from './sysctl-path.ts'
import { parseJump } from '../net/jump.ts'
import { didYouMean } from '../util/suggest.ts'

// ---- value grammars (shared with resolve.ts and the transports) ----

const LABEL = /^(?!-)[A-Za-z0-9_-]{1,63}(?<!-)$/

export function isHostName(s: string): boolean {
  const t = s.endsWith('.') ? s.slice(0, -1) : s
  return t.length > 0 && t.length <= 253 && t.split('.').every((l) => LABEL.test(l))
}

/** Where SSH connects: a name, an IPv6 literal (a zone is fine: link-local hosts) or an IPv4 literal. */
export function addressProblem(s: string): string | undefined {
  // net.isIPv6, not z.ipv6(): zod rejects zones (docs/libraries.md §9).
  if (s.includes(':')) return isIPv6(s) ? undefined : 'invalid IPv6 address'
  if (/^[0-9.]+$/.test(s)) return isIPv4(s) ? undefined : 'invalid IPv4 address'
  return isHostName(s) ? undefined : 'invalid host name'
}

/** `2001:db8::/48` style: no zone, prefix length 0..128, and aligned unless `hostBits` (an address with its length). */
export function prefixProblem(s: string, hostBits = false): string | undefined {
  const m = /^([^/%]+)\/(0|[1-9][0-9]?|1[01][0-9]|12[0-8])$/.exec(s)
  const addr = m?.[1]
  if (m === null || addr === undefined || !isIPv6(addr))
    return `invalid IPv6 prefix "${s}" (want e.g. "2001:db8:100::/48")`
  if (hostBits) return undefined
  // z.cidrv6() accepts 2001:db8::1/64; a prefix with host bits set is a typo for something.
  const net = ipaddr.IPv6.networkAddressFromCIDR(s)
  if (ipaddr.IPv6.parse(addr).toNormalizedString() === net.toNormalizedString()) return undefined
  return `"${s}" is not aligned: the /${m[2]} that holds it is ${net.toRFC5952String()}/${m[2]}`
}

/** A resolver as the targets file writes it: `[2001:db8::53]:53`, `[2001:db8::53]` or bare `2001:db8::53` (port 53). */
export function parseResolver(s: string): { address: string; port: number } | undefined {
  const b = /^\[([^\]]+)\](?::([0-9]{1,5}))?$/.exec(s)
  const address = b ? b[1] : s
  const port = b?.[2] === undefined ? 53 : Number(b[2])
  if (address === undefined || !isIPv6(address) || port < 1 || port > 65535) return undefined
  return { address, port }
}

/**
 * sysctl(8) accepts `net.ipv6.conf.eth0/100.accept_ra` and `net/ipv6/conf/eth0.100/accept_ra`
 * for the same key. Keys are compared in the dotted form that `sysctl -a` prints, so that a
 * role and a host naming the same key either way merge into one expectation.
 */
export function sysctlName(key: string): string {
  const first = /[./]/.exec(key)
  if (first?.[0] !== '/') return key
  return key.replace(/[./]/g, (c) => (c === '/' ? '.' : '/'))
}

/**
 * A sysctl name as sysctl(8) takes it (dotted, or a path), whose /proc/sys path the observation
 * script will read: the script's own rule (isSafeSysctlPath) on the very path the run computes
 * (sysctlName here, then sysctlPath), so a name validated here is never refused at run time.
 */
export function isSysctlName(key: string): boolean {
  return /^[A-Za-z0-9_-]+[./]/.test(key) && isSafeSysctlPath(sysctlPath(sysctlName(key)))
}

/**
 * The kernel's dev_valid_name (net/core/dev.c): 1 to 15 bytes (IFNAMSIZ is 16 with the NUL), not
 * "." or "..", and no '/', ':' or isspace() byte. The kernel's isspace (lib/ctype.c) is \t \n \v \f
 * \r, space and 0xA0, tested byte by byte, so a UTF-8 name holding the byte 0xA0 ("à" is C3 A0)
 * is refused too. A NUL would end the name early.
 */
export function isInterfaceName(name: string): boolean {
  const bytes = Buffer.from(name, 'utf8')
  if (bytes.length === 0 || bytes.length > 15 || name === '.' || name === '..') return false
  return !bytes.some((b) => b === 0 || b === 0x2f || b === 0x3a || (b >= 0x09 && b <= 0x0d) || b === 0x20 || b === 0xa0)
}

function isRealDate(s: string): boolean {
  const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(s)
  if (!m) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const t = new Date(Date.UTC(y, mo - 1, d))
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d
}

/** A string checked by a function that names the problem, so the message is ours, not zod's. */
const text = (problem: (s: string) => string | undefined) =>
  z.string().superRefine((s, ctx) => {
    const p = problem(s)
    if (p !== undefined) ctx.addIssue({ code: 'custom', message: p })
  })

// ---- leaves ----

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/
/** Target, host, role and endpoint names; a target's name becomes the directory `reports/<name>`. */
export const Name = z
  .string()
  .regex(NAME, { error: 'invalid name: use letters, digits, "_", "." and "-", starting with a letter or digit' })
const Port = z.number().int().min(1).max(65535)
const Seconds = z.number().positive()
const LocalPath = z.string().min(1, { error: 'empty path' })
const RemotePath = z.string().startsWith('/', { error: 'must be an absolute path on the host' })
const IPv6Literal = text((s) => (isIPv6(s) ? undefined : 'invalid IPv6 address'))
const Address = text(addressProblem)
const AlignedPrefix = text((s) => prefixProblem(s))
const HostName = text((s) => (isHostName(s) ? undefined : 'invalid DNS name'))
const HttpUrl = z.string().regex(/^https?:\/\/\S+$/, { error: 'expected an http:// or https:// URL' })
const Resolver = text((s) =>
  parseResolver(s)
    ? undefined
    : 'invalid resolver: want a bracketed IPv6 literal with an optional port, e.g. "[2001:db8::53]:53"',
)
// A comma list chains hops, as ProxyJump does.
const Jump = text((s) =>
  s.split(',').every((hop) => parseJump(hop) !== undefined)
    ? undefined
    : 'invalid jump host: want "user@[2001:db8::2]:22", "user@host:22" or "host"',
)
const SysctlKey = z.string().refine(isSysctlName, {
  error:
    'invalid sysctl name: want "net.ipv6.conf.eth0.accept_ra" or "net/ipv6/conf/eth0.100/accept_ra", with only letters, digits, "_", "-", "." and "/"',
})
const IfName = z.string().refine(isInterfaceName, {
  error: 'invalid interface name: the kernel takes 1 to 15 bytes without "/", ":" or spaces, and not "." or ".."',
})

export const Stack = z.enum(['ipv6-only', 'dual-stack'])

// ---- settings: what a host is expected to look like; shared by the target, roles and hosts ----

export const Listener = z.strictObject({
  port: Port,
  service: z.string().min(1).optional(),
  address: IPv6Literal.optional(),
})

/**
 * How a guest's network gives an interface its IPv6 address: the Neutron subnet's mode (slaac,
 * dhcpv6-stateless, dhcpv6-stateful), `static` (a fixed address from network_data.json, as on a
 * provider network with no RA), or `none` (no IPv6 from the network).
 */
export const AddressMode = z.enum(['slaac', 'dhcpv6-stateless', 'dhcpv6-stateful', 'static', 'none'])

export const InterfaceExpectation = z
  .strictObject({
    ipv6: z.enum(['required', 'optional', 'forbidden']).optional(),
    // A bare address matches it with any prefix length; `2001:db8::11/64` names the length too.
    addresses: z
      .array(text((s) => (s.includes('/') ? prefixProblem(s, true) : isIPv6(s) ? undefined : 'invalid IPv6 address')))
      .optional(),
    accept_ra: z.boolean().optional(), // the *effective* acceptance (docs/design.md §1.2)
    mtu: z.number().int().min(68).max(65535).optional(),
    // How the network gives this interface its IPv6 address; the host's address_mode is the default.
    address_mode: AddressMode.optional(),
  })
  .superRefine((i, ctx) => {
    if (i.ipv6 === 'forbidden' && i.addresses !== undefined && i.addresses.length > 0)
      ctx.addIssue({
        code: 'custom',
        path: ['addresses'],
        message: 'an interface with ipv6: forbidden cannot expect IPv6 addresses',
      })
    if (i.ipv6 === 'forbidden' && i.address_mode !== undefined && i.address_mode !== 'none')
      ctx.addIssue({
        code: 'custom',
        path: ['address_mode'],
        message: `an interface with ipv6: forbidden gets no IPv6 from the network: address_mode ${i.address_mode} contradicts it (use none, or leave it out)`,
      })
  })

export const ConfigFile = z.strictObject({
  path: RemotePath,
  format: z.enum(['ini', 'nginx', 'haproxy', 'yaml', 'json', 'text']),
  style: z.literal('expanded').optional(), // BOSH manifests want no `::`
})

export const Metadata = z.enum(['ipv4', 'ipv6', 'config-drive', 'any'])

/** The most peers one host pings for hosts.path.mtu: the probes of a host stay within a few seconds. */
export const PATH_MTU_MAX_PEERS = 8

/** A path MTU peer: an IPv6 literal (with a zone for a link-local one), or the name of a host of the target. */
export function pathMtuPeerProblem(s: string): string | undefined {
  const [addr = '', zone, ...more] = s.split('%')
  if (s.includes(':')) {
    if (!isIPv6(addr) || more.length || (zone !== undefined && !isInterfaceName(zone)))
      return 'invalid IPv6 address (a link-local one takes its interface as a zone: fe80::2%eth1)'
    return undefined
  }
  return NAME.test(s) ? undefined : 'want an IPv6 address or the name of a host of this target'
}

/**
 * hosts.path.mtu, opt-in: true pings the default router; an object may name peers on the same link
 * and turn the router off. false undoes what a target or role set.
 */
export const PathMtu = z.union(
  [
    z.boolean(),
    z.strictObject({
      router: z.boolean().optional(), // default true
      peers: z.array(text(pathMtuPeerProblem)).max(PATH_MTU_MAX_PEERS).optional(),
    }),
  ],
  { error: 'expected true, false or { router, peers: [...] }' },
)
export const Containers = z.strictObject({ runtime: z.literal('docker'), mode: z.enum(['routed', 'ndp-proxy']) })

const settings = {
  stack: Stack.optional(), // a host or role may differ from its target (a dual-stack jump host)
  listeners: z
    .union([z.literal('auto'), z.array(Listener)], { error: 'expected "auto" or a list of { port, service, address }' })
    .optional(),
  sysctl: z.record(SysctlKey, z.union([z.string(), z.number()], { error: 'expected a string or a number' })).optional(),
  forwarding: z.boolean().optional(),
  interfaces: z.record(IfName, InterfaceExpectation).optional(),
  configs: z.array(ConfigFile).optional(),
  metadata: Metadata.optional(),
  address_mode: AddressMode.optional(),
  containers: Containers.optional(),
  path_mtu: PathMtu.optional(),
}
export const Settings = z.strictObject(settings)

// ---- ssh: the target's settings, overridden key by key by a host's ----

/**
 * Applied at resolve time, so that a host's partial `ssh` never resets the target's values. Port,
 * user, identity, known_hosts, agent, jump and the handshake timeout have no default here: left
 * unset they come from ssh_config, then OpenSSH's defaults, when the host is reached
 * (lib/transport/ssh-settings.ts; docs/ssh.md).
 */
export const SSH_DEFAULTS = { command_timeout: 60, keepalive: 5 } as const

const PathList = z.union([LocalPath, z.array(LocalPath).min(1)], { error: 'expected a path or a list of paths' })
export const Ssh = z.strictObject({
  user: z
    .string()
    .regex(/^[^\s@:]+$/, { error: 'invalid user name' })
    .optional(),
  port: Port.optional(),
  identity: PathList.optional(), // `~` is expanded when used, relative paths against the targets file
  passphrase: z.string().optional(), // a secret: redacted in reports
  agent: z.union([z.boolean(), LocalPath], { error: 'expected true, false or a socket path' }).optional(),
  known_hosts: PathList.optional(),
  jump: z.union([z.literal(false), Jump], { error: 'expected a jump host or false' }).optional(),
  ssh_config: z.union([z.boolean(), LocalPath], { error: 'expected true, false or a path' }).optional(), // absent or true: ~/.ssh/config and /etc/ssh/ssh_config
  // The observation runs as `sudo -n sh -s`: root without a prompt or a tty; false undoes the target's.
  become: z.union([z.literal('sudo'), z.literal(false)], { error: 'expected "sudo" or false' }).optional(),
  timeout: Seconds.optional(), // handshake deadline; absent: ssh_config's ConnectTimeout, else 10
  command_timeout: Seconds.optional(),
  keepalive: z.number().min(0).optional(), // 0 turns keepalives off
})

export const Host = z.strictObject({
  ...settings,
  name: Name,
  address: Address.optional(), // the name is used when absent
  roles: z.array(z.string()).optional(),
  ssh: Ssh.optional(),
})

// ---- the rest of a target ----

export const Dns = z.strictObject({
  resolvers: z.array(Resolver).default([]),
  names: z.array(HostName).default([]),
  reverse: z.boolean().default(false),
})

export const Tls = z.strictObject({
  ca: LocalPath.optional(),
  min_days_valid: z.number().int().min(0).optional(),
})

export const Endpoint = z.strictObject({
  name: Name,
  url: HttpUrl,
  expect_status: z.array(z.number().int().min(100).max(599)).min(1).optional(),
})

const AUTH_KEYS = ['auth_url', 'username', 'password', 'project', 'user_domain', 'project_domain'] as const
const REQUIRED_AUTH = ['auth_url', 'username', 'password', 'project'] as const

/** Either credentials inline, or `cloud: NAME` read from clouds.yaml, or neither: $OS_CLOUD names the cloud; catalog and overlay fit all three. */
export const OpenStack = z
  .strictObject({
    cloud: Name.optional(),
    auth_url: HttpUrl.optional(),
    username: z.string().optional(),
    password: z.string().optional(), // a secret: redacted in reports
    project: z.string().optional(),
    user_domain: z.string().optional(),
    project_domain: z.string().optional(),
    region: z.string().optional(),
    catalog: z.strictObject({ interfaces: z.array(z.enum(['public', 'internal', 'admin'])).min(1) }).optional(),
    timeout: Seconds.optional(), // per Keystone and Neutron request: the overlay suite and `cleanup` (default 30), the underlay's token (default 10)
    overlay: z
      .strictObject({ enabled: z.boolean().default(false), cidr: AlignedPrefix.optional() }) // read-only by default
      .superRefine((o, ctx) => {
        if (o.enabled && o.cidr === undefined)
          ctx.addIssue({ code: 'custom', message: 'cidr is required when the overlay is enabled' })
      })
      .optional(),
  })
  .superRefine(
    (o, ctx) => {
      if (!isObject(o)) return
      if (o.cloud !== undefined) {
        for (const k of AUTH_KEYS)
          if (k in o)
            ctx.addIssue({
              code: 'custom',
              path: [k],
              message: `not allowed with "cloud": clouds.yaml holds the credentials`,
            })
      } else if (REQUIRED_AUTH.some((k) => k in o)) {
        // Without any of them, $OS_CLOUD chooses the clouds.yaml entry at run time (lib/openstack/cloud-choice.ts).
        for (const k of REQUIRED_AUTH)
          if (!(k in o))
            ctx.addIssue({
              code: 'custom',
              message: `${k} is required (or set "cloud" to read clouds.yaml, or leave all four out and export OS_CLOUD)`,
            })
      }
    },
    { when: (p) => isObject(p.value) },
  )

export const Waiver = z.strictObject({
  // suite.topic.name, or suite.topic where docs/design.md §5 names a check so (overlay.bulk).
  check: z.string().regex(/^(underlay|overlay|hosts)\.[a-z0-9-]+(\.[a-z0-9-]+)?$/, {
    error: 'invalid check ID: want suite.topic.name, e.g. hosts.listeners.ipv6',
  }),
  subject: z.string().min(1),
  reason: z.string().min(1),
  expires: z.string().refine(isRealDate, { error: 'expected a date YYYY-MM-DD' }),
})

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/**
 * Cross-field rules. They run even when other parts of the target are wrong (`when`), so that
 * every error is reported in one pass; hence they read the value defensively.
 */
function crossCheck(t: unknown, ctx: z.RefinementCtx): void {
  if (!isObject(t)) return
  const roles = isObject(t.roles) ? t.roles : {}
  const hosts = Array.isArray(t.hosts) ? (t.hosts as unknown[]) : []
  const seen = new Map<string, number>()
  hosts.forEach((h, i) => {
    if (!isObject(h)) return
    if (typeof h.name === 'string') {
      const first = seen.get(h.name)
      if (first === undefined) seen.set(h.name, i)
      else
        ctx.addIssue({
          code: 'custom',
          path: ['hosts', i, 'name'],
          message: `duplicate host name "${h.name}" (first at hosts[${first}])`,
        })
    }
    if (Array.isArray(h.roles))
      h.roles.forEach((r: unknown, j) => {
        if (typeof r === 'string' && !Object.hasOwn(roles, r))
          ctx.addIssue({
            code: 'custom',
            path: ['hosts', i, 'roles', j],
            message: `unknown role "${r}"${didYouMean(r, Object.keys(roles))}`,
          })
      })
  })
  const endpoints = Array.isArray(t.endpoints) ? (t.endpoints as unknown[]) : []
  const names = new Set<unknown>()
  endpoints.forEach((e, i) => {
    if (!isObject(e) || typeof e.name !== 'string') return
    if (names.has(e.name))
      ctx.addIssue({ code: 'custom', path: ['endpoints', i, 'name'], message: `duplicate endpoint name "${e.name}"` })
    names.add(e.name)
  })
}

export const Target = z
  .strictObject({
    ...settings,
    stack: Stack.default('ipv6-only'), // sets what an A record or a v4 listener means
    tags: z.array(Name).default([]),
    prefixes: z.array(AlignedPrefix).default([]), // the target's own address space (aaaa-scope)
    dns: Dns.optional(),
    tls: Tls.optional(),
    endpoints: z.array(Endpoint).default([]),
    openstack: OpenStack.optional(),
    ssh: Ssh.optional(),
    // An Ansible inventory (INI or YAML) whose hosts join the target's; its groups that are roles give roles (docs/ssh.md).
    inventory: z
      .union([LocalPath, z.strictObject({ path: LocalPath, groups: z.array(z.string().min(1)).min(1).optional() })], {
        error: 'expected a path, or { path, groups: [...] }',
      })
      .optional(),
    roles: z.record(Name, Settings).default({}),
    hosts: z.array(Host).default([]),
    waivers: z.array(Waiver).default([]),
  })
  .superRefine(crossCheck, { when: (p) => isObject(p.value) })

const TargetName = Name.refine((n) => n !== 'local', { error: '"local" is the built-in target; choose another name' })

/** The file without its `x-` keys; targets.schema.json is generated from it (lib/docs/targets-schema.ts). */
export const TargetsFileObject = z.strictObject({ targets: z.record(TargetName, Target) })

/** Top-level `x-` keys are ignored, as in Compose: a place to define YAML anchors. */
export const TargetsFileSchema = z.preprocess(
  (v) => (isObject(v) ? Object.fromEntries(Object.entries(v).filter(([k]) => !k.startsWith('x-'))) : v),
  TargetsFileObject,
)

export type TargetsFileData = z.infer<typeof TargetsFileSchema>
/** A host an inventory gave a target (lib/targets/inventory/targets.ts), and the file it came from. */
export type InventoryHostSpec = { spec: z.infer<typeof Host>; from: string }

/** A validated file, with relative local paths resolved, its targets' inventories read, and where it came from. */
export type TargetsFile = TargetsFileData & {
  source: string
  /** By target: the hosts its `inventory` gave, before the targets file's own entries are merged over them. */
  inventoryHosts?: Record<string, InventoryHostSpec[]>
  /** By target: what its inventory left out, and why (shown by validate). */
  inventoryNotes?: Record<string, string[]>
}
export type TargetSpec = z.infer<typeof Target>
export type HostSpec = z.infer<typeof Host>
export type SettingsSpec = z.infer<typeof Settings>
export type SshSpec = z.infer<typeof Ssh>
export type StackName = z.infer<typeof Stack>
export type ListenerSpec = z.infer<typeof Listener>
export type InterfaceSpec = z.infer<typeof InterfaceExpectation>
export type ConfigFileSpec = z.infer<typeof ConfigFile>
export type MetadataSource = z.infer<typeof Metadata>
export type AddressModeName = z.infer<typeof AddressMode>
export type ContainersSpec = z.infer<typeof Containers>
export type PathMtuSpec = z.infer<typeof PathMtu>
export type DnsSpec = z.infer<typeof Dns>
export type TlsSpec = z.infer<typeof Tls>
export type EndpointSpec = z.infer<typeof Endpoint>
export type OpenStackSpec = z.infer<typeof OpenStack>
export type WaiverSpec = z.infer<typeof Waiver>
