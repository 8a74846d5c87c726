// httpProbe over plain HTTP against real servers on ::1, and one on 127.0.0.1 that must never be reached.
import type { LookupAddress } from 'node:dns'
import { Agent, request } from 'undici'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { httpProbe } from '../../../lib/http/index.ts'
import { expectNoLeakedSockets, serveHttp, serveTcp, socketHandles, type Served } from './servers.ts'
import { ownNetns, probeUnreachable } from './unreachable.ts'

let web: Served
let v4only: Served
let silent: Served
let drip: Served
let baseline = 0
/** What `web` saw of the last request. */
let seen: { host?: string; method?: string; url?: string } = {}
/** Set when the endless body's response closed: the server saw the probe hang up. */
let endless: { closed: boolean; finished: boolean; written: number } = { closed: false, finished: false, written: 0 }

beforeAll(async () => {
  web = await serveHttp('::1', (req, res) => {
    seen = { host: req.headers.host, method: req.method, url: req.url }
    if (req.url === '/loop') {
      res.writeHead(302, { location: '/loop' }).end()
    } else if (req.url === '/endless') {
      endless = { closed: false, finished: false, written: 0 }
      res.once('close', () => (endless.closed = true))
      res.once('finish', () => (endless.finished = true))
      res.writeHead(200, { 'content-type': 'application/octet-stream' })
      const chunk = Buffer.alloc(16 * 1024, 'x')
      const pump = () => {
        while (!res.destroyed && res.write(chunk)) endless.written += chunk.length
        if (!res.destroyed) res.once('drain', pump)
      }
      pump()
    } else if (req.url === '/exact') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('0123456789')
    } else if (req.url === '/slow-body') {
      res.writeHead(200, { 'content-type': 'text/plain' })
      res.write('first')
      const t = setInterval(() => res.write('.'), 100)
      res.once('close', () => clearInterval(t))
    } else {
      res.writeHead(200, { server: 'lab-web', 'content-type': 'text/plain; charset=utf-8', 'x-other': 'not recorded' })
      res.end(req.method === 'HEAD' ? undefined : 'hello over IPv6')
    }
  })
  v4only = await serveHttp('127.0.0.1', (_req, res) => res.end('you came over IPv4'))
  silent = await serveTcp('::1')
  // A status line, then one header byte every 250 ms: activity that must not extend the deadline.
  drip = await serveTcp('::1', (s) => {
    s.write('HTTP/1.1 200 OK\r\n')
    const t = setInterval(() => s.write('x'), 250)
    s.once('close', () => clearInterval(t))
  })
})
afterAll(async () => {
  for (const s of [web, v4only, silent, drip]) await s.close()
})
beforeEach(() => {
  for (const s of [web, v4only, silent, drip]) {
    s.connections = 0
    s.requests = 0
  }
  seen = {}
  baseline = socketHandles()
})
afterEach(() => expectNoLeakedSockets(baseline))

