// Connection failures against real listeners on ::1: refused, silent, stopped, killed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import net from 'node:net'
import { connectSsh } from '../../../lib/transport/ssh.ts'
import type { SshOptions } from '../../../lib/transport/ssh-options.ts'
import { TransportError, type Transport } from '../../../lib/transport/types.ts'
import { descendants, freePort, makeLab, signalAll, startSshd, type Lab, type Sshd } from './harness.ts'

let lab: Lab
const started: Sshd[] = []
const open: Transport[] = []

beforeAll(async () => {
  lab = await makeLab()
})

afterAll(async () => {
  await Promise.all(open.map((t) => t.close()))
  await Promise.all(started.map((s) => s.stop()))
  lab?.cleanup()
})

const opts = (port: number, over: Partial<SshOptions> = {}): SshOptions => ({
  name: 'ctl1',
  host: '::1',
  port,
  user: 'root',
  identity: [lab.plainKey],
  knownHosts: [],
  readyTimeoutMs: 5000,
  keepaliveIntervalMs: 5000,
  keepaliveCountMax: 3,
  ...over,
})

async function failure(p: Promise<unknown>): Promise<TransportError> {
  const e = await p.then(
    () => new Error('succeeded'),
    (e: unknown) => e,
  )
  expect(e).toBeInstanceOf(TransportError)
  return e as TransportError
}

const settle = () => new Promise((r) => setTimeout(r, 200)) // let ssh2's second 'error' fire inside the test

describe('connect failures', () => {
  it('refused: kind refused, fast, nothing left unhandled', async () => {
    const port = await freePort()
    const t0 = performance.now()
    const e = await failure(connectSsh(opts(port)))
    expect(performance.now() - t0).toBeLessThan(1000)
    expect(e).toMatchObject({ kind: 'refused', host: 'ctl1', address: '::1', port })
    expect(e.message).toContain(`[::1]:${port}`)
    await settle() // an unhandled 'error' here would fail the vitest run
  })

  it('a peer that resets after accepting: two ssh2 errors (ECONNRESET, "Connection lost before handshake"), one rejection', async () => {
    const srv = net.createServer((s) => {
      s.on('error', () => {})
      setTimeout(() => s.resetAndDestroy(), 50)
    })
    await new Promise<void>((r) => srv.listen(0, '::1', r))
    const { port } = srv.address() as net.AddressInfo
    try {
      const e = await failure(connectSsh(opts(port)))
      expect(e.kind).toBe('closed')
      await settle() // the second error arrives after the rejection; unhandled, it would fail the run
    } finally {
      await new Promise((r) => srv.close(r))
    }
  })

  it('a listener that never speaks SSH: kind timeout at readyTimeout', async () => {
    const sockets = new Set<net.Socket>()
    const srv = net.createServer((s) => {
      sockets.add(s)
      s.on('error', () => {})
    })
    await new Promise<void>((r) => srv.listen(0, '::1', r))
    const { port } = srv.address() as net.AddressInfo
    try {
      const t0 = performance.now()
      const e = await failure(connectSsh(opts(port, { readyTimeoutMs: 800 })))
      const ms = performance.now() - t0
      console.log(`handshake timeout after ${ms.toFixed(0)} ms (readyTimeout 800)`)
      expect(e.kind).toBe('timeout')
      expect(ms).toBeGreaterThanOrEqual(790)
      expect(ms).toBeLessThan(1100)
      await settle()
    } finally {
      for (const s of sockets) s.destroy()
      await new Promise((r) => srv.close(r))
    }
  })

  it('a DNS name that does not resolve: kind dns', async () => {
    // .invalid never resolves (RFC 6761); the resolver may still be asked, nothing is connected to.
    const e = await failure(connectSsh(opts(22, { host: 'no-such-host.invalid', readyTimeoutMs: 3000 })))
    expect(e.kind).toBe('dns')
    await settle()
  })
})

describe('a connection that dies under a pending exec', () => {
  it('sshd SIGSTOPped: keepalive fires and the pending exec rejects with kind timeout', async () => {
    const s = await startSshd(lab, 'stopped')
    started.push(s)
    const t = await connectSsh(
      opts(s.port, { knownHosts: [s.knownHosts], keepaliveIntervalMs: 300, keepaliveCountMax: 2 }),
    )
    open.push(t)
    expect((await t.exec('echo up', { timeoutMs: 5000, maxBytes: 1000 })).stdout).toBe('up\n')
    const pending = failure(t.exec('sleep 20', { timeoutMs: 15_000, maxBytes: 1000 }))
    await new Promise((r) => setTimeout(r, 100))
    const pids = [s.pid, ...descendants(s.pid)]
    const t0 = performance.now()
    signalAll(pids, 'SIGSTOP')
    try {
      const e = await pending
      const ms = performance.now() - t0
      console.log(`keepalive (300 ms × 2) failed the exec after ${ms.toFixed(0)} ms`)
      expect(e.kind).toBe('timeout')
      expect(e.message).toMatch(/keepalive/)
      expect(ms).toBeLessThan(3000)
      // The transport is dead from now on: later execs fail at once, and close() returns.
      await expect(t.exec('true', { timeoutMs: 1000, maxBytes: 10 })).rejects.toMatchObject({ kind: 'timeout' })
      await t.close()
    } finally {
      signalAll(pids, 'SIGCONT')
      await s.stop()
    }
  })

  it("sshd's session process killed: the pending exec rejects with kind closed", async () => {
    const s = await startSshd(lab, 'killed')
    started.push(s)
    const t = await connectSsh(opts(s.port, { knownHosts: [s.knownHosts] }))
    open.push(t)
    const pending = failure(t.exec('sleep 20', { timeoutMs: 15_000, maxBytes: 1000 }))
    await new Promise((r) => setTimeout(r, 200))
    signalAll(descendants(s.pid), 'SIGKILL') // the per-connection sshd processes, not the listener
    const e = await pending
    expect(e.kind).toBe('closed')
    expect(e.message).toContain('ctl1')
    await s.stop()
  })
})
