// One DNS question over TCP (RFC 7766), IPv6 only: a literal address and family 6, so no lookup
// and no IPv4 fallback can happen.
import net from 'node:net'
import { abortFailure, ignore, newSeen, socketFailure, type Exchange, type ExchangeOptions } from './exchange.ts'
import { frame, frameReader } from './frame.ts'
import { checkReply, type Expected } from './message.ts'
import type { Endpoint } from './server.ts'

export function tcpExchange(server: Endpoint, msg: Buffer, q: Expected, o: ExchangeOptions): Promise<Exchange> {
  const seen = newSeen()
  if (o.signal.aborted) return Promise.resolve(abortFailure(o, seen))
  return new Promise((resolve) => {
    const sock = net.connect({ host: server.address, port: server.port, family: 6, noDelay: true })
    const read = frameReader()
    let done = false
    seen.connected = false
    const finish = (r: Exchange) => {
      if (done) return
      done = true
      o.signal.removeEventListener('abort', onAbort)
      sock.destroy()
      resolve(r)
    }
    const onAbort = () => finish(abortFailure(o, seen))
    o.signal.addEventListener('abort', onAbort, { once: true })
    sock.on('connect', () => {
      seen.connected = true
      sock.write(frame(msg))
    })
    sock.on('error', (e) => finish(socketFailure(e)))
    sock.on('data', (chunk: Buffer) => {
      // A server may send other messages on the connection first (RFC 7766 §7); match each one.
      for (const m of read(chunk)) {
        const v = checkReply(m, q)
        if (v.kind === 'ok') return finish({ ok: true, packet: v.packet, rcode: v.rcode })
        if (v.kind === 'bad') seen.noted = v.detail
        else ignore(seen, v.how)
      }
    })
    sock.on('close', () => {
      if (seen.noted !== undefined)
        return finish({ ok: false, error: 'bad-reply', detail: `${seen.noted}, then the server closed the connection` })
      const other = [...seen.ignored].map(([how, n]) => `${n} ${n === 1 ? 'message' : 'messages'} ${how}`).join(', ')
      finish({
        ok: false,
        error: 'closed',
        detail: `the server closed the connection before a reply${other ? ` (it sent only ${other})` : ''}`,
      })
    })
  })
}
