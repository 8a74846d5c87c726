// The client against a real DNS server on ::1 (UDP and TCP on one port), scripted per name.
import { describe, test, expect, beforeAll, afterAll } from 'vitest'
import dgram from 'node:dgram'
import os from 'node:os'
import { performance } from 'node:perf_hooks'
import { finalRecords, query, type DnsAnswer, type DnsFailure, type DnsResult } from '../../../lib/dns/index.ts'
import { a, aaaa, cname, soa, startServer, type Behaviour, type Ctx, type TestServer } from './dns-server.ts'

const BIG_DATA = Array.from({ length: 40 }, (_, i) => `2001:db8::${(0x100 + i).toString(16)}`)
const BIG = BIG_DATA.map((d) => aaaa('big.lab.test', d))

const ZONE: Record<string, Behaviour> = {
  'web1.lab.test': (c) =>
    c.send({
      answers: c.type === 'AAAA' ? [aaaa(c.name, '2001:db8::1')] : c.type === 'A' ? [a(c.name, '192.0.2.1')] : [],
    }),
  // 40 AAAA do not fit in 1232 bytes: TC over UDP with a few records, all of them over TCP, the
  // TCP reply written in pieces that cut the length prefix.
  'big.lab.test': (c) =>
    c.transport === 'udp'
      ? c.send({ tc: true, answers: BIG.slice(0, 3) })
      : c.send({ answers: BIG }, { chunks: [1, 1, 7, 300] }),
  'nx.lab.test': (c) => c.send({ rcode: 'NXDOMAIN', authorities: [soa('lab.test', 600, 60)] }),
  'nodata.lab.test': (c) => c.send({ authorities: [soa('lab.test', 600, 300)] }),
  'refused.lab.test': (c) => c.send({ rcode: 'REFUSED', aa: false }),
  'servfail.lab.test': (c) => c.send({ rcode: 'SERVFAIL', aa: false }),
  'alias.lab.test': (c) => c.send({ answers: [cname(c.name, 'www.lab.test'), aaaa('www.lab.test', '2001:db8::80')] }),
  'mapped.lab.test': (c) => c.send({ answers: [aaaa(c.name, '::ffff:192.0.2.1')] }),
  // Stray replies first, the real one 20 ms later: a client that takes the first one fails.
  'wrong-id.lab.test': (c) => {
    c.send({ id: ((c.q.id ?? 0) + 1) & 0xffff, answers: [aaaa(c.name, '2001:db8::bad')] })
    setTimeout(() => c.send({ answers: [aaaa(c.name, '2001:db8::1')] }), 20)
  },
  'wrong-question.lab.test': (c) => {
    c.send({
      questions: [{ name: 'other.lab.test', type: 'AAAA' }],
      answers: [aaaa('other.lab.test', '2001:db8::bad')],
    })
    setTimeout(() => c.send({ answers: [aaaa(c.name, '2001:db8::1')] }), 20)
  },
  'other-port.lab.test': (c) => {
    c.send({ answers: [aaaa(c.name, '2001:db8::bad')] }, { fromOtherPort: true })
    setTimeout(() => c.send({ answers: [aaaa(c.name, '2001:db8::1')] }), 20)
  },
  'other-port-only.lab.test': (c) => c.send({ answers: [aaaa(c.name, '2001:db8::bad')] }, { fromOtherPort: true }),
  'silent.lab.test': () => {},
  // Right ID and QR bit, then garbage: noted, and the deadline still rules.
  'garbage.lab.test': (c) => {
    const head = Buffer.alloc(14)
    head.writeUInt16BE(c.q.id ?? 0, 0)
    head.writeUInt16BE(0x8000, 2)
    head.writeUInt16BE(1, 4) // one question that is not there
    c.send({ raw: head })
  },
  'tc-tcp-hangup.lab.test': (c) => (c.transport === 'udp' ? c.send({ tc: true }) : c.hangUp()),
  'tc-tcp-silent.lab.test': (c) => (c.transport === 'udp' ? c.send({ tc: true }) : undefined),
  'tcp-wrong-id.lab.test': (c) => {
    c.send({ id: ((c.q.id ?? 0) + 1) & 0xffff, answers: [aaaa(c.name, '2001:db8::bad')] })
    c.send({ answers: [aaaa(c.name, '2001:db8::1')] })
  },
}

