// Judges of the API endpoints: "are the endpoints really listening on IPv6" (the underlay
// question of the OPNFV IPv6 project's release notes), the HTTP answer and TLS over IPv6, v4/v6
// parity, and URLs written right.
import type { HttpPhase, HttpProbeResult, TlsInfo } from '../http/http-probe.ts'
import type { TcpProbeResult } from '../http/tcp-probe.ts'
import { CERT_ERROR_CODES, tlsFindings } from '../http/tls-findings.ts'
import { formatUrlHost, isIPv4, notIPv6, parseIPv6, parseUrlAuthority } from '../net/index.ts'
import type { EndpointObservation } from '../observe/underlay-record.ts'
import { fail, pass, skipped, type Verdict, type Where } from '../verdict.ts'
import { aaaaAt, showAaaaAt } from './underlay-dns.ts'
import {
  catalogSubjects,
  NO_RESOLVERS,
  remedies,
  showDns,
  type UnderlayJudge,
  type UnderlayView,
} from './underlay-view.ts'
import {
  ENDPOINT_HTTP_V6,
  ENDPOINT_PARITY,
  ENDPOINT_TCP_V6,
  ENDPOINT_TLS,
  ENDPOINT_URL_FORMAT,
} from '../checks/underlay/endpoint.ts'
import { judgeUnderlay } from './judged.ts'

export const NO_V6_CONNECTION = 'no IPv6 connection, see underlay.endpoint.tcp-v6'

