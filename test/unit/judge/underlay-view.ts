// Underlay views for judge tests: DNS results and probes built field for field as lib/dns and
// lib/http produce them (see test/unit/dns and test/unit/http), on the lab's address plan.
import type { DnsAnswer, DnsErrorKind, DnsFailure, DnsRecord, DnsResult, DnsType } from '../../../lib/dns/types.ts'
import type { CertInfo, HttpProbeResult, TcpProbeResult } from '../../../lib/http/index.ts'
import type { UnderlayView } from '../../../lib/judge/underlay-view.ts'
import type { CatalogEntry } from '../../../lib/openstack/keystone-token.ts'
import type {
  CatalogObservation,
  CatalogProbe,
  EndpointObservation,
  UnderlayObservation,
} from '../../../lib/observe/underlay-record.ts'
import type { ResolvedTarget } from '../../../lib/targets/resolve.ts'
import type { Verdict } from '../../../lib/verdict.ts'
import { isCheckId } from '../../../lib/checks/catalog.ts'
import { expect } from 'vitest'

export const R1 = '[2001:db8:0:1::53]:53'
export const R2 = '[2001:db8:0:2::53]:53'
/** The runner, in the lab's management namespace. */
export const RUNNER = '2001:db8:0:1::100'
export const CTL = '2001:db8:0:1::11'

const SOA: DnsRecord = {
  name: 'lab.test',
  type: 'SOA',
  ttl: 600,
  data: 'ns.lab.test hostmaster.lab.test 1 1200 180 1209600 600',
}

const rr = (name: string, type: string, data: string): DnsRecord => ({ name, type, ttl: 600, data })

/** NOERROR with these records of the question's type (dnsmasq, authoritative: aa and ra set). */
export function answer(name: string, type: DnsType, data: string[], over: Partial<DnsAnswer> = {}): DnsAnswer {
  return {
    ok: true,
    server: R1,
    name,
    type,
    rcode: 'NOERROR',
    aa: true,
    tc: false,
    ra: true,
    transport: 'udp',
    answers: data.map((d) => rr(name, type, d)),
    authority: [],
    ednsUdpSize: 1232,
    ms: 0.912,
    ...over,
  }
}

/** A CNAME to `target`, then the target's records, as one answer section. */
export const viaCname = (
  name: string,
  type: DnsType,
  target: string,
  data: string[],
  over: Partial<DnsAnswer> = {},
): DnsAnswer =>
  answer(name, type, [], { answers: [rr(name, 'CNAME', target), ...data.map((d) => rr(target, type, d))], ...over })

export const nodata = (name: string, type: DnsType, over: Partial<DnsAnswer> = {}): DnsAnswer =>
  answer(name, type, [], { authority: [SOA], negativeTtl: 600, ...over })

export const nxdomain = (name: string, type: DnsType, over: Partial<DnsAnswer> = {}): DnsAnswer =>
  answer(name, type, [], { rcode: 'NXDOMAIN', authority: [SOA], negativeTtl: 600, ...over })

/** REFUSED from a server whose ACL leaves the runner out: no EDNS in the reply. */
export function refused(name: string, type: DnsType, over: Partial<DnsAnswer> = {}): DnsAnswer {
  const { ednsUdpSize: _e, ...a } = answer(name, type, [], { rcode: 'REFUSED', aa: false, ra: false })
  return { ...a, ...over }
}

const DETAIL: Partial<Record<DnsErrorKind, string>> = {
  timeout: 'no reply before the deadline',
  refused: 'read ECONNREFUSED',
  unreachable: 'connect EHOSTUNREACH 2001:db8:0:2::53:53 - Local (:::0)',
  closed: 'the server closed the connection before a reply',
}

export function failure(name: string, type: DnsType, error: DnsErrorKind, over: Partial<DnsFailure> = {}): DnsFailure {
  return {
    ok: false,
    server: R1,
    name,
    type,
    error,
    detail: DETAIL[error] ?? error,
    transport: 'udp',
    ms: 2000.731,
    ...over,
  }
}