const script = (name: string) => ZONE[name.toLowerCase()] ?? ((c: Ctx) => c.send({ rcode: 'NXDOMAIN' }))

let srv: TestServer
let server: { address: string; port: number }
beforeAll(async () => {
  srv = await startServer(script)
  server = { address: '::1', port: srv.port }
})
afterAll(() => srv.close())

const T = { timeoutMs: 2000 }
function ok(r: DnsResult): DnsAnswer {
  if (!r.ok) throw new Error(`expected an answer, got ${r.error}: ${r.detail}`)
  return r
}
function failed(r: DnsResult): DnsFailure {
  if (r.ok) throw new Error(`expected a failure, got ${r.rcode} ${JSON.stringify(r.answers)}`)
  return r
}
const datas = (r: DnsAnswer) => r.answers.map((x) => x.data)
const queriesFor = (name: string) => srv.stats.queries.filter((q) => q.packet.questions?.[0]?.name === name)

describe('answers', () => {
  test('AAAA over UDP: rcode, flags, records, server subject', async () => {
    const r = ok(await query(server, 'web1.lab.test', 'AAAA', T))
    expect(r).toMatchObject({
      server: `[::1]:${srv.port}`,
      name: 'web1.lab.test',
      type: 'AAAA',
      rcode: 'NOERROR',
      aa: true,
      tc: false,
      transport: 'udp',
    })
    expect(r.answers).toEqual([{ name: 'web1.lab.test', type: 'AAAA', ttl: 300, data: '2001:db8::1' }])
    expect(r.ms).toBeGreaterThan(0)
  })

  test('the UDP query carries EDNS0 with a 1232-byte payload, and IDs are random', async () => {
    for (let i = 0; i < 30; i++) ok(await query(server, 'web1.lab.test', 'A', T))
    const qs = queriesFor('web1.lab.test').filter((q) => q.packet.questions?.[0]?.type === 'A')
    const opt = qs[0]?.packet.additionals?.find((x) => x.type === 'OPT')
    expect(opt && 'udpPayloadSize' in opt && opt.udpPayloadSize).toBe(1232)
    expect(new Set(qs.map((q) => q.packet.id)).size).toBeGreaterThanOrEqual(27)
  })

  test('A data is dotted text', async () => {
    expect(datas(ok(await query(server, 'web1.lab.test', 'A', T)))).toEqual(['192.0.2.1'])
  })

  test('the name is asked without its trailing dot and matched case-insensitively', async () => {
    const r = ok(await query(server, 'WEB1.lab.test.', 'AAAA', T))
    expect(datas(r)).toEqual(['2001:db8::1'])
    expect(r.name).toBe('WEB1.lab.test.')
  })

  test('a CNAME chain is kept, and finalRecords follows it', async () => {
    const r = ok(await query(server, 'alias.lab.test', 'AAAA', T))
    expect(r.answers.map((x) => [x.type, x.name, x.data])).toEqual([
      ['CNAME', 'alias.lab.test', 'www.lab.test'],
      ['AAAA', 'www.lab.test', '2001:db8::80'],
    ])
    expect(finalRecords(r).records.map((x) => x.data)).toEqual(['2001:db8::80'])
  })

  test('::ffff: AAAA data is returned as it is (the judge decides)', async () => {
    expect(datas(ok(await query(server, 'mapped.lab.test', 'AAAA', T)))).toEqual(['::ffff:192.0.2.1'])
  })
})

describe('rcodes are data, not errors', () => {
  test('NXDOMAIN, with the SOA and its negative TTL', async () => {
    const r = ok(await query(server, 'nx.lab.test', 'AAAA', T))
    expect(r.rcode).toBe('NXDOMAIN')
    expect(r.answers).toEqual([])
    expect(r.authority.map((x) => x.type)).toEqual(['SOA'])
    expect(r.negativeTtl).toBe(60)
  })
  test('NODATA: NOERROR, no answer, SOA in authority', async () => {
    const r = ok(await query(server, 'nodata.lab.test', 'AAAA', T))
    expect(r).toMatchObject({ rcode: 'NOERROR', answers: [], negativeTtl: 300 })
  })
  test.for(['REFUSED', 'SERVFAIL'])('%s', async (rcode) => {
    const r = ok(await query(server, `${rcode.toLowerCase()}.lab.test`, 'AAAA', T))
    expect(r).toMatchObject({ rcode, aa: false, answers: [] })
  })
})