/** A URL cut around its host as written: [`scheme://user@`, `[2001:db8::11]`, `:5000/v3`]. */
export function splitHost(url: string): [string, string, string] | undefined {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/)([^/?#]*)(.*)$/s.exec(url)
  if (!m) return undefined
  const [, scheme = '', authority = '', rest = ''] = m
  const at = authority.lastIndexOf('@') + 1
  const hostport = authority.slice(at)
  // Unbracketed IPv6: every colon belongs to the address, as parseUrlAuthority reads it.
  const end = hostport.startsWith('[')
    ? hostport.indexOf(']') + 1
    : hostport.split(':').length > 2
      ? hostport.length
      : hostport.includes(':')
        ? hostport.indexOf(':')
        : hostport.length
  return [scheme + authority.slice(0, at), hostport.slice(0, end), hostport.slice(end) + rest]
}

/** The same URL with another host, e.g. `[<IPv6 address>]` for a remedy. */
export const withHost = (url: string, host: string): string => {
  const p = splitHost(url)
  return p ? p[0] + host + p[2] : url
}

const whereOf = (
  p: { address?: string; remoteAddress?: string; family?: 'IPv4' | 'IPv6' } | undefined,
): Where | undefined => {
  const address = p?.remoteAddress ?? p?.address
  return address === undefined ? undefined : { address, ...(p?.family && { family: p.family }) }
}
const withWhere = (w: Where | undefined) => (w ? { where: w } : {})

// ---- url-format ----

function judgeUrl(check: string, subject: string, url: string): Verdict {
  const base = {
    check,
    subject,
    expected: 'IPv6 literals in brackets, in RFC 5952 canonical form, zone IDs as %25 (RFC 3986 §3.2.2, RFC 6874)',
  }
  const a = parseUrlAuthority(url)
  if (!a.ok)
    return fail({
      ...base,
      observed: `${url}: ${a.error}`,
      remedy:
        'write the URL as scheme://host:port/path, with an IPv6 literal in brackets: http://[2001:db8::11]:5000/v3',
      evidence: url,
    })
  const notes = a.problems.map((p) => `${p.level}: ${p.message}`)
  const evidence = [url, ...notes].join('\n')
  if (a.kind !== 'ipv6')
    return pass({
      ...base,
      observed: `the host is ${a.kind === 'name' ? 'the name' : 'the IPv4 literal'} ${a.host}`,
      evidence,
    })
  const [before = '', written = '', after = ''] = splitHost(url) ?? []
  const canonical = formatUrlHost(a.host, a.zone)
  // parseUrlAuthority only warns about a non-canonical literal; docs/design.md §5 makes it a failure here.
  const errors = a.problems.filter((p) => p.level === 'error')
  if (written === canonical && !errors.length)
    return pass({ ...base, observed: `${canonical} is bracketed and canonical`, evidence })
  const fixed = before + canonical + after
  // RFC 5952 §6: unbracketed 2001:db8::1:5000 also reads as 2001:db8::1 port 5000.
  const i = written.lastIndexOf(':')
  const head = parseIPv6(written.slice(0, i))
  const alt =
    !written.startsWith('[') && /^\d{1,5}$/.test(written.slice(i + 1)) && head
      ? `${before}${formatUrlHost(head.address, head.zone)}:${written.slice(i + 1)}${after}`
      : undefined
  return fail({
    ...base,
    observed: `${url}: ${a.problems.map((p) => p.message).join('; ') || `${written} is written ${canonical} in canonical form`}`,
    remedy: `write ${fixed}${alt ? ` (or ${alt}, if the last group was meant as the port)` : ''}`,
    evidence,
  })
}

export const urlFormat = judgeUnderlay(ENDPOINT_URL_FORMAT, (v) => {
  const check = ENDPOINT_URL_FORMAT.id
  return [
    ...v.underlay.endpoints.map((e) => judgeUrl(check, e.name, e.url)),
    ...catalogSubjects(v).map((c) => judgeUrl(check, c.subject, c.entry.url)),
  ]
})

// ---- tcp-v6 ----

const showTcp = (p: TcpProbeResult): string =>
  `[${p.address}]:${p.port} ${p.ok ? `connected over ${p.family} from ${p.localAddress ?? '?'}` : `${p.error?.code ?? 'failed'}: ${p.error?.message ?? ''}`} (${p.ms} ms)`

function tcpWhy(p: TcpProbeResult): { text: string; remedy: string } {
  const at = `[${p.address}]:${p.port}`
  const code = p.error?.code ?? 'failed'
  switch (code) {
    case 'ECONNREFUSED':
      return {
        text: `${at}: connection refused, nothing listens on that IPv6 address and port`,
        remedy: `bind the service (or the HAProxy frontend) to :: or to ${at}`,
      }
    case 'timeout':
      return {
        text: `${at}: no answer within ${p.ms} ms, filtered`,
        remedy: `open TCP ${p.port} for IPv6 (ip6tables -I INPUT -p tcp --dport ${p.port} -j ACCEPT, the security group) and check the HAProxy bind`,
      }
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
      return {
        text: `${at}: no route (${code})`,
        remedy: `give the runner a route to ${p.address} (ip -6 route get ${p.address}) and check the router`,
      }
    default:
      return {
        text: `${at}: ${code}${p.error ? `: ${p.error.message}` : ''}`,
        remedy: `make ${at} accept TCP connections over IPv6`,
      }
  }
}

/** An empty `tcp`: why there was nothing to dial, from the URL and the resolvers' answers. */
function nothingDialled(
  v: UnderlayView,
  e: EndpointObservation,
): { observed: string; remedy: string; evidence: string } {
  const a = parseUrlAuthority(e.url)
  if (!a.ok)
    return {
      observed: `nothing dialled: the URL does not parse (${a.error})`,
      remedy: 'fix the URL (see underlay.endpoint.url-format)',
      evidence: e.url,
    }
  const literal = `write the URL with the service's IPv6 address in brackets or a name that has an AAAA: ${withHost(e.url, '[<IPv6 address>]')}`
  if (a.kind === 'ipv4')
    return { observed: `nothing dialled: the URL holds the IPv4 literal ${a.host}`, remedy: literal, evidence: e.url }
  if (a.kind === 'ipv6')
    return {
      observed: `nothing dialled: ${notIPv6(a.host) ?? 'no TCP probe was recorded'}`,
      remedy: literal,
      evidence: e.url,
    }
  if (!v.underlay.resolvers.length)
    return {
      observed: `nothing dialled: ${a.host} was not resolved (${NO_RESOLVERS})`,
      remedy: "list the target's resolvers under dns.resolvers",
      evidence: e.url,
    }
  const at = aaaaAt(v, a.host)
  return {
    observed: `nothing dialled: ${a.host} has no dialable AAAA (${showAaaaAt(at)})`,
    remedy: `publish an AAAA for ${a.host} (see underlay.dns.aaaa)`,
    evidence: [e.url, ...at.flatMap((x) => (x.result ? [showDns(x.result)] : []))].join('\n'),
  }
}

export const tcpV6 = judgeUnderlay(ENDPOINT_TCP_V6, (v) => {
  const check = ENDPOINT_TCP_V6.id
  return v.underlay.endpoints.map((e) => {
    const base = {
      check,
      subject: e.name,
      expected: 'a TCP connect over IPv6 to every AAAA (or the literal) of the URL',
    }
    if (!e.tcp.length) return fail({ ...base, ...nothingDialled(v, e) })
    const bad = e.tcp.filter((p) => !p.ok || p.family !== 'IPv6')
    const evidence = e.tcp.map(showTcp).join('\n')
    const where = withWhere(whereOf(bad[0] ?? e.tcp[0]))
    if (!bad.length)
      return pass({
        ...base,
        observed: `connected over IPv6 to ${e.tcp.map((p) => `[${p.address}]:${p.port}`).join(', ')}`,
        evidence,
        ...where,
      })
    const why = bad.map(tcpWhy)
    return fail({
      ...base,
      observed: why.map((w) => w.text).join('; '),
      remedy: [...new Set(why.map((w) => w.remedy))].join('; '),
      evidence,
      ...where,
    })
  })
})

// ---- http-v6 ----

const PHASE_REMEDY: Record<HttpPhase, string> = {
  address: 'give the URL an IPv6 address to dial (see underlay.endpoint.tcp-v6)',
  connect: 'make the service accept IPv6 connections on that address and port (see underlay.endpoint.tcp-v6)',
  tls: "serve a certificate issued by the CA in tls.ca that names the URL's host (see underlay.endpoint.tls)",
  headers:
    'the connection was accepted but no response came: check the service behind it (an HAProxy backend that is down or bound to IPv4 only, busy workers) and its logs',
  body: "the response did not complete: check the service's logs and the proxy's timeouts",
}

const lineOf = (text: string) => text.replace(/\s+/g, ' ').trim().slice(0, 200)

export function showHttp(h: HttpProbeResult): string {
  const t = h.timings
  const times = [
    t.connectMs !== undefined && `connect ${t.connectMs}`,
    t.tlsMs !== undefined && `tls ${t.tlsMs}`,
    t.headersMs !== undefined && `headers ${t.headersMs}`,
    `total ${t.totalMs} ms`,
  ]
  return [
    `GET ${h.url} → ${h.status !== undefined ? `HTTP ${h.status}` : 'no status'}${h.headers.server ? ` (server: ${h.headers.server})` : ''}${h.headers.location ? ` location: ${h.headers.location}` : ''}`,
    `address [${h.remoteAddress ?? h.address ?? '?'}]:${h.remotePort ?? h.port ?? '?'} family ${h.family ?? 'none'}; ${times.filter(Boolean).join(', ')}`,
    ...(h.error ? [`error ${h.error.code} in the ${h.error.phase} phase: ${h.error.message}`] : []),
    ...(h.body?.text ? [`body: ${lineOf(h.body.text)}`] : []),
  ].join('\n')
}

function statusRemedy(h: HttpProbeResult, status: number): string {
  if (status >= 500)
    return "the service failed behind the endpoint (a 503 from HAProxy means no backend is up): check the service's logs and its proxy backend"
  if (status >= 300 && status < 400)
    return `the endpoint redirects${h.headers.location ? ` to ${h.headers.location}` : ''}: put the final URL in the targets file, or list ${status} in expect_status`
  return `check the URL's path, or list ${status} in expect_status if that answer is right`
}

/** What went wrong with a request over IPv6: the error and its phase, or the status. */
export function httpFailure(h: HttpProbeResult): { observed: string; remedy: string } {
  if (h.error) {
    const after = h.status !== undefined ? ` after HTTP ${h.status}` : ''
    return {
      observed: `${h.error.code} in the ${h.error.phase} phase${after}: ${h.error.message}`,
      remedy: PHASE_REMEDY[h.error.phase],
    }
  }
  if (h.family !== 'IPv6' || h.status === undefined)
    return { observed: `no answer over IPv6 (family ${h.family ?? 'unknown'})`, remedy: PHASE_REMEDY.connect }
  return {
    observed: `HTTP ${h.status}${h.headers.location ? ` (location: ${h.headers.location})` : ''}`,
    remedy: statusRemedy(h, h.status),
  }
}

export const httpWhere = (h: HttpProbeResult) => withWhere(whereOf(h))

export const httpV6 = judgeUnderlay(ENDPOINT_HTTP_V6, (v) => {
  const check = ENDPOINT_HTTP_V6.id
  return v.underlay.endpoints.map((e) => {
    const h = e.http
    if (!h) return skipped(check, e.name, NO_V6_CONNECTION)
    if (h.tls && !h.tls.verified)
      return skipped(check, e.name, 'TLS did not verify, see underlay.endpoint.tls', whereOf(h))
    const want = v.target.endpoints.find((t) => t.name === e.name)?.expect_status
    const statusOk = (s: number) => (want ? want.includes(s) : s >= 200 && s <= 399)
    const base = {
      check,
      subject: e.name,
      expected: `HTTP ${want ? want.join(' or ') : '200-399'} over IPv6`,
      evidence: showHttp(h),
      ...httpWhere(h),
    }
    if (h.ok && h.family === 'IPv6' && h.status !== undefined && statusOk(h.status))
      return pass({
        ...base,
        observed: `HTTP ${h.status} over IPv6 from [${h.remoteAddress ?? h.address}]:${h.remotePort ?? h.port}`,
      })
    return fail({ ...base, ...httpFailure(h) })
  })
})

// ---- tls ----

const NAME_CODES = new Set(['ERR_TLS_CERT_ALTNAME_INVALID', 'HOSTNAME_MISMATCH'])
const DATE_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERROR_IN_CERT_NOT_BEFORE_FIELD',
  'ERROR_IN_CERT_NOT_AFTER_FIELD',
])
/** OpenSSL's verify codes that are about the chain, not the name or the dates. */
const chainCode = (code: string) => CERT_ERROR_CODES.has(code) && !NAME_CODES.has(code) && !DATE_CODES.has(code)

