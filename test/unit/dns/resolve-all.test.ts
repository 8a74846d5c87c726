import { describe, test, expect, beforeAll, afterAll } from 'vitest'
import { resolveAll, type DnsResult } from '../../../lib/dns/index.ts'
import { mapLimit } from '../../../lib/util/map-limit.ts'
import { a, aaaa, ptr, startServer, type Ctx, type TestServer } from './dns-server.ts'

// Every answer is derived from the question, so a result filed under the wrong question shows.
const index = (name: string) => Number(/^h(\d+)\./.exec(name)?.[1] ?? -1)
const expected = (name: string, type: string) => {
  const i = index(name)
  return type === 'AAAA'
    ? `2001:db8::${i.toString(16)}`
    : type === 'A'
      ? `10.0.${i >> 8}.${i & 255}`
      : `host${i}.lab.test`
}

let srv: TestServer
let srv2: TestServer
beforeAll(async () => {
  const script = (name: string, type: string) => (c: Ctx) => {
    if (name.startsWith('silent')) return
    const data = expected(name, type)
    const rec = type === 'AAAA' ? aaaa(name, data) : type === 'A' ? a(name, data) : ptr(name, data)
    // Answer a little later, so that queries overlap and the server sees how many are in flight.
    setTimeout(() => c.send({ answers: [rec] }), 2)
  }
  srv = await startServer(script, { keepQueries: false })
  srv2 = await startServer(script, { keepQueries: false })
})
afterAll(async () => {
  await srv.close()
  await srv2.close()
})

const data = (r: DnsResult | undefined) => (r?.ok ? r.answers.map((x) => x.data) : r?.error)

describe('resolveAll', () => {
  test('1,000 names × 3 types: every one answered, in input order, never more than the bound in flight', async () => {
    const names = Array.from({ length: 1000 }, (_, i) => `h${i + 1}.bulk.lab.test`)
    const types = ['AAAA', 'A', 'PTR'] as const
    const bound = 16
    const results = await resolveAll([{ address: '::1', port: srv.port }], names, [...types], {
      concurrency: bound,
      timeoutMs: 10_000,
    })
    expect(results).toHaveLength(3000)
    const wrong = results.flatMap((r, k) => {
      const name = names[Math.floor(k / 3)] ?? ''
      const type = types[k % 3] ?? 'AAAA'
      return r.ok && r.name === name && r.type === type && data(r)?.[0] === expected(name, type)
        ? []
        : [`${k}: ${name} ${type} → ${r.name} ${r.type} ${JSON.stringify(data(r))}`]
    })
    expect(wrong).toEqual([])
    expect(srv.stats.udp).toBe(3000)
    expect(srv.stats.maxInFlight).toBeLessThanOrEqual(bound)
    expect(srv.stats.maxInFlight).toBeGreaterThan(1) // concurrent, not one by one
    expect(srv.stats.inFlight).toBe(0)
  })

  test('order: names, then types, then servers', async () => {
    const servers = [
      { address: '::1', port: srv.port },
      { address: '::1', port: srv2.port },
    ]
    const results = await resolveAll(servers, ['h1.lab.test', 'h2.lab.test'], ['AAAA', 'A'], {
      concurrency: 3,
      timeoutMs: 5000,
    })
    expect(results.map((r) => `${r.name} ${r.type} ${r.server}`)).toEqual([
      `h1.lab.test AAAA [::1]:${srv.port}`,
      `h1.lab.test AAAA [::1]:${srv2.port}`,
      `h1.lab.test A [::1]:${srv.port}`,
      `h1.lab.test A [::1]:${srv2.port}`,
      `h2.lab.test AAAA [::1]:${srv.port}`,
      `h2.lab.test AAAA [::1]:${srv2.port}`,
      `h2.lab.test A [::1]:${srv.port}`,
      `h2.lab.test A [::1]:${srv2.port}`,
    ])
    expect(results.map(data)).toEqual([
      ['2001:db8::1'],
      ['2001:db8::1'],
      ['10.0.0.1'],
      ['10.0.0.1'],
      ['2001:db8::2'],
      ['2001:db8::2'],
      ['10.0.0.2'],
      ['10.0.0.2'],
    ])
  })

  test('tcpOnly reaches every query: all over TCP, and over UDP without it', async () => {
    const ask = (tcpOnly?: boolean) =>
      resolveAll([{ address: '::1', port: srv.port }], ['h3.lab.test', 'h4.lab.test'], ['AAAA'], {
        concurrency: 2,
        timeoutMs: 5000,
        ...(tcpOnly !== undefined && { tcpOnly }),
      })
    const transports = (rs: DnsResult[]) => rs.map((r) => (r.ok ? r.transport : r.error))
    expect(transports(await ask(true))).toEqual(['tcp', 'tcp'])
    expect(transports(await ask(false))).toEqual(['udp', 'udp'])
    expect(transports(await ask())).toEqual(['udp', 'udp'])
  })

  test('failures keep their place among answers', async () => {
    const results = await resolveAll(
      [{ address: '::1', port: srv.port }],
      ['h7.lab.test', 'silent.lab.test', 'a..b', 'h8.lab.test'],
      ['AAAA'],
      { concurrency: 4, timeoutMs: 300 },
    )
    expect(results.map(data)).toEqual([['2001:db8::7'], 'timeout', 'invalid', ['2001:db8::8']])
  })

  test('an abort ends the batch: every unfinished query is an aborted failure, none is dropped', async () => {
    const ac = new AbortController()
    setTimeout(() => ac.abort(), 100)
    const names = Array.from({ length: 20 }, (_, i) => `silent${i}.lab.test`)
    const t0 = Date.now()
    const results = await resolveAll([{ address: '::1', port: srv.port }], names, ['AAAA'], {
      concurrency: 4,
      timeoutMs: 60_000,
      signal: ac.signal,
    })
    expect(Date.now() - t0).toBeLessThan(10_000)
    expect(results.map((r) => r.ok || r.error)).toEqual(names.map(() => 'aborted'))
  })
})

describe('mapLimit', () => {
  test('bounded, ordered, and complete', async () => {
    let active = 0
    let peak = 0
    const out = await mapLimit(
      Array.from({ length: 50 }, (_, i) => i),
      5,
      async (x) => {
        active++
        peak = Math.max(peak, active)
        await new Promise((r) => setTimeout(r, (x * 7) % 5))
        active--
        return x * 2
      },
    )
    expect(out).toEqual(Array.from({ length: 50 }, (_, i) => i * 2))
    expect(peak).toBe(5)
  })
  test('empty input, and a limit below 1 still runs', async () => {
    expect(await mapLimit([], 4, async (x) => x)).toEqual([])
    expect(await mapLimit([1, 2], 0, async (x) => x + 1)).toEqual([2, 3])
  })
})
