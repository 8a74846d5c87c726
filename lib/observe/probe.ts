// A TCP connect that can only go over IPv6, and records the family the socket really used.
import net from 'node:net'
import type { Probe } from '../judge/host-view.ts'

export function tcpProbe(address: string, port: number, timeoutMs: number): Promise<Probe> {
  const t0 = performance.now()
  const ms = () => Math.round(performance.now() - t0)
  return new Promise((resolve) => {
    // family: 6 means no happy-eyeballs fallback to IPv4 (libeval §7).
    const s = net.connect({ host: address, port, family: 6, autoSelectFamily: false })
    const done = (p: Omit<Probe, 'port' | 'address' | 'ms'>) => {
      clearTimeout(timer)
      s.destroy()
      resolve({ port, address, ms: ms(), ...p })
    }
    const timer = setTimeout(() => done({ ok: false, error: `no answer within ${timeoutMs} ms` }), timeoutMs)
    s.once('connect', () => {
      const family = s.remoteFamily === 'IPv6' ? 'IPv6' : s.remoteFamily === 'IPv4' ? 'IPv4' : undefined
      done({ ok: true, ...(family ? { family } : {}), ...(s.remoteAddress ? { remoteAddress: s.remoteAddress } : {}) })
    })
    s.once('error', (e: NodeJS.ErrnoException) => done({ ok: false, error: e.code ?? e.message }))
  })
}