function showChain(t: TlsInfo): string {
  return [
    ...t.chain.map((c, i) => {
      const sans = [...c.sans.dns.map((n) => `DNS:${n}`), ...c.sans.ip.map((a) => `IP:${a}`)].join(', ') || 'none'
      return `#${i} subject ${c.subject}; issuer ${c.issuer}; SANs ${sans}; valid ${c.validFrom} to ${c.validTo}; sha256 ${c.fingerprint256}`
    }),
    `chain from ${t.chainSource ?? 'nowhere (no certificate recorded)'}`,
    ...(t.error ? [`verify error ${t.error.code}: ${t.error.message}`] : []),
    ...(t.evidenceError ? [`evidence handshake failed: ${t.evidenceError.code}: ${t.evidenceError.message}`] : []),
  ].join('\n')
}

/** Why the chain did not verify, from the code OpenSSL or Node gave. */
function verifyWhy(t: TlsInfo): string {
  const code = t.error?.code ?? 'unknown'
  const leaf = t.chain[0]
  if (chainCode(code)) {
    if (!leaf) return `the chain does not verify against tls.ca (${code})`
    const by = code === 'DEPTH_ZERO_SELF_SIGNED_CERT' ? `self-signed (${leaf.subject})` : `issued by ${leaf.issuer}`
    return `${by}, which does not chain to tls.ca (${code})`
  }
  if (CERT_ERROR_CODES.has(code)) return `verification failed with ${code}`
  return `the TLS handshake failed: ${code}: ${t.error?.message ?? ''}`
}