describe('truncation: TC over UDP, then TCP', () => {
  test('40 AAAA: TC on the UDP reply, all 40 over TCP (reply split across chunks)', async () => {
    const before = queriesFor('big.lab.test').length
    const r = ok(await query(server, 'big.lab.test', 'AAAA', T))
    expect(r).toMatchObject({ rcode: 'NOERROR', tc: true, transport: 'tcp' })
    expect(datas(r)).toEqual(BIG_DATA)
    expect(
      queriesFor('big.lab.test')
        .slice(before)
        .map((q) => q.transport),
    ).toEqual(['udp', 'tcp'])
  })

  test('tcpOnly asks over TCP only', async () => {
    const before = queriesFor('web1.lab.test').length
    const r = ok(await query(server, 'web1.lab.test', 'AAAA', { ...T, tcpOnly: true }))
    expect(r).toMatchObject({ transport: 'tcp', tc: false, answers: [{ data: '2001:db8::1' }] })
    expect(
      queriesFor('web1.lab.test')
        .slice(before)
        .map((q) => q.transport),
    ).toEqual(['tcp'])
  })

  test('over TCP too, a reply with another ID is skipped for the next one', async () => {
    expect(datas(ok(await query(server, 'tcp-wrong-id.lab.test', 'AAAA', { ...T, tcpOnly: true })))).toEqual([
      '2001:db8::1',
    ])
  })

  test('TC, then the TCP port is closed: tcp-failed, refused, with the UDP answer noted', async () => {
    const udpOnly = await startServer(script, { tcp: false })
    try {
      const f = failed(await query({ address: '::1', port: udpOnly.port }, 'big.lab.test', 'AAAA', T))
      expect(f).toMatchObject({ error: 'tcp-failed', cause: 'refused', transport: 'tcp' })
      expect(f.truncated).toMatchObject({ ok: true, tc: true, transport: 'udp', rcode: 'NOERROR' })
      expect(f.truncated?.answers).toHaveLength(3)
    } finally {
      await udpOnly.close()
    }
  })

  test('TC, then the server hangs up over TCP: tcp-failed, closed', async () => {
    const f = failed(await query(server, 'tc-tcp-hangup.lab.test', 'AAAA', T))
    expect(f).toMatchObject({ error: 'tcp-failed', cause: 'closed', truncated: { tc: true } })
  })

  test('TC, then TCP never answers: the one deadline covers both', async () => {
    const t0 = performance.now()
    const f = failed(await query(server, 'tc-tcp-silent.lab.test', 'AAAA', { timeoutMs: 300 }))
    expect(f).toMatchObject({ error: 'tcp-failed', cause: 'timeout' })
    expect(performance.now() - t0).toBeLessThan(300 + 1500)
  })
})

describe('spoofed and stray replies are ignored (RFC 5452)', () => {
  test('a reply with another ID first: the right one is taken', async () => {
    expect(datas(ok(await query(server, 'wrong-id.lab.test', 'AAAA', T)))).toEqual(['2001:db8::1'])
  })
  test('a reply for another question first: the right one is taken', async () => {
    expect(datas(ok(await query(server, 'wrong-question.lab.test', 'AAAA', T)))).toEqual(['2001:db8::1'])
  })
  test('a reply from another source port first: the right one is taken', async () => {
    expect(datas(ok(await query(server, 'other-port.lab.test', 'AAAA', T)))).toEqual(['2001:db8::1'])
  })
  test('only a reply from another source port: timeout', async () => {
    expect(failed(await query(server, 'other-port-only.lab.test', 'AAAA', { timeoutMs: 300 })).error).toBe('timeout')
  })
  test('our ID, then garbage: bad-reply at the deadline, not an early give-up', async () => {
    const f = failed(await query(server, 'garbage.lab.test', 'AAAA', { timeoutMs: 300 }))
    expect(f).toMatchObject({ error: 'bad-reply', transport: 'udp' })
    expect(f.ms).toBeGreaterThanOrEqual(250)
  })
})