describe('httpProbe over HTTP', () => {
  test('records status, the socket family, a subset of headers, the body and timings', async () => {
    const r = await httpProbe(`http://[::1]:${web.port}/`, { timeoutMs: 5000 })
    expect(r).toMatchObject({
      ok: true,
      status: 200,
      family: 'IPv6',
      address: '::1',
      port: web.port,
      remoteAddress: '::1',
      localAddress: '::1',
      headers: { server: 'lab-web', 'content-type': 'text/plain; charset=utf-8' },
      body: { bytes: 15, truncated: false, text: 'hello over IPv6' },
    })
    expect(r.headers).not.toHaveProperty('x-other')
    expect(r.error).toBeUndefined()
    expect(r.tls).toBeUndefined()
    const t = r.timings
    expect(t.connectMs).toBeGreaterThanOrEqual(0)
    expect(t.headersMs).toBeGreaterThanOrEqual(t.connectMs ?? Infinity)
    expect(t.totalMs).toBeGreaterThanOrEqual(t.headersMs ?? Infinity)
    expect(seen).toEqual({ host: `[::1]:${web.port}`, method: 'GET', url: '/' })
  })

  test('a name is pinned to the given AAAA: the Host header keeps the name', async () => {
    const r = await httpProbe(`http://api.lab.test:${web.port}/x?y=1`, { addresses: ['::1'], timeoutMs: 5000 })
    expect(r).toMatchObject({ ok: true, status: 200, family: 'IPv6', address: '::1' })
    expect(r.timings.resolveMs).toBeUndefined()
    expect(seen).toEqual({ host: `api.lab.test:${web.port}`, method: 'GET', url: '/x?y=1' })
  })

  test('HEAD: status and headers, no body', async () => {
    const r = await httpProbe(`http://[::1]:${web.port}/`, { method: 'HEAD', timeoutMs: 5000 })
    expect(r).toMatchObject({ ok: true, status: 200, body: { bytes: 0, truncated: false } })
    expect(seen.method).toBe('HEAD')
  })

  test('a redirect loop gives one response with its Location, not followed', async () => {
    const r = await httpProbe(`http://[::1]:${web.port}/loop`, { timeoutMs: 5000 })
    expect(r).toMatchObject({ ok: true, status: 302, headers: { location: '/loop' } })
    expect(web.requests).toBe(1)
  })

  test('an endless body: only maxBodyBytes are read, then the connection is closed', async () => {
    const r = await httpProbe(`http://[::1]:${web.port}/endless`, { timeoutMs: 10_000, maxBodyBytes: 100_000 })
    expect(r).toMatchObject({ ok: true, status: 200, body: { bytes: 100_000, truncated: true } })
    expect(r.body?.text).toHaveLength(100_000)
    await expect.poll(() => endless.closed, { timeout: 2000 }).toBe(true)
    expect(endless.finished).toBe(false)
    expect(r.timings.totalMs).toBeLessThan(5000)
  })

  test('a body of exactly maxBodyBytes is complete, not truncated', async () => {
    const r = await httpProbe(`http://[::1]:${web.port}/exact`, { timeoutMs: 5000, maxBodyBytes: 10 })
    expect(r).toMatchObject({ ok: true, body: { bytes: 10, truncated: false, text: '0123456789' } })
  })

  test('the default body cap is 64 KiB', async () => {
    const r = await httpProbe(`http://[::1]:${web.port}/endless`, { timeoutMs: 10_000 })
    expect(r.body).toMatchObject({ bytes: 64 * 1024, truncated: true })
    await expect.poll(() => endless.closed, { timeout: 2000 }).toBe(true)
  })
})

describe('httpProbe deadlines', () => {
  test('a server that accepts and never answers: `timeout` at the deadline', async () => {
    const r = await httpProbe(`http://[::1]:${silent.port}/`, { timeoutMs: 800 })
    expect(r).toMatchObject({
      ok: false,
      family: 'IPv6',
      error: { code: 'timeout', phase: 'headers', message: 'no complete answer within 800 ms' },
    })
    expect(r.status).toBeUndefined()
    expect(silent.connections).toBe(1)
    // Generous: the deadline is an exact timer, but these are two slow shared cores.
    expect(r.timings.totalMs).toBeGreaterThanOrEqual(750)
    expect(r.timings.totalMs).toBeLessThan(800 + 1500)
  })

  test('headers dripping one byte at a time cannot extend the deadline', async () => {
    const r = await httpProbe(`http://[::1]:${drip.port}/`, { timeoutMs: 1500 })
    // Our exact deadline fired, not undici's coarse headersTimeout behind it.
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'timeout', phase: 'headers', message: 'no complete answer within 1500 ms' },
    })
    expect(r.timings.totalMs).toBeGreaterThanOrEqual(1450)
    expect(r.timings.totalMs).toBeLessThan(1500 + 1500)
  })

  test('a body still arriving at the deadline: `timeout` in the body phase, status kept', async () => {
    const r = await httpProbe(`http://[::1]:${web.port}/slow-body`, { timeoutMs: 1000 })
    expect(r).toMatchObject({
      ok: false,
      status: 200,
      family: 'IPv6',
      error: { code: 'timeout', phase: 'body', message: 'no complete answer within 1000 ms' },
    })
    expect(r.timings.totalMs).toBeLessThan(1000 + 1500)
  })

  test("the caller's signal: `aborted`", async () => {
    const ac = new AbortController()
    setTimeout(() => ac.abort(), 200)
    const r = await httpProbe(`http://[::1]:${silent.port}/`, { timeoutMs: 10_000, signal: ac.signal })
    expect(r).toMatchObject({ ok: false, error: { code: 'aborted' } })
    expect(r.timings.totalMs).toBeLessThan(5000)
  })
})

