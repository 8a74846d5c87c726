// underlay.endpoint.tcp-v6 and hosts.listeners.reachable: a TCP connect that can only go over IPv6.
import { closeSocket, connect6, socketInfo, type Family } from './connect6.ts'
import { deadline, toProbeError, type ProbeError } from './probe-error.ts'

export interface TcpProbeOptions {
  /** The whole probe, connect included; exact (an AbortSignal timer). */
  timeoutMs: number
  signal?: AbortSignal
}

export interface TcpProbeResult {
  /** As asked. */
  address: string
  port: number
  /** Connected, and the socket's family is IPv6. */
  ok: boolean
  /** Family of the connected socket, read from it; absent when nothing connected. */
  family?: Family
  remoteAddress?: string
  localAddress?: string
  ms: number
  /** `ERR_NOT_IPV6` (refused before connecting), `ERR_IPV4_USED`, `timeout`, `aborted`, or the
   *  system's code (`ECONNREFUSED`, `ENETUNREACH`, `EHOSTUNREACH`...). */
  error?: ProbeError
}

/** Never throws for network conditions; resolves once the socket is closed. */
export async function tcpProbe6(address: string, port: number, opts: TcpProbeOptions): Promise<TcpProbeResult> {
  const t0 = performance.now()
  const d = deadline(opts.timeoutMs, opts.signal)
  const done = (r: Omit<TcpProbeResult, 'address' | 'port' | 'ms'>): TcpProbeResult => ({
    address,
    port,
    ms: Math.round(performance.now() - t0),
    ...r,
  })
  try {
    const s = await connect6(address, port, d)
    const { remotePort: _, ...info } = socketInfo(s)
    await closeSocket(s)
    if (info.family !== 'IPv6')
      return done({
        ok: false,
        ...info,
        error: {
          code: 'ERR_IPV4_USED',
          message: `connected over ${info.family ?? 'an unknown family'} to ${info.remoteAddress}`,
        },
      })
    return done({ ok: true, ...info })
  } catch (e) {
    return done({ ok: false, error: toProbeError(e) })
  } finally {
    d.stop()
  }
}
