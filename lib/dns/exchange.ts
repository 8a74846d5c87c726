// One request/reply over one socket: the shape udp.ts and tcp.ts return, and how socket errors read.
import type { DecodedPacket } from 'dns-packet'
import type { DnsErrorKind } from './types.ts'

export type Exchange =
  | { ok: true; packet: DecodedPacket; rcode: number }
  | { ok: false; error: DnsErrorKind; detail: string }

export interface ExchangeOptions {
  /** The query's deadline, with the caller's signal when there is one. */
  signal: AbortSignal
  /** The query's own deadline (a part of `signal`) and its length, so that a timeout says how long it waited. */
  deadline?: { signal: AbortSignal; ms: number }
  /** UDP only: send the query up to `sends` times in all, `everyMs` apart, until a reply comes. */
  resend?: { sends: number; everyMs: number }
}

/**
 * What an exchange saw before it gave up, for the failure's detail: a timeout at a resolver that
 * answers with the wrong ID must not read like one at a resolver that drops every packet.
 */
export interface Seen {
  /** A message with our ID that did not decode. */
  noted?: string
  /** Messages that were not the reply (RFC 5452 §9.1), counted by how they differed: `with another ID`. */
  ignored: Map<string, number>
  /** UDP: how many times the query went out. */
  sends?: number
  /** TCP: whether the connection was established. */
  connected?: boolean
}

export const newSeen = (): Seen => ({ ignored: new Map() })

export function ignore(seen: Seen, what: string): void {
  seen.ignored.set(what, (seen.ignored.get(what) ?? 0) + 1)
}

/** Linux errno to what a resolver check means by it. */
export function errnoKind(code: string | undefined): DnsErrorKind {
  switch (code) {
    case 'ECONNREFUSED': // ICMPv6 port unreachable on a connected UDP socket; RST on TCP
      return 'refused'
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EHOSTDOWN':
    case 'ENETDOWN':
    case 'EADDRNOTAVAIL':
    case 'EACCES':
    case 'EPERM': // ICMPv6 administratively prohibited, or a local firewall
      return 'unreachable'
    case 'ECONNRESET':
    case 'EPIPE':
      return 'closed'
    default:
      return 'socket-error'
  }
}

export function socketFailure(e: unknown): Exchange {
  const err = e as NodeJS.ErrnoException
  return { ok: false, error: errnoKind(err.code), detail: err.message }
}

// The detail carries no ID or port: the judges group identical details ("timeout: … (2 queries)").
function seenText(s: Seen): string {
  const parts = [
    ...(s.sends !== undefined && s.sends > 1 ? [`the query was sent ${s.sends} times`] : []),
    ...(s.connected === true
      ? ['the TCP connection was open']
      : s.connected === false
        ? ['the TCP connection was never established']
        : []),
    ...[...s.ignored].map(([how, n]) => `ignored ${n} ${n === 1 ? 'message' : 'messages'} ${how} (RFC 5452 §9.1)`),
  ]
  return parts.length ? ` (${parts.join('; ')})` : ''
}

/** The signal's reason says which fired: our deadline (or the caller's own timeout), or an abort. */
export function abortFailure(o: ExchangeOptions, seen: Seen): Exchange {
  const reason: unknown = o.signal.reason
  const ours = o.deadline?.signal.aborted === true
  const timeout = ours || (reason instanceof Error && reason.name === 'TimeoutError')
  const when = ours ? `within the ${o.deadline?.ms} ms deadline` : timeout ? 'before the deadline' : 'before the abort'
  if (seen.noted !== undefined)
    return { ok: false, error: 'bad-reply', detail: `${seen.noted}, and no good reply ${when}${seenText(seen)}` }
  if (!timeout) return { ok: false, error: 'aborted', detail: `aborted: ${String(reason)}` }
  return { ok: false, error: 'timeout', detail: `no reply ${when}${seenText(seen)}` }
}
