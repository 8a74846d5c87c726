// ssh2's errors, classified by what went wrong and said in words.
import type { TransportErrorKind } from './types.ts'

// ---------------------------------------------------------------------------------------------
// Errors

export type Ssh2Error = Error & { code?: string; level?: string; reason?: number }

export function errorKind(e: Ssh2Error): TransportErrorKind {
  switch (e.code) {
    case 'ECONNREFUSED':
      return 'refused'
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
    case 'EADDRNOTAVAIL':
    case 'EINVAL': // e.g. a link-local address without a usable zone
      return 'unreachable'
    case 'ETIMEDOUT':
      return 'timeout'
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
      return 'dns'
    case 'ECONNRESET':
    case 'EPIPE':
      return 'closed'
  }
  const m = e.message
  if (/Timed out while waiting for handshake|Keepalive timeout/.test(m)) return 'timeout'
  if (/All configured authentication methods failed/.test(m)) return 'auth'
  if (/Connection lost before handshake|Not connected|No response from server/.test(m)) return 'closed'
  return 'protocol'
}

// The kernel's words, so an `unreachable` route reads as what it is.
const UNREACHABLE: Record<string, string> = {
  EHOSTUNREACH: 'no route to host',
  ENETUNREACH: 'network unreachable',
  EADDRNOTAVAIL: 'no local address to connect from',
  EINVAL: 'invalid address (a link-local address needs its zone)',
}

export function errorReason(e: Ssh2Error, kind: TransportErrorKind): string {
  switch (kind) {
    case 'refused':
      return 'connection refused'
    case 'unreachable':
      return `${UNREACHABLE[e.code ?? ''] ?? 'unreachable'} (${e.code})`
    case 'dns':
      return `name does not resolve (${e.code})`
    case 'auth':
      return 'authentication failed (all configured methods were refused)'
  }
  return e.message
}