describe('failures are data', () => {
  test('a server that never answers: timeout, when the deadline says', async () => {
    const t0 = performance.now()
    const f = failed(await query(server, 'silent.lab.test', 'AAAA', { timeoutMs: 400 }))
    const took = performance.now() - t0
    expect(f).toMatchObject({
      error: 'timeout',
      transport: 'udp',
      server: `[::1]:${srv.port}`,
      name: 'silent.lab.test',
      type: 'AAAA',
    })
    // Generous margins: this box has 2 cores and other tests running.
    expect(took).toBeGreaterThanOrEqual(380)
    expect(took).toBeLessThan(400 + 1000)
  })

  test("the caller's abort ends the query early: aborted", async () => {
    const ac = new AbortController()
    setTimeout(() => ac.abort(), 50)
    const t0 = performance.now()
    const f = failed(await query(server, 'silent.lab.test', 'AAAA', { timeoutMs: 20_000, signal: ac.signal }))
    expect(f.error).toBe('aborted')
    expect(performance.now() - t0).toBeLessThan(5000)
  })

  test('an already-aborted signal sends nothing', async () => {
    const before = srv.stats.udp + srv.stats.tcp
    const f = failed(await query(server, 'web1.lab.test', 'AAAA', { timeoutMs: 1000, signal: AbortSignal.abort() }))
    expect(f.error).toBe('aborted')
    expect(srv.stats.udp + srv.stats.tcp).toBe(before)
  })

  test('a closed UDP port: refused (ICMPv6 port unreachable)', async () => {
    const s = dgram.createSocket('udp6')
    await new Promise<void>((r) => s.bind(0, '::1', r))
    const port = s.address().port
    await new Promise<void>((r) => s.close(() => r()))
    const f = failed(await query({ address: '::1', port }, 'web1.lab.test', 'AAAA', T))
    expect(f).toMatchObject({ error: 'refused', transport: 'udp' })
  })

  test('a closed TCP port with tcpOnly: refused', async () => {
    const udpOnly = await startServer(script, { tcp: false })
    try {
      expect(
        failed(await query({ address: '::1', port: udpOnly.port }, 'web1.lab.test', 'AAAA', { ...T, tcpOnly: true })),
      ).toMatchObject({ error: 'refused', transport: 'tcp' })
    } finally {
      await udpOnly.close()
    }
  })

  test('bad input: invalid, before any socket', async () => {
    expect(failed(await query(server, 'a..b', 'AAAA', T)).error).toBe('invalid')
    expect(failed(await query({ address: '::1', port: 0 }, 'web1.lab.test', 'AAAA', T)).error).toBe('invalid')
    expect(failed(await query(server, 'web1.lab.test', 'AAAA', { timeoutMs: 0 })).error).toBe('invalid')
    expect(failed(await query({ address: 'localhost', port: 53 }, 'web1.lab.test', 'AAAA', T)).error).toBe('invalid')
  })
})

describe('over IPv6 only', () => {
  // An IPv4 server that answers everything: the client must not ask it.
  let v4: dgram.Socket
  let v4Port = 0
  let v4Got = 0
  beforeAll(async () => {
    v4 = dgram.createSocket('udp4')
    v4.on('message', (m, r) => {
      v4Got++
      v4.send(m, r.port, r.address)
    })
    await new Promise<void>((r) => v4.bind(0, '127.0.0.1', r))
    v4Port = v4.address().port
  })
  afterAll(() => new Promise<void>((r) => v4.close(() => r())))

  test.for(['127.0.0.1', '::ffff:127.0.0.1'])('server %s is refused: not-ipv6, nothing sent', async (address) => {
    const f = failed(await query({ address, port: v4Port }, 'web1.lab.test', 'AAAA', { timeoutMs: 300 }))
    expect(f.error).toBe('not-ipv6')
    expect(f.transport).toBeUndefined()
    expect(v4Got).toBe(0)
  })

  // Link-local resolvers need their zone; only where this host has a link-local address.
  const ll = Object.entries(os.networkInterfaces()).flatMap(([ifname, addrs]) =>
    (addrs ?? [])
      .filter((x) => x.family === 'IPv6' && x.address.startsWith('fe80:'))
      .map((x) => `${x.address.split('%')[0]}%${ifname}`),
  )[0]
  test.skipIf(ll === undefined)('a link-local server with its zone', async () => {
    const zoned = await startServer(script, { address: ll })
    try {
      const r = ok(await query({ address: ll ?? '', port: zoned.port }, 'web1.lab.test', 'AAAA', T))
      expect(r.server).toBe(`[${ll}]:${zoned.port}`)
      expect(datas(r)).toEqual(['2001:db8::1'])
    } finally {
      await zoned.close()
    }
  })
})

