// A TCP connection that can only be IPv6 (principle 3): the address must be an IPv6 literal that is
// not IPv4-mapped, and the family of the connected socket is read back, never assumed.
import net from 'node:net'
import { notIPv4, notIPv6, v4FromMapped } from '../net/index.ts'
import { failure, type Deadline } from './probe-error.ts'

export type Family = 'IPv4' | 'IPv6'

export interface SocketInfo {
  /** The family on the wire; an IPv4-mapped peer of an AF_INET6 socket counts as IPv4. */
  family?: Family
  remoteAddress?: string
  remotePort?: number
  localAddress?: string
}

export function socketInfo(s: net.Socket): SocketInfo {
  const mapped = s.remoteAddress !== undefined && v4FromMapped(s.remoteAddress) !== undefined
  const family = s.remoteFamily === 'IPv4' || mapped ? 'IPv4' : s.remoteFamily === 'IPv6' ? 'IPv6' : undefined
  return {
    ...(family && { family }),
    ...(s.remoteAddress !== undefined && { remoteAddress: s.remoteAddress }),
    ...(s.remotePort !== undefined && { remotePort: s.remotePort }),
    ...(s.localAddress !== undefined && { localAddress: s.localAddress }),
  }
}

export function validPort(port: number): boolean {
  return Number.isInteger(port) && port >= 1 && port <= 65535
}

/** Destroys the socket and resolves once its handle is closed, so that nothing outlives a probe. */
export function closeSocket(s: net.Socket): Promise<void> {
  return new Promise((resolve) => {
    s.on('error', () => {})
    if (s.closed) return resolve()
    s.once('close', () => resolve())
    s.destroy()
  })
}

export type IpFamily = 4 | 6

/** Why `address` can't be dialled over `family`, or undefined when it can. */
export const notFamily = (address: string, family: IpFamily): string | undefined =>
  family === 6 ? notIPv6(address) : notIPv4(address)

export const familyName = (family: IpFamily): Family => (family === 6 ? 'IPv6' : 'IPv4')

/**
 * Connects to an IPv6 literal (a `%zone` is allowed). Rejects with `ERR_NOT_IPV6` before any packet
 * for anything else, and with the deadline's error when it fires first.
 */
export const connect6 = (address: string, port: number, d: Deadline): Promise<net.Socket> =>
  connectFamily(address, port, 6, d)

/** connect6, or its IPv4 twin for the parity probe: a literal of exactly that family, nothing else. */
export function connectFamily(address: string, port: number, family: IpFamily, d: Deadline): Promise<net.Socket> {
  const bad = notFamily(address, family)
  if (bad)
    return Promise.reject(failure(family === 6 ? 'ERR_NOT_IPV6' : 'ERR_NOT_IPV4', `refused before connecting: ${bad}`))
  if (!validPort(port)) return Promise.reject(failure('ERR_BAD_PORT', `bad port ${port}: expected 1-65535`))
  if (d.signal.aborted) return Promise.reject(d.error())
  // A literal needs no lookup; family 6 and no autoSelectFamily keep Node from any happy-eyeballs
  // fallback (docs/libraries.md §7) should a name ever reach here.
  return ready(net.connect({ host: address, port, family, autoSelectFamily: false, noDelay: true }), 'connect', d)
}

/**
 * The socket once `event` fires (`connect`, or `secureConnect` for TLS); on an error or the
 * deadline it is destroyed and the promise rejects. Shared by the TCP connect and the TLS handshake.
 */
export function ready<S extends net.Socket>(s: S, event: 'connect' | 'secureConnect', d: Deadline): Promise<S> {
  return new Promise((resolve, reject) => {
    const settle = (err?: Error) => {
      d.signal.removeEventListener('abort', onAbort)
      s.off(event, onReady)
      s.off('error', onError)
      if (!err) return resolve(s)
      // A late error from the destroyed socket must not become an uncaught exception.
      s.on('error', () => {})
      s.destroy()
      reject(err)
    }
    const onAbort = () => settle(d.error())
    const onReady = () => settle()
    const onError = (e: Error) => settle(e)
    d.signal.addEventListener('abort', onAbort, { once: true })
    s.once(event, onReady)
    s.once('error', onError)
  })
}
