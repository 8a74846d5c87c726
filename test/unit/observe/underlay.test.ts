// The underlay observation end to end on loopback: our DNS client on ::1, endpoints pinned to the
// AAAA it found. A name whose AAAA is dead while its A works must fail tcp-v6, never reach IPv4.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { aaaa as aaaaCheck } from '../../../lib/judge/underlay-dns.ts'
import { httpV6, parity, tcpV6 } from '../../../lib/judge/underlay-endpoint.ts'
import type { UnderlayView } from '../../../lib/judge/underlay-view.ts'
import { observeUnderlay } from '../../../lib/observe/underlay.ts'
import { UNDERLAY_DEFAULTS } from '../../../lib/observe/underlay-options.ts'
import type { ResolvedTarget } from '../../../lib/targets/resolve.ts'
import { a, aaaa, startServer, type TestServer } from '../dns/dns-server.ts'
import { serveHttp, type Served } from '../http/servers.ts'

let dns: TestServer
let v4web: Served

beforeAll(async () => {
  // The A leads to a working server; the AAAA to ::1, where nothing listens on that port.
  dns = await startServer((name, type) => (c) => {
    if (type === 'AAAA') return c.send({ answers: [aaaa(name, '::1')] })
    if (type === 'A') return c.send({ answers: [a(name, '127.0.0.1')] })
    c.send({ rcode: 'NXDOMAIN' })
  })
  v4web = await serveHttp('127.0.0.1', (_req, res) => res.end('you came over IPv4'))
})
afterAll(async () => {
  await dns.close()
  await v4web.close()
})

const target = (stack: ResolvedTarget['stack']): ResolvedTarget => ({
  name: 'unit',
  stack,
  tags: [],
  prefixes: [],
  dns: { resolvers: [`[::1]:${dns.port}`], names: [], reverse: false },
  endpoints: [{ name: 'api', url: `http://api.lab.test:${v4web.port}/v3` }],
  hosts: [],
  waivers: [],
  source: 'unit',
})

const view = (t: ResolvedTarget, underlay: UnderlayView['underlay']): UnderlayView => ({
  target: t,
  underlay,
  hostAddresses: [],
  hostsKnown: false,
  now: new Date(),
})
const opts = { ...UNDERLAY_DEFAULTS, probeTimeoutMs: 3000, dnsTimeoutMs: 2000 }

describe('AAAA unreachable, A working', () => {
  test('ipv6-only: tcp-v6 fails at ::1, http-v6 is not attempted, and the IPv4 server sees nothing', async () => {
    const t = target('ipv6-only')
    const u = await observeUnderlay(t, opts)
    expect(u.names).toEqual(['api.lab.test'])
    const e = u.endpoints[0]
    expect(e?.tcp).toMatchObject([{ address: '::1', ok: false, error: { code: 'ECONNREFUSED' } }])
    expect(e?.http).toBeUndefined()
    expect(e?.v4).toBeUndefined()
    expect(v4web.connections).toBe(0)

    const v = view(t, u)
    expect(aaaaCheck(v).map((x) => [x.subject, x.ok])).toEqual([['api.lab.test', true]])
    const [tcp] = tcpV6(v)
    expect(tcp).toMatchObject({ check: 'underlay.endpoint.tcp-v6', subject: 'api', ok: false })
    expect(tcp?.observed).toContain('::1')
    expect(httpV6(v)[0]?.skip).toMatch(/tcp-v6/)
  })

  test('dual-stack: only the parity probe goes over IPv4, on purpose, and parity fails too', async () => {
    const t = target('dual-stack')
    const before = v4web.connections
    const u = await observeUnderlay(t, opts)
    const e = u.endpoints[0]
    expect(e?.tcp.every((p) => !p.ok && p.family !== 'IPv4')).toBe(true)
    expect(e?.v4).toMatchObject({ ok: true, status: 200, family: 'IPv4', address: '127.0.0.1' })
    expect(v4web.connections).toBe(before + 1)
    const v = view(t, u)
    expect(tcpV6(v)[0]?.ok).toBe(false)
    expect(parity(v)[0]).toMatchObject({ subject: 'api', ok: false })
  })
})
