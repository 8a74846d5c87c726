// underlay.endpoint.http-v6 and .tls: one HTTP(S) request that can only travel over IPv6, with the
// socket's real family, the timings, and the peer's chain as verified against the target's CA alone.
import dns from 'node:dns/promises'
import type net from 'node:net'
import tls from 'node:tls'
import { Client, type buildConnector } from 'undici'
import { isIPv4, parseIPv6 } from '../net/index.ts'
import { certChain, type CertInfo } from './cert-chain.ts'
import { CERT_ERROR_CODES } from './tls-findings.ts'
import {
  closeSocket,
  connectFamily,
  familyName,
  notFamily,
  ready,
  socketInfo,
  type Family,
  type IpFamily,
} from './connect6.ts'
import { deadline, failure, toProbeError, type Deadline, type ProbeError } from './probe-error.ts'

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024

export interface HttpProbeOptions {
  /**
   * The AAAA set from our own DNS client: a name is pinned to the first IPv6 entry. IPv4 and
   * IPv4-mapped entries are never dialled (they are listed in `skippedAddresses`). Without it, a name
   * is looked up by the system resolver for IPv6 only. Ignored for IP-literal URLs.
   */
  addresses?: readonly string[]
  /** PEM. For https, the only trust anchors: never the system store, even when absent. */
  ca?: string | Buffer | readonly (string | Buffer)[]
  /** The whole probe, from lookup to the last body byte; exact (an AbortSignal timer). */
  timeoutMs: number
  /** Read at most this much of the body, then close the connection. Default 64 KiB. */
  maxBodyBytes?: number
  method?: 'GET' | 'HEAD'
  signal?: AbortSignal
  /**
   * 6 (the default) for every "over IPv6" check. 4 only for underlay.endpoint.parity, which asks the
   * same question over IPv4 on purpose: then only IPv4 literals are dialled, and IPv6 counts as wrong.
   */
  family?: IpFamily
}

/** Where a probe failed: `address` covers the URL, the pinned addresses and the lookup. */
export type HttpPhase = 'address' | 'connect' | 'tls' | 'headers' | 'body'

/** Milliseconds from the start of the probe, cumulative like curl's `time_connect` and friends. */
export interface HttpTimings {
  resolveMs?: number
  /** TCP connected. */
  connectMs?: number
  /** TLS handshake done and verified. */
  tlsMs?: number
  /** Status line and headers received. */
  headersMs?: number
  totalMs: number
}

export interface TlsInfo {
  /** The chain verified against `ca` only, and the certificate matched `identity`. */
  verified: boolean
  /** What the certificate was matched against: the URL's name, or its IP literal (IP SANs). */
  identity: string
  /** SNI sent; none for IP literals (RFC 6066 §3). */
  servername?: string
  protocol?: string
  cipher?: string
  alpn?: string
  /** Why verification failed. */
  error?: ProbeError
  /** Leaf first. */
  chain: CertInfo[]
  /**
   * `verified-connection`: read from the connection that carried the request. `evidence-handshake`:
   * after a failed verification, from a second handshake that does not verify, made only to show
   * what the peer presents; nothing is sent over it.
   */
  chainSource?: 'verified-connection' | 'evidence-handshake'
  /** The evidence handshake failed too, so `chain` is empty. */
  evidenceError?: ProbeError
}

export interface HttpProbeResult {
  url: string
  /** Status received over IPv6, body read (or cut at `maxBodyBytes`), and TLS verified for https. */
  ok: boolean
  /** The address dialled: IPv6, or IPv4 for a `family: 4` probe. */
  address?: string
  port?: number
  /** Entries of `addresses` that are not IPv6; never dialled. */
  skippedAddresses?: string[]
  /** Family of the connected socket, read from it; any other than the one asked for fails the probe. */
  family?: Family
  remoteAddress?: string
  remotePort?: number
  localAddress?: string
  status?: number
  /** Redirects are not followed: `location` is where it would go. */
  headers: { location?: string; server?: string; 'content-type'?: string }
  body?: { bytes: number; truncated: boolean; text: string }
  timings: HttpTimings
  tls?: TlsInfo
  error?: ProbeError & { phase: HttpPhase }
}

const UNDICI_TIMEOUTS = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT'])
const noop = () => {}
const ms = (t0: number) => Math.round(performance.now() - t0)
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)

interface Target {
  url: URL
  https: boolean
  port: number
  address: string
  /** Matched against the certificate. */
  identity: string
  servername?: string
  skipped: string[]
}

