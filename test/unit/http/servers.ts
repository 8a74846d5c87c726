// Real servers on loopback for the probe tests: they count what reaches them, and the handle census
// proves that a probe leaves no socket behind.
import http from 'node:http'
import https from 'node:https'
import net from 'node:net'
import { expect } from 'vitest'

export interface Served {
  port: number
  /** TCP connections accepted. */
  connections: number
  /** HTTP requests that reached the handler (for https: only after a completed handshake). */
  requests: number
  sockets: Set<net.Socket>
  close(): Promise<void>
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, s: Served) => void

export async function listen(server: net.Server, host: string, onRequest?: Handler): Promise<Served> {
  const served: Served = {
    port: 0,
    connections: 0,
    requests: 0,
    sockets: new Set(),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of served.sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
  server.on('connection', (s: net.Socket) => {
    served.connections++
    served.sockets.add(s)
    s.on('error', () => {})
    s.once('close', () => served.sockets.delete(s))
  })
  // https.Server is a tls.Server, not an http.Server: test for the handler, not the class.
  if (onRequest)
    server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
      served.requests++
      onRequest(req, res, served)
    })
  // https.Server emits tlsClientError for failed handshakes; without a listener it only destroys the socket.
  server.on('tlsClientError', () => {})
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, host, () => resolve())
  })
  served.port = (server.address() as net.AddressInfo).port
  return served
}

export const serveHttp = (host: string, onRequest: Handler) => listen(http.createServer(), host, onRequest)

export const serveHttps = (host: string, tls: { key: string; cert: string }, onRequest: Handler) =>
  listen(https.createServer(tls), host, onRequest)

/**
 * Accepts and then does whatever `onSocket` says (nothing, by default: a server that never answers).
 * It reads and drops what comes in, so that it sees the client's FIN and closes its side.
 */
export const serveTcp = (host: string, onSocket: (s: net.Socket) => void = () => {}) =>
  listen(
    net.createServer((s) => (s.resume(), onSocket(s))),
    host,
  )

// Client and server sockets, connects and lookups; servers, timers and stdio are not counted.
const SOCKETISH = /^(TCPSocketWrap|TCPWrap|TCPConnectWrap|TLSWrap|GetAddrInfoReqWrap|GetNameInfoReqWrap)$/

export function socketHandles(): number {
  return process.getActiveResourcesInfo().filter((t) => SOCKETISH.test(t)).length
}

/**
 * The probe has closed its sockets before resolving; the server's side of each connection closes when
 * the FIN arrives, so give it a moment. A leaked client socket keeps both ends open for good.
 */
export async function expectNoLeakedSockets(baseline: number): Promise<void> {
  const until = Date.now() + 2000
  while (socketHandles() > baseline && Date.now() < until) await new Promise((r) => setTimeout(r, 20))
  expect(
    process.getActiveResourcesInfo().filter((t) => SOCKETISH.test(t)),
    'socket handles left open',
  ).toHaveLength(baseline)
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
