// Ask one resolver one question over IPv6, the way a stub resolver would: UDP with EDNS0, then
// TCP when the UDP reply is truncated (RFC 7766 §5). We do it ourselves rather than with node:dns,
// which hides TC, rcodes and the answering server, and misreads `::1:5353` (docs/libraries.md §5).
import { randomInt } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import type { Exchange } from './exchange.ts'
import { checkName, encodeQuery, replyFields, type Expected } from './message.ts'
import { parseServer, serverLabel, type Endpoint } from './server.ts'
import { tcpExchange } from './tcp.ts'
import type { DnsAnswer, DnsFailure, DnsResult, DnsServer, DnsType, QueryOptions, Transport } from './types.ts'
import { udpExchange } from './udp.ts'

// RFC 5452 §9.2: an unpredictable ID, from a CSPRNG.
const newId = () => randomInt(0, 0x10000)

// The UDP query goes out this many times, evenly across the deadline, until a reply comes: a lost
// datagram costs a third of the deadline, not the query (glibc and dig retry too).
const UDP_SENDS = 3

export async function query(server: DnsServer, name: string, type: DnsType, opts: QueryOptions): Promise<DnsResult> {
  const t0 = performance.now()
  const ms = () => Math.round((performance.now() - t0) * 1000) / 1000
  const base = { server: serverLabel(server), name, type }
  const failure = (f: Omit<DnsFailure, 'ok' | 'server' | 'name' | 'type' | 'ms'>): DnsFailure => ({
    ok: false,
    ...base,
    ...f,
    ms: ms(),
  })

  const s = parseServer(server)
  if (!s.ok) return failure({ error: s.error, detail: s.detail })
  const n = checkName(name)
  if (!n.ok) return failure({ error: 'invalid', detail: n.error })
  if (!(opts.timeoutMs > 0) || !Number.isFinite(opts.timeoutMs))
    return failure({ error: 'invalid', detail: `bad timeoutMs ${opts.timeoutMs}` })

  // One deadline for the whole query, UDP and the TCP retry together.
  const deadline = AbortSignal.timeout(opts.timeoutMs)
  const signal = opts.signal ? AbortSignal.any([opts.signal, deadline]) : deadline

  const xo = { signal, deadline: { signal: deadline, ms: opts.timeoutMs } }
  const ask = async (transport: Transport) => {
    const q: Expected = { id: newId(), name: n.name, type }
    const x =
      transport === 'udp'
        ? await udpExchange(s.endpoint, encodeQuery(q, true), q, {
            ...xo,
            resend: { sends: UDP_SENDS, everyMs: opts.timeoutMs / UDP_SENDS },
          })
        : await tcpExchange(s.endpoint, encodeQuery(q, true), q, xo)
    return { q, x }
  }
  const answer = (
    ep: Endpoint,
    q: Expected,
    x: Extract<Exchange, { ok: true }>,
    transport: Transport,
    tc: boolean,
  ): DnsAnswer => {
    const f = replyFields(x.packet, x.rcode, q)
    return { ok: true, ...base, server: ep.label, ...f, tc, transport, ms: ms() }
  }

  if (opts.tcpOnly) {
    const { q, x } = await ask('tcp')
    return x.ok
      ? answer(s.endpoint, q, x, 'tcp', false)
      : failure({ error: x.error, detail: x.detail, transport: 'tcp' })
  }
  const udp = await ask('udp')
  if (!udp.x.ok) return failure({ error: udp.x.error, detail: udp.x.detail, transport: 'udp' })
  const first = answer(s.endpoint, udp.q, udp.x, 'udp', udp.x.packet.flag_tc)
  if (!first.tc) return first
  const tcp = await ask('tcp')
  if (tcp.x.ok) return answer(s.endpoint, tcp.q, tcp.x, 'tcp', true)
  return failure({
    error: 'tcp-failed',
    cause: tcp.x.error,
    detail: `UDP reply truncated (TC), TCP retry failed: ${tcp.x.error}: ${tcp.x.detail}`,
    transport: 'tcp',
    truncated: first,
  })
}