/** UDP said TC, and the TCP retry failed: the truncated UDP answer is kept. */
export function tcpFailed(name: string, type: DnsType, data: string[], over: Partial<DnsFailure> = {}): DnsFailure {
  return failure(name, type, 'tcp-failed', {
    cause: 'timeout',
    detail: 'UDP reply truncated (TC), TCP retry failed: timeout: no reply before the deadline',
    transport: 'tcp',
    truncated: answer(name, type, data, { tc: true, ...(over.server && { server: over.server }) }),
    ...over,
  })
}

// ---- probes ----

export const tcpOk = (address: string, port: number): TcpProbeResult => ({
  address,
  port,
  ms: 1,
  ok: true,
  family: 'IPv6',
  remoteAddress: address,
  localAddress: RUNNER,
})

export function tcpFail(
  address: string,
  port: number,
  code: 'ECONNREFUSED' | 'timeout' | 'EHOSTUNREACH' | 'ENETUNREACH',
): TcpProbeResult {
  const message =
    code === 'timeout'
      ? 'no complete answer within 2000 ms'
      : code === 'ECONNREFUSED'
        ? `connect ECONNREFUSED ${address}:${port}`
        : `connect ${code} ${address}:${port} - Local (:::0)`
  return { address, port, ms: code === 'timeout' ? 2000 : 1, ok: false, error: { code, message } }
}

const now = new Date('2026-11-24T00:00:00Z')
const days = (n: number) => new Date(now.getTime() + n * 86_400_000).toISOString()

export const caCert: CertInfo = {
  subject: 'CN=v6lab CA',
  issuer: 'CN=v6lab CA',
  sans: { dns: [], ip: [] },
  validFrom: days(-30),
  validTo: days(3620),
  fingerprint256: '5C:1E:9A:33:0B:7D:42:E8:61:AF:03:94:D2:6B:C0:1F:88:27:5A:E3:70:4C:B9:16:D5:2E:8F:01:A6:73:BD:49',
  serialNumber: '1A2B',
  isCA: true,
}

export function leafCert(over: Partial<CertInfo> = {}): CertInfo {
  return {
    subject: 'CN=keystone.lab.test',
    issuer: 'CN=v6lab CA',
    sans: { dns: ['keystone.lab.test', 'api.lab.test'], ip: [CTL] },
    validFrom: days(-30),
    validTo: days(335),
    fingerprint256: 'A4:0F:77:C2:19:E5:3B:8D:60:2A:F1:95:4E:BC:07:D3:12:6F:A8:39:C4:51:E0:9B:7A:2D:63:F8:05:CE:94:B1',
    serialNumber: '3C4D',
    isCA: false,
    ...over,
  }
}

/** `GET url` answered over IPv6 by the controller; https adds a chain verified against the lab CA. */
export function httpOk(url: string, status = 200, over: Partial<HttpProbeResult> = {}): HttpProbeResult {
  const u = new URL(url)
  const https = u.protocol === 'https:'
  const port = Number(u.port) || (https ? 443 : 80)
  const identity = u.hostname.replace(/^\[|\]$/g, '')
  const literal = identity.includes(':')
  return {
    url,
    ok: true,
    address: CTL,
    port,
    family: 'IPv6',
    remoteAddress: CTL,
    remotePort: port,
    localAddress: RUNNER,
    status,
    headers: { server: 'Apache/2.4.62 (Debian)', 'content-type': 'application/json' },
    body: { bytes: 268, truncated: false, text: '{"version": {"id": "v3.14", "status": "stable"}}' },
    timings: { connectMs: 1, ...(https && { tlsMs: 6 }), headersMs: 19, totalMs: 20 },
    ...(https && {
      tls: {
        verified: true,
        identity,
        ...(!literal && { servername: identity }),
        protocol: 'TLSv1.3',
        cipher: 'TLS_AES_256_GCM_SHA384',
        alpn: 'http/1.1',
        chain: [leafCert(), caCert],
        chainSource: 'verified-connection' as const,
      },
    }),
    ...over,
  }
}