describe('no socket is left open, on any path', () => {
  const sockets = () =>
    process.getActiveResourcesInfo().filter((x) => /^(UDPWrap|TCPSocketWrap|TCPWrap|ConnectWrap)$/.test(x)).length
  async function settle(want: number) {
    for (let i = 0; i < 100 && (sockets() !== want || srv.openConnections() !== 0); i++)
      await new Promise((r) => setTimeout(r, 20))
  }

  test('answers, TC→TCP, timeouts, aborts, hang-ups, refusals', async () => {
    const udpOnly = await startServer(script, { tcp: false })
    const closed = dgram.createSocket('udp6')
    await new Promise<void>((r) => closed.bind(0, '::1', r))
    const closedPort = closed.address().port
    await new Promise<void>((r) => closed.close(() => r()))
    // Let the setup's handles (and earlier tests' server-side connections) close first.
    for (let i = 0; i < 50 && srv.openConnections() !== 0; i++) await new Promise((r) => setTimeout(r, 20))
    await new Promise((r) => setTimeout(r, 50))
    const before = sockets()
    const ac = new AbortController()
    setTimeout(() => ac.abort(), 100)
    // Aborted in the same tick, while the sockets are still connecting.
    const now = new AbortController()
    const early = [
      query(server, 'web1.lab.test', 'AAAA', { timeoutMs: 2000, signal: now.signal }),
      query(server, 'web1.lab.test', 'AAAA', { timeoutMs: 2000, signal: now.signal, tcpOnly: true }),
    ]
    now.abort()
    expect((await Promise.all(early)).map((r) => r.ok || r.error)).toEqual(['aborted', 'aborted'])
    const results = await Promise.all([
      query(server, 'web1.lab.test', 'AAAA', T),
      query(server, 'big.lab.test', 'AAAA', T),
      query(server, 'web1.lab.test', 'AAAA', { ...T, tcpOnly: true }),
      query(server, 'silent.lab.test', 'AAAA', { timeoutMs: 200 }),
      query(server, 'silent.lab.test', 'AAAA', { timeoutMs: 200, tcpOnly: true }),
      query(server, 'silent.lab.test', 'AAAA', { timeoutMs: 10_000, signal: ac.signal }),
      query(server, 'tc-tcp-silent.lab.test', 'AAAA', { timeoutMs: 10_000, signal: ac.signal }),
      query(server, 'tc-tcp-hangup.lab.test', 'AAAA', T),
      query(server, 'tc-tcp-silent.lab.test', 'AAAA', { timeoutMs: 300 }),
      query(server, 'garbage.lab.test', 'AAAA', { timeoutMs: 200 }),
      query({ address: '::1', port: udpOnly.port }, 'big.lab.test', 'AAAA', T),
      query({ address: '::1', port: closedPort }, 'web1.lab.test', 'AAAA', T),
    ])
    expect(results.map((r) => (r.ok ? r.transport : r.error))).toEqual([
      'udp',
      'tcp',
      'tcp',
      'timeout',
      'timeout',
      'aborted',
      'tcp-failed',
      'tcp-failed',
      'tcp-failed',
      'bad-reply',
      'tcp-failed',
      'refused',
    ])
    await settle(before)
    expect(sockets()).toBe(before)
    expect(srv.openConnections()).toBe(0)
    await udpOnly.close()
  })
})
