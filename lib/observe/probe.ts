// A named listener's probe, as the hosts suite records it: lib/http's IPv6-only connect, with its
// error reduced to the one line a finding shows.
import type { Probe } from './record.ts'
import { tcpProbe6 } from '../http/index.ts'

export async function tcpProbe(address: string, port: number, timeoutMs: number): Promise<Probe> {
  const r = await tcpProbe6(address, port, { timeoutMs })
  return {
    port,
    address,
    ok: r.ok,
    ms: r.ms,
    ...(r.family ? { family: r.family } : {}),
    ...(r.remoteAddress ? { remoteAddress: r.remoteAddress } : {}),
    ...(r.error ? { error: r.error.code === 'timeout' ? `no answer within ${timeoutMs} ms` : r.error.code } : {}),
  }
}
