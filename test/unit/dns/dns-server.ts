// A scripted DNS server for the client's tests: UDP and TCP on the same port of an IPv6 address
// (::1 by default), built with dns-packet, whose behaviour is chosen per question.
import dgram from 'node:dgram'
import net from 'node:net'
import dnsPacket from 'dns-packet'
import type { Answer, DecodedPacket } from 'dns-packet'
import { frame, frameReader } from '../../../lib/dns/frame.ts'

export interface Reply {
  answers?: Answer[]
  authorities?: Answer[]
  /** dns-packet ignores `rcode` on encode (docs/libraries.md §5): we OR it into the flags. */
  rcode?: 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL' | 'REFUSED' | 'FORMERR' | 'NOTIMP'
  tc?: boolean
  aa?: boolean
  /** Override the ID (a stray or spoofed reply). */
  id?: number
  /** Override the question section. */
  questions?: { name: string; type: string }[]
  /** Override the whole message with raw bytes. */
  raw?: Buffer
}

export interface SendOptions {
  /** UDP: send from the server's second socket (another source port). */
  fromOtherPort?: boolean
  /** TCP: write the framed reply in pieces of these sizes, a few ms apart. */
  chunks?: number[]
}

export interface Ctx {
  q: DecodedPacket
  name: string
  type: string
  transport: 'udp' | 'tcp'
  send(r: Reply, o?: SendOptions): void
  /** TCP: close the connection (no reply). */
  hangUp(): void
}

export type Behaviour = (c: Ctx) => void

const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const

export function encodeReply(q: DecodedPacket, r: Reply): Buffer {
  if (r.raw) return r.raw
  const flags =
    (r.aa === false ? 0 : dnsPacket.AUTHORITATIVE_ANSWER) |
    (r.tc ? dnsPacket.TRUNCATED_RESPONSE : 0) |
    ((q.flags ?? 0) & dnsPacket.RECURSION_DESIRED) |
    RCODE[r.rcode ?? 'NOERROR']
  const questions = r.questions ? r.questions.map((x) => ({ ...x, class: 'IN' })) : q.questions
  return dnsPacket.encode({
    type: 'response',
    id: r.id ?? q.id ?? 0,
    flags,
    questions: questions as DecodedPacket['questions'],
    answers: r.answers ?? [],
    authorities: r.authorities ?? [],
    additionals: [
      {
        type: 'OPT',
        name: '.',
        udpPayloadSize: 1232,
        extendedRcode: 0,
        ednsVersion: 0,
        flags: 0,
        flag_do: false,
        options: [],
      },
    ],
  })
}

export interface Stats {
  udp: number
  tcp: number
  inFlight: number
  maxInFlight: number
  /** Every query as received. */
  queries: { transport: 'udp' | 'tcp'; packet: DecodedPacket }[]
}

export interface TestServer {
  address: string
  port: number
  /** TCP connections accepted and still open. */
  openConnections(): number
  stats: Stats
  close(): Promise<void>
}

export interface ServerOptions {
  address?: string
  /** false: UDP only, so TCP to the port is refused. */
  tcp?: boolean
  keepQueries?: boolean
}

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms))

export async function startServer(
  script: (name: string, type: string, transport: 'udp' | 'tcp') => Behaviour,
  o: ServerOptions = {},
): Promise<TestServer> {
  const address = o.address ?? '::1'
  const stats: Stats = { udp: 0, tcp: 0, inFlight: 0, maxInFlight: 0, queries: [] }
  const other = dgram.createSocket('udp6')
  await new Promise<void>((r) => other.bind(0, address, r))
  const conns = new Set<net.Socket>()

  const dispatch = (
    buf: Buffer,
    transport: 'udp' | 'tcp',
    write: (b: Buffer, o?: SendOptions) => void,
    hangUp: () => void,
  ) => {
    let q: DecodedPacket
    try {
      q = dnsPacket.decode(buf)
    } catch {
      return
    }
    stats[transport]++
    if (o.keepQueries !== false) stats.queries.push({ transport, packet: q })
    const [question] = q.questions ?? []
    if (!question) return
    stats.inFlight++
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight)
    let answered = false
    const done = () => {
      if (!answered) stats.inFlight--
      answered = true
    }
    script(
      question.name,
      question.type,
      transport,
    )({
      q,
      name: question.name,
      type: question.type,
      transport,
      send: (r, so) => {
        done()
        write(encodeReply(q, r), so)
      },
      hangUp: () => {
        done()
        hangUp()
      },
    })
  }

  for (let attempt = 0; ; attempt++) {
    const udp = dgram.createSocket('udp6')
    await new Promise<void>((r) => udp.bind(0, address, r))
    const port = udp.address().port
    const tcp = net.createServer((sock) => {
      conns.add(sock)
      sock.setNoDelay(true)
      sock.on('close', () => conns.delete(sock))
      sock.on('error', () => sock.destroy())
      const read = frameReader()
      sock.on('data', (chunk: Buffer) => {
        for (const m of read(chunk)) {
          dispatch(
            m,
            'tcp',
            (b, so) => {
              const framed = frame(b)
              if (!so?.chunks) return void sock.write(framed)
              void (async () => {
                let at = 0
                for (const n of so.chunks ?? []) {
                  if (sock.destroyed) return
                  sock.write(framed.subarray(at, at + n))
                  at += n
                  await delay(5)
                }
                if (at < framed.length && !sock.destroyed) sock.write(framed.subarray(at))
              })()
            },
            () => sock.destroy(),
          )
        }
      })
    })
    udp.on('message', (m, rinfo) => {
      dispatch(
        m,
        'udp',
        (b, so) => (so?.fromOtherPort ? other : udp).send(b, rinfo.port, rinfo.address),
        () => {},
      )
    })
    const listening =
      o.tcp === false
        ? Promise.resolve(true)
        : new Promise<boolean>((resolve) => {
            tcp.once('error', () => resolve(false))
            tcp.listen({ port, host: address, ipv6Only: true }, () => resolve(true))
          })
    if (!(await listening)) {
      udp.close()
      if (attempt > 20) throw new Error('no port free on both UDP and TCP')
      continue
    }
    return {
      address,
      port,
      stats,
      openConnections: () => conns.size,
      close: async () => {
        for (const c of conns) c.destroy()
        await Promise.all([
          new Promise<void>((r) => udp.close(() => r())),
          new Promise<void>((r) => other.close(() => r())),
          o.tcp === false ? Promise.resolve() : new Promise<void>((r) => tcp.close(() => r())),
        ])
      },
    }
  }
}

// Record builders.
export const aaaa = (name: string, data: string, ttl = 300): Answer => ({ type: 'AAAA', name, ttl, data })
export const a = (name: string, data: string, ttl = 300): Answer => ({ type: 'A', name, ttl, data })
export const cname = (name: string, data: string, ttl = 300): Answer => ({ type: 'CNAME', name, ttl, data })
export const ptr = (name: string, data: string, ttl = 300): Answer => ({ type: 'PTR', name, ttl, data })
export const soa = (zone: string, ttl = 600, minimum = 300): Answer => ({
  type: 'SOA',
  name: zone,
  ttl,
  data: {
    mname: `ns1.${zone}`,
    rname: `hostmaster.${zone}`,
    serial: 2024010101,
    refresh: 3600,
    retry: 600,
    expire: 86400,
    minimum,
  },
})