export const tls = judgeUnderlay(ENDPOINT_TLS, (v) => {
  const check = ENDPOINT_TLS.id
  const min = v.target.tls?.min_days_valid ?? 14
  return v.underlay.endpoints
    .filter((e) => /^https:/i.test(e.url))
    .map((e) => {
      const h = e.http
      if (!h?.tls) return skipped(check, e.name, NO_V6_CONNECTION)
      const t = h.tls
      const base = {
        check,
        subject: e.name,
        expected: `a chain that verifies against tls.ca alone, with SANs covering ${t.identity}, valid for at least ${min} days`,
        evidence: showChain(t),
        ...httpWhere(h),
      }
      if (!v.target.tls?.ca)
        return fail({
          ...base,
          observed: "no tls.ca in the targets file: the chain cannot be verified against the lab's CA",
          remedy:
            "set tls.ca in the targets file to the PEM file of the CA that issues the target's certificates (the system store is never used)",
        })
      const f = tlsFindings(t.chain, { host: t.identity, now: v.now, minDaysValid: min })
      if (t.verified && !f.problems.length)
        return pass({
          ...base,
          observed: `verified against tls.ca; ${f.matchedSan} covers ${t.identity}; ${f.expiresFirst?.subject} expires first, in ${f.daysLeft} days`,
        })
      const code = t.error?.code ?? ''
      const ip = parseIPv6(t.identity) !== undefined || isIPv4(t.identity)
      const remedy = remedies(
        !t.verified &&
          chainCode(code) &&
          'install a certificate issued by the CA in tls.ca and serve its intermediates with it (HAProxy: the crt file holds leaf, intermediates and key); self-signed certificates fail by design',
        t.chain.length > 0 &&
          !f.sanCovers &&
          `reissue the certificate with subjectAltName ${ip ? 'IP' : 'DNS'}:${t.identity} (${ip ? 'an IP-literal URL needs an IP SAN; ' : ''}the CN is never used, RFC 6125)`,
        (f.expired || f.expiringSoon || f.notYetValid) &&
          `renew the certificate: it must stay valid for at least ${min} days (tls.min_days_valid)`,
        !t.verified &&
          !CERT_ERROR_CODES.has(code) &&
          'check that the port speaks TLS (HAProxy: bind ... ssl crt ...) and completes the handshake',
      )
      const observed = [...(t.verified ? [] : [verifyWhy(t)]), ...f.problems]
      return fail({
        ...base,
        observed: observed.join('; '),
        remedy: remedy || 'serve a certificate that verifies against tls.ca and names the host',
      })
    })
})

