// host:port and URL authorities with IPv6 literals: where the brackets and the zone go.
import { canonicalIPv6, isIPv4, parseIPv6 } from './addr.ts'

export type HostKind = 'ipv6' | 'ipv4' | 'name'

export type HostPort =
  | {
      ok: true
      /** Canonical (RFC 5952) for IPv6, without the zone. */
      host: string
      port?: number
      zone?: string
      kind: HostKind
      bracketed: boolean
      /** Unbracketed IPv6 whose last group could also be a port, e.g. `2001:db8::1:80` (RFC 5952 §6). */
      ambiguous?: boolean
    }
  | { ok: false; error: string }

export interface Problem {
  level: 'error' | 'warning'
  message: string
}

export type UrlAuthority =
  | {
      ok: true
      scheme: string
      userinfo?: string
      /** Unbracketed; canonical (RFC 5952) for IPv6, without the zone. */
      host: string
      /** From the URL, else the scheme's default; undefined for unknown schemes. */
      port?: number
      /** Decoded: `%25eth0` gives `eth0`. */
      zone?: string
      kind: HostKind
      /** Parsed despite these; level error means the URL breaks an RFC. */
      problems: Problem[]
    }
  | { ok: false; error: string }

const fail = (error: string) => ({ ok: false, error }) as const

const DEFAULT_PORTS: Record<string, number> = { http: 80, https: 443, ws: 80, wss: 443, ftp: 21 }
// Web URLs, the ones RFC 9844 says zone IDs should not appear in.
const WEB = new Set(['http', 'https', 'ws', 'wss'])

function parsePort(text: string): number | string {
  const n = Number(text)
  return /^\d{1,5}$/.test(text) && n >= 1 && n <= 65535 ? n : `bad port "${text}": expected 1-65535`
}

// reg-name for DNS (RFC 3986 §3.2.2), minus all-numeric labels: RFC 1123 §2.1 keeps names from
// looking like dotted decimal, so `01.2.3.4` or `1.2.3` is a sloppy address, not a name.
function v4OrName(host: string): { kind: HostKind } | string {
  if (isIPv4(host)) return { kind: 'ipv4' }
  if (/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*\.?$/.test(host) && !/^[\d.]+$/.test(host)) return { kind: 'name' }
  return `not an IPv4 address or host name: "${host}"`
}

// An address whose last group is decimal and whose other groups still form an address
// reads two ways: 2001:db8::1:80 is an address, or 2001:db8::1 port 80 (RFC 5952 §6).
function couldHavePort(text: string): boolean {
  const i = text.lastIndexOf(':')
  return (
    /^\d{1,5}$/.test(text.slice(i + 1)) &&
    Number(text.slice(i + 1)) <= 65535 &&
    parseIPv6(text.slice(0, i)) !== undefined
  )
}

/** Bracket exactly when the host has a `:` (RFC 3986 §3.2.2, RFC 5952 §6); the text is kept as given. */
export function formatHostPort(host: string, port: number): string {
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`bad port ${port}`)
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`
}

/**
 * Non-URI `host:port` (ssh, sockets, config files): `[v6]:port`, `[v6]`, `v4:port`, `name:port`, or a
 * bare v6 literal, which then has no port. Zones use a raw `%` here (`[fe80::1%eth0]:22`).
 */
export function parseHostPort(text: string, defaultPort?: number): HostPort {
  const port = (p: string | undefined) => (p === undefined ? defaultPort : parsePort(p))
  if (text.startsWith('[')) {
    const m = /^\[([^\]]*)\](?::(.*))?$/.exec(text)
    if (!m) return fail(`malformed "${text}": expected [IPv6]:port`)
    const a = parseIPv6(m[1] ?? '')
    if (!a) return fail(`not an IPv6 address inside brackets: "${m[1]}"`)
    const p = port(m[2])
    if (typeof p === 'string') return fail(p)
    return {
      ok: true,
      host: a.address,
      port: p,
      ...(a.zone !== undefined && { zone: a.zone }),
      kind: 'ipv6',
      bracketed: true,
    }
  }
  if (text.split(':').length > 2 || text.includes('%')) {
    const a = parseIPv6(text)
    if (!a) return fail(`not an IPv6 address: "${text}" (with a port, write [address]:port)`)
    return {
      ok: true,
      host: a.address,
      port: defaultPort,
      ...(a.zone !== undefined && { zone: a.zone }),
      kind: 'ipv6',
      bracketed: false,
      ...(couldHavePort(text) && { ambiguous: true }),
    }
  }
  const [host = '', p] = text.split(':')
  const h = v4OrName(host)
  if (typeof h === 'string') return fail(h)
  const n = port(p)
  if (typeof n === 'string') return fail(n)
  return { ok: true, host, port: n, kind: h.kind, bracketed: false }
}

/**
 * `scheme://[userinfo@]host[:port]/...` by RFC 3986 §3.2, not WHATWG `new URL()`, which rejects zone IDs.
 * Zones in URIs are `%25`-encoded (RFC 6874 §2).
 */
