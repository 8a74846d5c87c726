// Holds TCP listeners open, the way services bind them, so `ss` and a connect see the real thing.
// Usage: listen.ts SPEC...   SPEC = 0.0.0.0:8776 | [::]:8774 (dual-stack) | [::]:16509/v6only
import { createServer } from 'node:net'

for (const spec of process.argv.slice(2)) {
  const m = /^(?:\[([^\]]+)\]|([0-9.]+)):([0-9]+)(\/v6only)?$/.exec(spec)
  if (!m) throw new Error(`bad listener spec ${spec}`)
  const host = m[1] ?? m[2] ?? ''
  // Probes connect and reset at once; a reset is the client's business, never a crash here.
  const server = createServer((s) => s.on('error', () => undefined).end('v6lab\n'))
  server.listen({ host, port: Number(m[3]), ipv6Only: m[4] !== undefined }, () => console.log(`listening on ${spec}`))
}
