// tcpProbe6 against real listeners on ::1 and 127.0.0.1: it connects over IPv6 or not at all.
import net from 'node:net'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { tcpProbe6 } from '../../../lib/http/index.ts'
import { notIPv6 } from '../../../lib/net/index.ts'
import { expectNoLeakedSockets, serveTcp, socketHandles, type Served } from './servers.ts'
import { ownNetns, probeUnreachable } from './unreachable.ts'

let v6: Served
let v4: Served
let baseline = 0

beforeAll(async () => {
  v6 = await serveTcp('::1', (s) => s.end())
  v4 = await serveTcp('127.0.0.1', (s) => s.end())
})
afterAll(async () => {
  await v6.close()
  await v4.close()
})
beforeEach(() => {
  v6.connections = 0
  v4.connections = 0
  baseline = socketHandles()
})
afterEach(() => expectNoLeakedSockets(baseline))

describe('tcpProbe6', () => {
  test('connects to [::1] and reads the family back from the socket', async () => {
    const r = await tcpProbe6('::1', v6.port, { timeoutMs: 5000 })
    expect(r).toMatchObject({
      ok: true,
      family: 'IPv6',
      address: '::1',
      port: v6.port,
      remoteAddress: '::1',
      localAddress: '::1',
    })
    expect(r.error).toBeUndefined()
    expect(v6.connections).toBe(1)
  })

  test('a closed port on ::1 is ECONNREFUSED, with no family since nothing connected', async () => {
    const closed = await freePort('::1')
    const r = await tcpProbe6('::1', closed, { timeoutMs: 5000 })
    expect(r).toMatchObject({ ok: false, error: { code: 'ECONNREFUSED' } })
    expect(r.family).toBeUndefined()
  })

  test('control: an AF_INET6 socket to ::ffff:127.0.0.1 really reaches the IPv4 listener', async () => {
    // This is what the probe must refuse: the address looks like IPv6, the packets are IPv4.
    const s = net.connect({ host: '::ffff:127.0.0.1', port: v4.port, family: 6 })
    await new Promise((resolve, reject) => s.once('connect', resolve).once('error', reject))
    expect(s.remoteFamily).toBe('IPv6')
    s.destroy()
    await new Promise((r) => s.once('close', r))
    expect(v4.connections).toBe(1)
  })

  test.for(['127.0.0.1', '::ffff:127.0.0.1', '::FFFF:7f00:1', 'localhost', '[::1]', ''])(
    'refuses %j before connecting',
    async (address) => {
      const r = await tcpProbe6(address, v4.port, { timeoutMs: 5000 })
      expect(r).toMatchObject({ ok: false, error: { code: 'ERR_NOT_IPV6' } })
      expect(r.family).toBeUndefined()
      expect(v4.connections).toBe(0)
    },
  )

  test('a bad port is an error, not an exception', async () => {
    const r = await tcpProbe6('::1', 70000, { timeoutMs: 1000 })
    expect(r).toMatchObject({ ok: false, error: { code: 'ERR_BAD_PORT' } })
  })

  // In a namespace of its own where 2001:db8::/32 is routed `unreachable` (unreachable.ts).
  test.skipIf(!ownNetns.ok)('2001:db8::1 (unreachable route) fails at once, without falling back', async () => {
    const { route, tcp } = await probeUnreachable()
    expect(route).toContain('unreachable 2001:db8::/32')
    expect(tcp.ok).toBe(false)
    expect(tcp.code).toMatch(/^(ENETUNREACH|EHOSTUNREACH)$/)
    expect(tcp.ms).toBeLessThan(4000) // well under its 5 s timeout: the route refused it, nothing waited
  })

  test("the caller's signal aborts it: `aborted`, and nothing connects", async () => {
    const r = await tcpProbe6('::1', v6.port, { timeoutMs: 5000, signal: AbortSignal.abort() })
    expect(r).toMatchObject({ ok: false, error: { code: 'aborted' } })
    expect(v6.connections).toBe(0)
  })
})

describe('notIPv6', () => {
  test.for([
    ['2001:db8::1', undefined],
    ['fe80::1%eth0', undefined],
    ['::1', undefined],
    ['192.0.2.1', 'IPv4'],
    ['::ffff:192.0.2.1', 'IPv4-mapped'],
    ['::ffff:c000:201', 'IPv4-mapped'],
    ['2001:db8::1/64', 'not an IPv6'],
    ['db8::g', 'not an IPv6'],
  ] as const)('%s → %s', ([address, why]) => {
    const r = notIPv6(address)
    if (why === undefined) expect(r).toBeUndefined()
    else expect(r).toContain(why)
  })
})

async function freePort(host: string): Promise<number> {
  const s = net.createServer()
  await new Promise<void>((r) => s.listen(0, host, r))
  const { port } = s.address() as net.AddressInfo
  await new Promise((r) => s.close(r))
  return port
}