export function parseUrlAuthority(url: string): UrlAuthority {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)/.exec(url)
  if (!m) return fail(`not a scheme://authority URL: "${url}"`)
  const scheme = (m[1] ?? '').toLowerCase()
  const authority = m[2] ?? ''
  const at = authority.lastIndexOf('@')
  const userinfo = at < 0 ? undefined : authority.slice(0, at)
  const hostport = authority.slice(at + 1)
  const problems: Problem[] = []
  const canonicalCheck = (written: string, canonical: string) => {
    if (written !== canonical)
      problems.push({
        level: 'warning',
        message: `IPv6 address "${written}" is not in RFC 5952 canonical form "${canonical}"`,
      })
  }
  let host: string
  let zone: string | undefined
  let kind: HostKind
  let portText: string | undefined

  if (hostport.startsWith('[')) {
    const b = /^\[([^\]]*)\](?::(\d*))?$/.exec(hostport)
    if (!b) return fail(`malformed bracketed host "${hostport}"`)
    const literal = b[1] ?? ''
    portText = b[2]
    if (/^v/i.test(literal)) return fail(`IPvFuture literal "${literal}" is not supported`)
    const i = literal.indexOf('%')
    const written = i < 0 ? literal : literal.slice(0, i)
    const a = parseIPv6(written)
    if (!a || a.zone !== undefined) return fail(`not an IPv6 address inside brackets: "${literal}"`)
    canonicalCheck(written, a.address)
    if (i >= 0) {
      let raw = literal.slice(i + 1)
      if (raw.startsWith('25')) raw = raw.slice(2)
      else
        problems.push({
          level: 'error',
          message: `zone ID in a URI must be written %25${raw}, not %${raw} (RFC 6874 §2)`,
        })
      try {
        zone = decodeURIComponent(raw)
      } catch {
        return fail(`bad percent-encoding in zone ID "${raw}"`)
      }
      if (parseIPv6(`${a.address}%${zone}`) === undefined) return fail(`bad zone ID "${zone}"`)
      if (WEB.has(scheme))
        problems.push({
          level: 'warning',
          message: `zone ID in a web URL: RFC 9844 deprecates this syntax (RFC 6874), browsers reject it`,
        })
    }
    host = a.address
    kind = 'ipv6'
  } else if (hostport.split(':').length > 2) {
    // No brackets: all of it must be the address, so any port is lost or misread.
    const a = parseIPv6(hostport)
    if (!a) return fail(`unbracketed IPv6 literal in "${hostport}" (RFC 3986 §3.2.2 requires [ ])`)
    const ambiguous = couldHavePort(hostport)
      ? `; "${hostport}" could also mean a port after the last colon (RFC 5952 §6)`
      : ''
    problems.push({
      level: 'error',
      message: `IPv6 literal must be in brackets in a URI (RFC 3986 §3.2.2)${ambiguous}`,
    })
    canonicalCheck(hostport.split('%')[0] ?? '', a.address)
    host = a.address
    zone = a.zone
    kind = 'ipv6'
  } else {
    const [h = '', p] = hostport.split(':')
    const k = v4OrName(h)
    if (typeof k === 'string') return fail(k)
    host = h
    kind = k.kind
    portText = p
  }

  let port = DEFAULT_PORTS[scheme]
  // RFC 3986 §3.2.3: an empty port means the scheme's default.
  if (portText) {
    const p = parsePort(portText)
    if (typeof p === 'string') return fail(p)
    port = p
  }
  return {
    ok: true,
    scheme,
    ...(userinfo !== undefined && { userinfo }),
    host,
    ...(port !== undefined && { port }),
    ...(zone !== undefined && { zone }),
    kind,
    problems,
  }
}

/** Host for a URL: brackets for IPv6, zone as `%25zone` (RFC 6874 §2), canonical address. */
export function formatUrlHost(host: string, zone?: string): string {
  const text = zone === undefined ? host : `${host}%${zone}`
  const c = canonicalIPv6(text)
  if (c !== undefined) return `[${c.replace('%', '%25')}]`
  if (host.includes(':') || host.includes('%')) throw new Error(`not an IPv6 address: "${text}"`)
  if (zone !== undefined) throw new Error(`a zone ID needs an IPv6 address, got "${host}"`)
  return host
}
