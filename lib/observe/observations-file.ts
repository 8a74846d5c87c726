// observations.json read back (`--replay`, and the shard copied by merge-reports): checked against
// the shape `run` writes before anything is judged, so a hand-edited or hostile file is a usage
// error naming the offending key, never a crash half-way through the judging. The schemas below
// are tied to the types the judges read (record.ts and the types it names): `tsc` fails if either
// changes alone.
//
// The target part is checked with the targets file's own rules (strict: an unknown key is an
// error); the records around it ignore unknown keys, which a newer v6ready may add. Either way a
// `__proto__` key never reaches the value: every object is rebuilt from the schema's keys.
import { z } from 'zod'
import type { DnsResult, DnsType, Rcode } from '../dns/types.ts'
import type { CertInfo } from '../http/cert-chain.ts'
import type { HttpProbeResult } from '../http/http-probe.ts'
import type { TcpProbeResult } from '../http/tcp-probe.ts'
import type { CatalogEntry, KeystoneError } from '../openstack/keystone-token.ts'
import {
  AddressMode,
  ConfigFile,
  Containers,
  Dns,
  Endpoint,
  isInterfaceName,
  isSysctlName,
  Listener,
  Metadata,
  Name,
  OpenStack,
  Stack,
  Tls,
  Waiver,
} from '../targets/schema.ts'
import type { ResolvedHost, ResolvedTarget } from '../targets/resolve.ts'
import { ShardSchema } from '../targets/shard.ts'
import { OBSERVATIONS_INPUT, parseJsonInput, readInput } from '../util/input-file.ts'
import type { Assert, Equal } from '../util/type-equal.ts'
import type { HostObservation, Observations, Probe } from './record.ts'
import { SECTIONS } from './script.ts'
import { scrubObservations } from './scrub.ts'
import type { CatalogObservation, UnderlayObservation } from './underlay-record.ts'

const str = z.string()
const num = z.number()
const bool = z.boolean()

// ---- the target, as resolved from the targets file (lib/targets/resolve.ts) ----

const ResolvedInterface = z.strictObject({
  ipv6: z.enum(['required', 'optional', 'forbidden']),
  addresses: z.array(str),
  accept_ra: bool.optional(),
  mtu: num.optional(),
  address_mode: AddressMode.optional(),
})

const ResolvedSsh = z.strictObject({
  user: str.optional(),
  port: num.optional(),
  identity: z.array(str),
  passphrase: str.optional(),
  agent: z.union([bool, str]).optional(),
  known_hosts: z.array(str),
  jump: z.union([str, z.literal(false)]).optional(),
  ssh_config: z.union([bool, str]).optional(),
  become: z.literal('sudo').optional(),
  timeout: num.optional(),
  command_timeout: num,
  keepalive: num,
})

const IfName = str.refine(isInterfaceName, { error: 'invalid interface name' })
const SysctlKey = str.refine(isSysctlName, { error: 'invalid sysctl name' })

const ResolvedHostSchema = z.strictObject({
  name: str.min(1),
  address: str.optional(),
  transport: z.enum(['local', 'ssh']),
  roles: z.array(str),
  stack: Stack,
  forwarding: bool.optional(),
  interfaces: z.record(IfName, ResolvedInterface),
  sysctl: z.record(SysctlKey, str),
  listeners: z.strictObject({ auto: bool, expected: z.array(Listener) }),
  configs: z.array(ConfigFile),
  metadata: Metadata.optional(),
  address_mode: AddressMode.optional(),
  containers: Containers.optional(),
  path_mtu: z.strictObject({ router: bool, peers: z.array(z.strictObject({ name: str, address: str })) }).optional(),
  ssh: ResolvedSsh.optional(),
  from: str.optional(),
})

/** `name` becomes the report directory `reports/<name>`: the targets file's name grammar keeps it one plain path segment. */
const ResolvedTargetSchema = z.strictObject({
  name: Name,
  stack: Stack,
  tags: z.array(str),
  prefixes: z.array(str),
  dns: Dns.optional(),
  tls: Tls.optional(),
  endpoints: z.array(Endpoint),
  openstack: OpenStack.optional(),
  hosts: z.array(ResolvedHostSchema),
  waivers: z.array(Waiver),
  source: str,
})

