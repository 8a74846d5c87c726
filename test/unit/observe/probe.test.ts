import net from 'node:net'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { tcpProbe } from '../../../lib/observe/probe.ts'

// An IPv4-only listener: a v4-mapped address would reach it through an AF_INET6 socket whose
// remoteFamily still reads 'IPv6'. The listener probe must refuse before connecting.
const v4 = net.createServer((s) => s.destroy())
let port = 0
let accepted = 0
beforeAll(async () => {
  v4.on('connection', () => accepted++)
  await new Promise<void>((r) => v4.listen(0, '127.0.0.1', r))
  port = (v4.address() as net.AddressInfo).port
})
afterAll(() => new Promise<void>((r) => v4.close(() => r())))

test('a v4-mapped listener address is refused, never counted as IPv6', async () => {
  const p = await tcpProbe('::ffff:127.0.0.1', port, 2000)
  expect(p).toMatchObject({ ok: false, error: 'ERR_NOT_IPV6' })
  expect(accepted).toBe(0)
})

test('a closed IPv6 port is a refusal with its code', async () => {
  const p = await tcpProbe('::1', port, 2000)
  expect(p).toMatchObject({ ok: false, error: 'ECONNREFUSED' })
})