/** https whose verification failed: the request is never sent, the chain comes from the evidence handshake. */
export function httpsRejected(url: string, code: string, message: string, chain: CertInfo[]): HttpProbeResult {
  const ok = httpOk(url)
  const { status: _s, body: _b, ...rest } = ok
  return {
    ...rest,
    ok: false,
    headers: {},
    timings: { connectMs: 1, totalMs: 9 },
    error: { code, message, phase: 'tls' },
    tls: { ...ok.tls!, verified: false, error: { code, message }, chain, chainSource: 'evidence-handshake' },
  }
}

/** A request that failed in `phase`, with no status. */
export function httpFail(
  url: string,
  code: string,
  message: string,
  phase: 'connect' | 'headers',
  over: Partial<HttpProbeResult> = {},
): HttpProbeResult {
  const { status: _s, body: _b, tls: _t, family, remoteAddress, remotePort, localAddress, ...rest } = httpOk(url)
  // Nothing connected: httpProbe records no socket fields at all.
  const socket = phase === 'connect' ? {} : { family, remoteAddress, remotePort, localAddress }
  return {
    ...rest,
    ...socket,
    ok: false,
    headers: {},
    timings: { totalMs: 2000, ...(phase === 'headers' && { connectMs: 1 }) },
    error: { code, message, phase },
    ...over,
  }
}

// ---- the view ----

export function target(over: Partial<ResolvedTarget> = {}): ResolvedTarget {
  return {
    name: 'lab',
    stack: 'ipv6-only',
    tags: [],
    prefixes: ['2001:db8::/32'],
    dns: { resolvers: [R1], names: [], reverse: false },
    tls: { ca: 'lab/.state/pki/ca.pem', min_days_valid: 14 },
    endpoints: [],
    hosts: [],
    waivers: [],
    source: 'lab/.state/targets.yaml',
    ...over,
  }
}

export function endpoint(name: string, url: string, over: Partial<EndpointObservation> = {}): EndpointObservation {
  return { name, url, tcp: [], ...over }
}

export function entry(
  service: string,
  iface: CatalogEntry['interface'],
  url: string,
  region = 'RegionOne',
): CatalogEntry {
  const names: Record<string, string> = { identity: 'keystone', network: 'neutron', compute: 'nova', image: 'glance' }
  return { service, name: names[service] ?? service, interface: iface, region, url }
}

export function catalog(entries: CatalogEntry[], probes: CatalogProbe[] = []): CatalogObservation {
  return {
    ok: true,
    authUrl: `http://[${CTL}]:5000/v3`,
    expiresAt: '2026-11-24T01:00:00.000000Z',
    entries,
    probes,
    ms: 84,
  }
}

export interface ViewParts {
  target?: Partial<ResolvedTarget>
  resolvers?: string[]
  names?: string[]
  dns?: DnsResult[]
  tcpOnly?: DnsResult[]
  endpoints?: EndpointObservation[]
  catalog?: CatalogObservation
  hostAddresses?: string[]
  hostsKnown?: boolean
}

export function view(p: ViewParts = {}): UnderlayView {
  const underlay: UnderlayObservation = {
    startedAt: '2026-11-24T00:00:00.000Z',
    durationMs: 412,
    resolvers: p.resolvers ?? [R1],
    names: p.names ?? [],
    dns: p.dns ?? [],
    tcpOnly: p.tcpOnly ?? [],
    endpoints: p.endpoints ?? [],
    ...(p.catalog && { catalog: p.catalog }),
  }
  return {
    target: target(p.target),
    underlay,
    hostAddresses: p.hostAddresses ?? [],
    hostsKnown: p.hostsKnown ?? false,
    now,
  }
}

export { outcomes } from './view.ts'

/** Every ID is catalogued; every failure says expected, observed, how to fix it, and what backs it. */
export function wellFormed(vs: Verdict[]): Verdict[] {
  for (const v of vs) {
    expect(isCheckId(v.check), v.check).toBe(true)
    if (v.ok) continue
    expect(v, `${v.check} ${v.subject}`).toMatchObject({
      expected: expect.any(String),
      observed: expect.any(String),
      remedy: expect.any(String),
      evidence: expect.any(String),
    })
    expect(
      [v.expected, v.observed, v.remedy, v.evidence].every((x) => x && x.length > 0),
      `${v.check} ${v.subject}`,
    ).toBe(true)
  }
  return vs
}