// ---- the hosts ----

const Family = z.enum(['IPv4', 'IPv6'])

const ProbeSchema = z.object({
  port: num,
  address: str,
  ok: bool,
  family: Family.optional(),
  remoteAddress: str.optional(),
  error: str.optional(),
  ms: num,
  via: z.literal('ssh').optional(),
})

const HostObservationSchema = z.object({
  name: str,
  transport: z.enum(['local', 'ssh']),
  address: str.optional(),
  ok: bool,
  error: str.optional(),
  errorKind: str.optional(),
  lostIn: z.enum(['connect', 'observe']).optional(),
  startedAt: str,
  durationMs: num,
  sections: z.partialRecord(z.enum(SECTIONS), str),
  noise: str.optional(),
  complete: bool,
  truncated: bool,
  timedOut: bool.optional(),
  limits: z.object({ timeoutMs: num, maxBytes: num }).optional(),
  exitCode: num.nullable().optional(),
  stderr: str.optional(),
  warnings: z.array(str).optional(),
  probes: z.array(ProbeSchema),
})

// ---- the underlay (lib/dns, lib/http, lib/openstack/keystone-token.ts) ----

const DnsTypeSchema = z.custom<DnsType>((v) => typeof v === 'string' && /^[A-Z][A-Z0-9]*$/.test(v) && v !== 'OPT', {
  error: 'expected a DNS record type such as "AAAA"',
})
const RcodeSchema = z.custom<Rcode>((v) => typeof v === 'string' && /^(?:[A-Z]+|RCODE_[0-9]+)$/.test(v), {
  error: 'expected a DNS rcode such as "NOERROR"',
})
const DnsErrorKind = z.enum([
  'timeout',
  'aborted',
  'refused',
  'unreachable',
  'closed',
  'bad-reply',
  'tcp-failed',
  'socket-error',
  'not-ipv6',
  'invalid',
])
const Transport = z.enum(['udp', 'tcp'])
const DnsRecordSchema = z.object({ name: str, type: str, ttl: num, data: str })

const DnsAnswerSchema = z.object({
  ok: z.literal(true),
  server: str,
  name: str,
  type: DnsTypeSchema,
  rcode: RcodeSchema,
  aa: bool,
  tc: bool,
  ra: bool,
  transport: Transport,
  answers: z.array(DnsRecordSchema),
  authority: z.array(DnsRecordSchema),
  negativeTtl: num.optional(),
  ednsUdpSize: num.optional(),
  ms: num,
})

const DnsResultSchema = z.discriminatedUnion('ok', [
  DnsAnswerSchema,
  z.object({
    ok: z.literal(false),
    server: str,
    name: str,
    type: DnsTypeSchema,
    error: DnsErrorKind,
    detail: str,
    transport: Transport.optional(),
    cause: DnsErrorKind.optional(),
    truncated: DnsAnswerSchema.optional(),
    ms: num,
  }),
])

const ProbeErrorSchema = z.object({ code: str, message: str })

const TcpProbeResultSchema = z.object({
  address: str,
  port: num,
  ok: bool,
  family: Family.optional(),
  remoteAddress: str.optional(),
  localAddress: str.optional(),
  ms: num,
  error: ProbeErrorSchema.optional(),
})

const CertInfoSchema = z.object({
  subject: str,
  issuer: str,
  sans: z.object({ dns: z.array(str), ip: z.array(str) }),
  validFrom: str,
  validTo: str,
  fingerprint256: str,
  serialNumber: str,
  isCA: bool,
})

const HttpProbeResultSchema = z.object({
  url: str,
  ok: bool,
  address: str.optional(),
  port: num.optional(),
  skippedAddresses: z.array(str).optional(),
  family: Family.optional(),
  remoteAddress: str.optional(),
  remotePort: num.optional(),
  localAddress: str.optional(),
  status: num.optional(),
  headers: z.object({ location: str.optional(), server: str.optional(), 'content-type': str.optional() }),
  body: z.object({ bytes: num, truncated: bool, text: str }).optional(),
  timings: z.object({
    resolveMs: num.optional(),
    connectMs: num.optional(),
    tlsMs: num.optional(),
    headersMs: num.optional(),
    totalMs: num,
  }),
  tls: z
    .object({
      verified: bool,
      identity: str,
      servername: str.optional(),
      protocol: str.optional(),
      cipher: str.optional(),
      alpn: str.optional(),
      error: ProbeErrorSchema.optional(),
      chain: z.array(CertInfoSchema),
      chainSource: z.enum(['verified-connection', 'evidence-handshake']).optional(),
      evidenceError: ProbeErrorSchema.optional(),
    })
    .optional(),
  error: ProbeErrorSchema.extend({ phase: z.enum(['address', 'connect', 'tls', 'headers', 'body']) }).optional(),
})