// ---- parity ----

const answered = (p: HttpProbeResult | undefined): p is HttpProbeResult & { status: number } => p?.status !== undefined
const why = (p: HttpProbeResult | undefined): string =>
  !p ? 'no connection' : p.error ? `${p.error.code} in the ${p.error.phase} phase` : 'no status'

export const parity = judgeUnderlay(ENDPOINT_PARITY, (v) => {
  const check = ENDPOINT_PARITY.id
  if (v.target.stack !== 'dual-stack') return []
  return v.underlay.endpoints.flatMap((e) => {
    const v4 = e.v4
    if (!v4) return []
    const v6 = e.http
    const base = {
      check,
      subject: e.name,
      expected: 'the same port and status class over IPv6 and IPv4 (Internet.nl: the same website on both)',
      evidence: [`IPv6: ${v6 ? showHttp(v6) : 'no request (no IPv6 connection)'}`, `IPv4: ${showHttp(v4)}`].join('\n'),
      ...withWhere(whereOf(v6) ?? whereOf(v4)),
    }
    if (!answered(v6) && !answered(v4))
      return [skipped(check, e.name, 'no answer over either family, see underlay.endpoint.tcp-v6')]
    if (!answered(v6))
      return [
        fail({
          ...base,
          observed: `answers over IPv4 (HTTP ${v4.status}) but not over IPv6 (${why(v6)})`,
          remedy:
            'make the service listen on IPv6 as it does on IPv4 (bind ::, HAProxy bind :::<port> v4v6) and open the port for IPv6',
        }),
      ]
    if (!answered(v4))
      return [
        fail({
          ...base,
          observed: `answers over IPv6 (HTTP ${v6.status}) but not over IPv4 (${why(v4)})`,
          remedy:
            'the target is dual-stack: make the service answer over IPv4 too (a v4 socket beside the v6only one), or remove the A record if the name is meant to be IPv6-only',
        }),
      ]
    const cls = (s: number) => `${Math.floor(s / 100)}xx`
    const observed = `HTTP ${v6.status} over IPv6 on port ${v6.port}, HTTP ${v4.status} over IPv4 on port ${v4.port}`
    if (v6.port === v4.port && cls(v6.status) === cls(v4.status)) return [pass({ ...base, observed })]
    return [
      fail({
        ...base,
        observed,
        remedy:
          'the two families reach different frontends or backends: compare the IPv4 and IPv6 binds of the proxy (HAProxy, nginx) and the backends they send to',
      }),
    ]
  })
})