async function lookupFamily(name: string, family: IpFamily, d: Deadline): Promise<string[]> {
  // getaddrinfo can't be cancelled: race it, and let a late answer go.
  const abort = new Promise<never>((_, reject) => {
    if (d.signal.aborted) reject(d.error())
    d.signal.addEventListener('abort', () => reject(d.error()), { once: true })
  })
  abort.catch(noop)
  const found = await Promise.race([dns.lookup(name, { family, all: true, verbatim: true }), abort])
  return found.map((a) => a.address)
}

async function target(
  url: string,
  opts: HttpProbeOptions,
  d: Deadline,
  timings: HttpTimings,
  t0: number,
): Promise<Target> {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    // The WHATWG parser also rejects zone IDs (docs/libraries.md §6); pass a zoned address in `addresses` instead.
    throw failure('ERR_INVALID_URL', `not a URL the probe can use: "${url}"`)
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw failure('ERR_INVALID_URL', `not an http(s) URL: "${url}"`)
  const https = u.protocol === 'https:'
  const port = u.port ? Number(u.port) : https ? 443 : 80
  const host = u.hostname.startsWith('[') ? u.hostname.slice(1, -1) : u.hostname
  const literal = parseIPv6(host)
  const family = opts.family ?? 6
  if (literal || isIPv4(host)) {
    const bad = notFamily(host, family)
    if (bad) throw failure(`ERR_NOT_IPV${family}`, `refused before connecting: ${bad}`)
    return { url: u, https, port, address: host, identity: host, skipped: [] }
  }
  let candidates: readonly string[]
  if (opts.addresses) candidates = opts.addresses
  else {
    candidates = await lookupFamily(host, family, d)
    timings.resolveMs = ms(t0)
  }
  const usable = candidates.filter((a) => notFamily(a, family) === undefined)
  const skipped = candidates.filter((a) => notFamily(a, family) !== undefined)
  const address = usable[0]
  if (address === undefined)
    throw failure(
      `ERR_NO_IPV${family}_ADDRESS`,
      `no IPv${family} address for ${host}${skipped.length ? ` (not dialled: ${skipped.join(', ')})` : ''}`,
    )
  return { url: u, https, port, address, identity: host, servername: host, skipped }
}

function handshake(
  tcp: net.Socket,
  o: { identity: string; servername?: string; ca: (string | Buffer)[]; verify: boolean },
  d: Deadline,
): Promise<tls.TLSSocket> {
  if (d.signal.aborted) return Promise.reject(d.error())
  const t = tls.connect({
    socket: tcp,
    // Without SNI (IP literals) Node matches `host` against the IP SANs.
    host: o.identity,
    ...(o.servername !== undefined && { servername: o.servername }),
    // Always an array: a falsy `ca` makes Node load its root store.
    ca: o.ca,
    rejectUnauthorized: o.verify,
    ALPNProtocols: ['http/1.1'],
  })
  return ready(t, 'secureConnect', d)
}

function tlsSummary(t: tls.TLSSocket): Pick<TlsInfo, 'protocol' | 'cipher' | 'alpn'> {
  const protocol = t.getProtocol()
  const alpn = t.alpnProtocol
  return {
    ...(protocol && { protocol }),
    cipher: t.getCipher().name,
    ...(typeof alpn === 'string' && { alpn }),
  }
}

/**
 * One request to `url` over IPv6 only. Never follows redirects, never reads more than
 * `maxBodyBytes`, never throws for network conditions, and closes every socket before resolving.
 */
