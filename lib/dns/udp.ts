// One DNS question over UDP on its own AF_INET6 socket: a fresh random source port per query
// (RFC 5452 §9.2), and a connected socket, so that ICMPv6 port unreachable comes back as
// ECONNREFUSED (Linux reports ICMP errors only to connected UDP sockets).
import dgram from 'node:dgram'
import { abortFailure, ignore, newSeen, socketFailure, type Exchange, type ExchangeOptions } from './exchange.ts'
import { checkReply, type Expected } from './message.ts'
import { fromEndpoint, type Endpoint } from './server.ts'

export function udpExchange(server: Endpoint, msg: Buffer, q: Expected, o: ExchangeOptions): Promise<Exchange> {
  const seen = newSeen()
  if (o.signal.aborted) return Promise.resolve(abortFailure(o, seen))
  return new Promise((resolve) => {
    // ipv6Only: never an IPv4 fallback through a mapped address (docs/design.md §1.3).
    const sock = dgram.createSocket({ type: 'udp6', ipv6Only: true })
    let done = false
    let resend: NodeJS.Timeout | undefined
    const finish = (r: Exchange) => {
      if (done) return
      done = true
      clearInterval(resend)
      o.signal.removeEventListener('abort', onAbort)
      try {
        sock.close()
      } catch {
        // already closed: ERR_SOCKET_DGRAM_NOT_RUNNING
      }
      resolve(r)
    }
    const onAbort = () => finish(abortFailure(o, seen))
    o.signal.addEventListener('abort', onAbort, { once: true })
    sock.on('error', (e) => finish(socketFailure(e)))
    sock.on('message', (buf, rinfo) => {
      if (!fromEndpoint(rinfo, server)) return
      const v = checkReply(buf, q)
      if (v.kind === 'ok') finish({ ok: true, packet: v.packet, rcode: v.rcode })
      else if (v.kind === 'bad') seen.noted = v.detail
      else ignore(seen, v.how)
    })
    const send = () => {
      seen.sends = (seen.sends ?? 0) + 1
      if (seen.sends >= (o.resend?.sends ?? 1)) clearInterval(resend)
      sock.send(msg, (e) => {
        if (e) finish(socketFailure(e))
      })
    }
    sock.connect(server.port, server.address, (err?: Error) => {
      if (err) return finish(socketFailure(err))
      if (done) return
      // UDP loses datagrams: a stub resolver sends the query again within its deadline (RFC 1035
      // §4.2.1, RFC 1536 §1), or one lost packet on a lossy path fails a nightly run. The same ID
      // and socket, so that a reply to any copy is the reply.
      if (o.resend && o.resend.sends > 1) resend = setInterval(send, o.resend.everyMs)
      send()
    })
  })
}
