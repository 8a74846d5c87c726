// Holds TCP listeners open, the way services bind them, so `ss` and a connect see the real thing.
// Usage: listen.ts SPEC...   SPEC = 0.0.0.0:8776 | [::]:8774 (dual-stack) | [::]:16509/v6only,
// each optionally ending in /http: then it answers any request with a minimal 200 and closes.
import { createServer as createHttpServer } from 'node:http'
import { createServer, type Server } from 'node:net'

const BODY = 'v6lab\n'

for (const spec of process.argv.slice(2)) {
  const m = /^(?:\[([^\]]+)\]|([0-9.]+)):([0-9]+)(\/v6only)?(\/http)?$/.exec(spec)
  if (!m) throw new Error(`bad listener spec ${spec}`)
  const host = m[1] ?? m[2] ?? ''
  // Probes connect and reset at once; a reset is the client's business, never a crash here.
  const server: Server = m[5]
    ? createHttpServer((_req, res) =>
        res
          .writeHead(200, { 'content-type': 'text/plain', 'content-length': BODY.length, connection: 'close' })
          .end(BODY),
      )
    : createServer((s) => s.on('error', () => undefined).end(BODY))
  server.listen({ host, port: Number(m[3]), ipv6Only: m[4] !== undefined }, () => console.log(`listening on ${spec}`))
}