export async function httpProbe(url: string, opts: HttpProbeOptions): Promise<HttpProbeResult> {
  const t0 = performance.now()
  const d = deadline(opts.timeoutMs, opts.signal)
  const maxBody = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES
  const ca = [opts.ca ?? []].flat().filter((c) => c.length > 0)
  const family = opts.family ?? 6
  const want = familyName(family)
  const r: HttpProbeResult = { url, ok: false, headers: {}, timings: { totalMs: 0 } }
  const sockets = new Set<net.Socket>()
  let phase: HttpPhase = 'address'
  let client: Client | undefined
  let dialing: Promise<unknown> | undefined
  let https = false

  const dialTls = async (tcp: net.Socket, t: Target): Promise<tls.TLSSocket> => {
    const hs = { identity: t.identity, ...(t.servername !== undefined && { servername: t.servername }), ca }
    const info: TlsInfo = {
      verified: false,
      identity: t.identity,
      ...(t.servername !== undefined && { servername: t.servername }),
      chain: [],
    }
    r.tls = info
    try {
      const s = await handshake(tcp, { ...hs, verify: true }, d)
      sockets.add(s)
      // rejectUnauthorized already refused anything unverified; this only guards that promise.
      if (!s.authorized) throw failure(String(s.authorizationError ?? 'UNAUTHORIZED'), 'peer not authorized')
      r.timings.tlsMs = ms(t0)
      Object.assign(info, tlsSummary(s), {
        verified: true,
        chain: certChain(s.getPeerCertificate(true)),
        chainSource: 'verified-connection',
      })
      return s
    } catch (e) {
      info.error = toProbeError(e)
      if (!d.signal.aborted && CERT_ERROR_CODES.has(info.error.code)) await evidence(t, hs, info)
      throw e
    }
  }

  // Evidence only: a second handshake with verification off, to read what the peer presents.
  const evidence = async (t: Target, hs: Omit<Parameters<typeof handshake>[1], 'verify'>, info: TlsInfo) => {
    try {
      const tcp = await connectFamily(t.address, t.port, family, d)
      sockets.add(tcp)
      if (socketInfo(tcp).family !== want) throw failure('ERR_WRONG_FAMILY', `evidence handshake not over ${want}`)
      const s = await handshake(tcp, { ...hs, verify: false }, d)
      sockets.add(s)
      Object.assign(info, tlsSummary(s), {
        chain: certChain(s.getPeerCertificate(true)),
        chainSource: 'evidence-handshake',
      })
      await closeSocket(s)
    } catch (e) {
      info.evidenceError = toProbeError(e)
    }
  }

  try {
    const t = await target(url, opts, d, r.timings, t0)
    https = t.https
    Object.assign(r, { address: t.address, port: t.port }, t.skipped.length > 0 && { skippedAddresses: t.skipped })

    const dial = async (): Promise<net.Socket> => {
      phase = 'connect'
      const tcp = await connectFamily(t.address, t.port, family, d)
      sockets.add(tcp)
      r.timings.connectMs = ms(t0)
      Object.assign(r, socketInfo(tcp))
      if (r.family !== want)
        throw failure(
          family === 6 ? 'ERR_IPV4_USED' : 'ERR_WRONG_FAMILY',
          `connected over ${r.family ?? 'an unknown family'} to ${r.remoteAddress}`,
        )
      phase = 'tls'
      const s = t.https ? await dialTls(tcp, t) : tcp
      phase = 'headers'
      return s
    }
    // undici asks for a connection to the URL's host; we always hand it our own IPv6 socket.
    const connect: buildConnector.connector = (_, cb) => {
      const p = dial()
      dialing = p
      p.then(
        (s) => cb(null, s),
        (e: Error) => cb(e, null),
      )
    }

    // The signal is the exact deadline. undici's own timers tick every ~0.5 s and were measured firing
    // early here (headersTimeout 800 → 681 ms), so they only back the signal up, a second later.
    const backup = opts.timeoutMs + 1000
    client = new Client(t.url.origin, { connect, headersTimeout: backup, bodyTimeout: backup, pipelining: 1 })
    const res = await client.request({
      path: t.url.pathname + t.url.search,
      method: opts.method ?? 'GET',
      headers: { 'user-agent': 'v6ready', accept: '*/*' },
      signal: d.signal,
    })
    phase = 'body'
    r.timings.headersMs = ms(t0)
    r.status = res.statusCode
    for (const h of ['location', 'server', 'content-type'] as const) {
      const v = first(res.headers[h])
      if (v !== undefined) r.headers[h] = v
    }

    const chunks: Buffer[] = []
    let bytes = 0
    let truncated = false
    // Leaving the body unfinished makes undici abort the request and drop the connection.
    res.body.on('error', noop)
    try {
      for await (const chunk of res.body as AsyncIterable<Buffer>) {
        const room = maxBody - bytes
        if (chunk.length > room) {
          chunks.push(chunk.subarray(0, room))
          bytes += room
          truncated = true
          break
        }
        chunks.push(chunk)
        bytes += chunk.length
      }
    } finally {
      res.body.destroy()
      r.body = { bytes, truncated, text: Buffer.concat(chunks).toString('utf8') }
    }
  } catch (e) {
    const err = toProbeError(d.signal.aborted ? d.error() : e)
    if (UNDICI_TIMEOUTS.has(err.code)) err.code = 'timeout'
    r.error = { ...err, phase }
  } finally {
    d.stop()
    await client?.destroy().catch(noop)
    await dialing?.catch(noop)
    await Promise.all([...sockets].map(closeSocket))
    r.timings.totalMs = ms(t0)
  }
  r.ok = !r.error && r.family === want && r.status !== undefined && (!https || r.tls?.verified === true)
  return r
}
