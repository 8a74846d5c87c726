// ProxyJump hops, parsed once for both the targets file's validation and the SSH transport.
import { isIPv4, isIPv6 } from 'node:net'

export interface JumpSpec {
  user?: string
  /** Bare host: an IPv6 literal without brackets (ssh2 wants `::1`, not `[::1]`, docs/libraries.md §4). */
  host: string
  /** Absent when not written, so ssh_config's Port for that host can apply, as with ssh -J. */
  port?: number
}

const NAME = /^[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_])?$/

/** One hop: `[ssh://][user@]host[:port]`, an IPv6 host bracketed when a port follows. */
export function parseJump(spec: string): JumpSpec | undefined {
  const s = spec.trim().replace(/^ssh:\/\//, '')
  const at = s.lastIndexOf('@')
  const user = at >= 0 ? s.slice(0, at) : undefined
  const rest = s.slice(at + 1)
  if (user !== undefined && !/^[^\s@:]+$/.test(user)) return undefined
  const b = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(rest)
  // Unbracketed with several colons: the whole text is an IPv6 address and there is no port.
  const h = b ?? (isIPv6(rest) ? [rest, rest] : /^([^:[\]]+)(?::(\d{1,5}))?$/.exec(rest))
  const host = h?.[1]
  // `ssh -G` brackets every address it prints in a ProxyJump, IPv4 too ([192.0.2.1]:22).
  if (!host || (b ? !isIPv6(host) && !isIPv4(host) : isIPv6(rest) ? !isIPv6(host) : !isIPv4(host) && !NAME.test(host)))
    return undefined
  const port = h?.[2] === undefined ? undefined : Number(h[2])
  if (port !== undefined && (port < 1 || port > 65535)) return undefined
  return { ...(user !== undefined ? { user } : {}), host, ...(port !== undefined ? { port } : {}) }
}