describe('never a silent IPv4 fallback', () => {
  // The name's A is 127.0.0.1, where v4only answers; its AAAA is ::1 on the same port, where nothing listens.
  const both: LookupAddress[] = [
    { address: '::1', family: 6 },
    { address: '127.0.0.1', family: 4 },
  ]

  test('control: a default undici client, given both, silently succeeds over IPv4', async () => {
    const dispatcher = new Agent({
      connect: {
        lookup: (_h, o, cb) => (o.all ? cb(null, both) : cb(null, both[1]!.address, 4)) as never,
      },
    })
    try {
      const res = await request(`http://api.lab.test:${v4only.port}/`, { dispatcher })
      expect(await res.body.text()).toBe('you came over IPv4')
    } finally {
      await dispatcher.destroy()
    }
    expect(v4only.connections).toBe(1)
  })

  test('AAAA unreachable, A working: the probe fails, and the IPv4 server sees nothing', async () => {
    const r = await httpProbe(`http://api.lab.test:${v4only.port}/`, {
      addresses: ['127.0.0.1', '::1'],
      timeoutMs: 5000,
    })
    expect(r).toMatchObject({
      ok: false,
      address: '::1',
      skippedAddresses: ['127.0.0.1'],
      error: { code: 'ECONNREFUSED', phase: 'connect' },
    })
    expect(r.family).not.toBe('IPv4')
    expect(r.status).toBeUndefined()
    expect(v4only.connections).toBe(0)
  })

  // In a namespace of its own where 2001:db8::/32 is routed `unreachable`, with its own 127.0.0.1 server (unreachable.ts).
  test.skipIf(!ownNetns.ok)(
    'AAAA in 2001:db8:: (routed unreachable): fails, mapped and v4 entries never dialled',
    async () => {
      const { route, http, connections } = await probeUnreachable()
      expect(route).toContain('unreachable 2001:db8::/32')
      expect(http).toMatchObject({
        ok: false,
        address: '2001:db8::80',
        skippedAddresses: ['::ffff:127.0.0.1', '127.0.0.1'],
      })
      expect(http.code).toMatch(/^(ENETUNREACH|EHOSTUNREACH)$/)
      expect(connections).toBe(0)
    },
  )

  test('only an A record: no IPv6 address, nothing dialled', async () => {
    const r = await httpProbe(`http://api.lab.test:${v4only.port}/`, { addresses: ['127.0.0.1'], timeoutMs: 5000 })
    expect(r).toMatchObject({ ok: false, error: { code: 'ERR_NO_IPV6_ADDRESS', phase: 'address' } })
    expect(r.timings.connectMs).toBeUndefined()
    expect(v4only.connections).toBe(0)
  })

  test.for(['http://127.0.0.1:PORT/', 'http://[::ffff:127.0.0.1]:PORT/', 'http://0x7f.1:PORT/'])(
    '%s is refused before connecting',
    async (url) => {
      const r = await httpProbe(url.replace('PORT', String(v4only.port)), { timeoutMs: 5000 })
      expect(r).toMatchObject({ ok: false, error: { code: 'ERR_NOT_IPV6', phase: 'address' } })
      expect(v4only.connections).toBe(0)
    },
  )

  test.for(['ftp://[::1]/', 'not a url', 'http://[fe80::1%25eth0]/'])(
    '%s is an error, not an exception',
    async (url) => {
      const r = await httpProbe(url, { timeoutMs: 1000 })
      expect(r).toMatchObject({ ok: false, error: { code: 'ERR_INVALID_URL', phase: 'address' } })
    },
  )

  describe('family 4, the parity probe: IPv4 on purpose, and only IPv4', () => {
    test('a name pinned to its A: the IPv4 server answers, the family is recorded', async () => {
      const r = await httpProbe(`http://api.lab.test:${v4only.port}/`, {
        addresses: ['::1', '127.0.0.1'],
        timeoutMs: 5000,
        family: 4,
      })
      expect(r).toMatchObject({
        ok: true,
        status: 200,
        family: 'IPv4',
        address: '127.0.0.1',
        skippedAddresses: ['::1'],
      })
    })

    test('an IPv6 literal is refused before connecting, and no IPv4 means nothing dialled', async () => {
      const before = web.connections
      const lit = await httpProbe(`http://[::1]:${web.port}/`, { timeoutMs: 5000, family: 4 })
      expect(lit).toMatchObject({ ok: false, error: { code: 'ERR_NOT_IPV4', phase: 'address' } })
      const name = await httpProbe(`http://api.lab.test:${web.port}/`, {
        addresses: ['::1'],
        timeoutMs: 5000,
        family: 4,
      })
      expect(name).toMatchObject({ ok: false, error: { code: 'ERR_NO_IPV4_ADDRESS', phase: 'address' } })
      expect(web.connections).toBe(before)
    })
  })
})
