// One request/reply over one socket: the shape udp.ts and tcp.ts return, and how socket errors read.
import type { DecodedPacket } from 'dns-packet'
import type { DnsErrorKind } from './types.ts'

export type Exchange =
  | { ok: true; packet: DecodedPacket; rcode: number }
  | { ok: false; error: DnsErrorKind; detail: string }

/** Linux errno to what a resolver check means by it. */
export function errnoKind(code: string | undefined): DnsErrorKind {
  switch (code) {
    case 'ECONNREFUSED': // ICMPv6 port unreachable on a connected UDP socket; RST on TCP
      return 'refused'
    case 'EHOSTUNREACH': case 'ENETUNREACH': case 'EHOSTDOWN': case 'ENETDOWN': case 'EADDRNOTAVAIL':
    case 'EACCES': case 'EPERM': // ICMPv6 administratively prohibited, or a local firewall
      return 'unreachable'
    case 'ECONNRESET': case 'EPIPE':
      return 'closed'
    default:
      return 'socket-error'
  }
}

export function socketFailure(e: unknown): Exchange {
  const err = e as NodeJS.ErrnoException
  return { ok: false, error: errnoKind(err.code), detail: err.message }
}

/** The signal's reason says which fired: our deadline (or the caller's own timeout), or an abort. */
export function abortFailure(signal: AbortSignal, noted: string | undefined): Exchange {
  const reason: unknown = signal.reason
  const timeout = reason instanceof Error && reason.name === 'TimeoutError'
  if (noted !== undefined) return { ok: false, error: 'bad-reply', detail: `${noted}, and no good reply before the ${timeout ? 'deadline' : 'abort'}` }
  return { ok: false, error: timeout ? 'timeout' : 'aborted', detail: timeout ? 'no reply before the deadline' : `aborted: ${String(reason)}` }
}