const CatalogEntrySchema = z.object({
  service: str,
  name: str,
  interface: z.enum(['public', 'internal', 'admin']),
  region: str,
  url: str,
})
const KeystoneErrorSchema = z.object({ method: str, url: str, status: num.optional(), message: str })

const CatalogObservationSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    authUrl: str,
    expiresAt: str,
    entries: z.array(CatalogEntrySchema),
    probes: z.array(z.object({ url: str, http: HttpProbeResultSchema.optional() })),
    ms: num,
  }),
  z.object({ ok: z.literal(false), authUrl: str, error: KeystoneErrorSchema, ms: num }),
])

const UnderlayObservationSchema = z.object({
  startedAt: str,
  durationMs: num,
  resolvers: z.array(str),
  names: z.array(str),
  dns: z.array(DnsResultSchema),
  tcpOnly: z.array(DnsResultSchema),
  endpoints: z.array(
    z.object({
      name: str,
      url: str,
      tcp: z.array(TcpProbeResultSchema),
      http: HttpProbeResultSchema.optional(),
      v4: HttpProbeResultSchema.optional(),
    }),
  ),
  catalog: CatalogObservationSchema.optional(),
})

export const ObservationsSchema = z.object(
  {
    version: z.literal(1, { error: 'expected 1: this v6ready reads version 1 of observations.json' }),
    tool: str,
    runId: str,
    startedAt: z.iso.datetime({ offset: true }),
    durationMs: num,
    target: ResolvedTargetSchema,
    hosts: z.array(HostObservationSchema),
    underlay: UnderlayObservationSchema.optional(),
    shard: ShardSchema.optional(),
  },
  { error: 'expected a JSON object' },
)

// The ties: each schema is exactly the type the judges read.
export type SchemaTies = [
  Assert<Equal<z.infer<typeof ObservationsSchema>, Observations>>,
  Assert<Equal<z.infer<typeof ResolvedTargetSchema>, ResolvedTarget>>,
  Assert<Equal<z.infer<typeof ResolvedHostSchema>, ResolvedHost>>,
  Assert<Equal<z.infer<typeof HostObservationSchema>, HostObservation>>,
  Assert<Equal<z.infer<typeof ProbeSchema>, Probe>>,
  Assert<Equal<z.infer<typeof UnderlayObservationSchema>, UnderlayObservation>>,
  Assert<Equal<z.infer<typeof CatalogObservationSchema>, CatalogObservation>>,
  Assert<Equal<z.infer<typeof DnsResultSchema>, DnsResult>>,
  Assert<Equal<z.infer<typeof TcpProbeResultSchema>, TcpProbeResult>>,
  Assert<Equal<z.infer<typeof HttpProbeResultSchema>, HttpProbeResult>>,
  Assert<Equal<z.infer<typeof CertInfoSchema>, CertInfo>>,
  Assert<Equal<z.infer<typeof CatalogEntrySchema>, CatalogEntry>>,
  Assert<Equal<z.infer<typeof KeystoneErrorSchema>, KeystoneError>>,
]

/**
 * The text of an observations.json, checked (`label` names it in messages: `--replay FILE`). A
 * hand-made or older file may hold secrets: it is scrubbed whole before anything is written again.
 */
export function parseObservations(text: string, label: string): Observations {
  return scrubObservations(parseJsonInput(text, label, OBSERVATIONS_INPUT, ObservationsSchema))
}

/** An observations.json file: size checked before it is read, then parseObservations. */
export function readObservations(path: string, flag: string): Observations {
  return parseObservations(readInput(path, flag, OBSERVATIONS_INPUT), `${flag} ${path}`)
}
