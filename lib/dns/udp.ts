// One DNS question over UDP on its own AF_INET6 socket: a fresh random source port per query
// (RFC 5452 §9.2), and a connected socket, so that ICMPv6 port unreachable comes back as
// ECONNREFUSED (Linux reports ICMP errors only to connected UDP sockets).
import dgram from 'node:dgram'
import { abortFailure, socketFailure, type Exchange } from './exchange.ts'
import { checkReply, type Expected } from './message.ts'
import { fromEndpoint, type Endpoint } from './server.ts'

export function udpExchange(server: Endpoint, msg: Buffer, q: Expected, signal: AbortSignal): Promise<Exchange> {
  if (signal.aborted) return Promise.resolve(abortFailure(signal, undefined))
  return new Promise((resolve) => {
    // ipv6Only: never an IPv4 fallback through a mapped address (DESIGN §1.3).
    const sock = dgram.createSocket({ type: 'udp6', ipv6Only: true })
    let done = false
    let noted: string | undefined
    const finish = (r: Exchange) => {
      if (done) return
      done = true
      signal.removeEventListener('abort', onAbort)
      try {
        sock.close()
      } catch {
        // already closed: ERR_SOCKET_DGRAM_NOT_RUNNING
      }
      resolve(r)
    }
    const onAbort = () => finish(abortFailure(signal, noted))
    signal.addEventListener('abort', onAbort, { once: true })
    sock.on('error', (e) => finish(socketFailure(e)))
    sock.on('message', (buf, rinfo) => {
      if (!fromEndpoint(rinfo, server)) return
      const v = checkReply(buf, q)
      if (v.kind === 'ok') finish({ ok: true, packet: v.packet, rcode: v.rcode })
      else if (v.kind === 'bad') noted = v.detail
    })
    sock.connect(server.port, server.address, (err?: Error) => {
      if (err) return finish(socketFailure(err))
      if (done) return
      sock.send(msg, (e) => {
        if (e) finish(socketFailure(e))
      })
    })
  })
}
