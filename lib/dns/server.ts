// A resolver's address: IPv6 only, because underlay.dns.* checks are "over IPv6" (docs/design.md §1.3).
import { formatHostPort, isIPv4, parseIPv6, v4FromMapped } from '../net/index.ts'
import type { DnsErrorKind, DnsServer } from './types.ts'

export interface Endpoint {
  /** RFC 5952 address with its `%zone`, as the socket APIs take it. */
  address: string
  port: number
  /** `[addr]:port`, the resolver's subject text. */
  label: string
}

export function serverLabel(s: DnsServer): string {
  const p = parseIPv6(s.address)
  const addr = p ? (p.zone === undefined ? p.address : `${p.address}%${p.zone}`) : s.address
  return Number.isInteger(s.port) && s.port >= 0 && s.port <= 65535 ? formatHostPort(addr, s.port) : `${addr}:${s.port}`
}

export function parseServer(
  s: DnsServer,
): { ok: true; endpoint: Endpoint } | { ok: false; error: DnsErrorKind; detail: string } {
  if (!Number.isInteger(s.port) || s.port < 1 || s.port > 65535)
    return { ok: false, error: 'invalid', detail: `bad port ${s.port}: expected 1-65535` }
  if (isIPv4(s.address))
    return {
      ok: false,
      error: 'not-ipv6',
      detail: `${s.address} is an IPv4 address; resolvers are queried over IPv6 only`,
    }
  const p = parseIPv6(s.address)
  if (!p) return { ok: false, error: 'invalid', detail: `not an IPv6 address: "${s.address}"` }
  // ::ffff:a.b.c.d is IPv4 in disguise (docs/design.md §1.2); an AF_INET6 v6only socket could not reach it anyway.
  const v4 = v4FromMapped(p.address)
  if (v4 !== undefined)
    return {
      ok: false,
      error: 'not-ipv6',
      detail: `${p.address} is the IPv4-mapped form of ${v4}; resolvers are queried over IPv6 only`,
    }
  const address = p.zone === undefined ? p.address : `${p.address}%${p.zone}`
  return { ok: true, endpoint: { address, port: s.port, label: formatHostPort(address, s.port) } }
}

/**
 * Did this datagram come from the server? The socket is connected, so the kernel already
 * filters; this keeps the rule explicit. Zones are not compared: the socket was connected
 * with the server's zone, and the kernel may name it differently (index vs name).
 */
export function fromEndpoint(from: { address: string; port: number }, e: Endpoint): boolean {
  if (from.port !== e.port) return false
  // Stryker disable next-line ConditionalExpression: the parsed comparison below gives the same answer
  if (from.address === e.address) return true // the common case, without parsing
  const a = parseIPv6(from.address)
  const b = parseIPv6(e.address)
  return (
    a !== undefined &&
    // Stryker disable next-line ConditionalExpression: e.address passed parseServer, so it parses
    b !== undefined &&
    a.address === b.address
  )
}
