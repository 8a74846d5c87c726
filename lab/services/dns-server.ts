// The lab's second resolver: a small authoritative server for the lab zone, over UDP and TCP
// (2-byte length framing, several queries per connection, RFC 7766 §6.2.1). With --no-tcp it
// listens on UDP only, as a resolver whose firewall drops TCP 53.
// Usage: dns-server.ts <zone.json> <address> [--no-tcp]
import { createSocket } from 'node:dgram'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { frame, frameReader } from '../../lib/dns/frame.ts'
import { answer, type ZoneFile } from './dns-answer.ts'

const [file, address, ...flags] = process.argv.slice(2)
if (!file || !address) throw new Error('usage: dns-server.ts <zone.json> <address> [--no-tcp]')
const zone = JSON.parse(readFileSync(file, 'utf8')) as ZoneFile
const PORT = 53
// RFC 7766 §6.2.3: idle connections are closed after a while.
const IDLE_MS = 10_000

const udp = createSocket({ type: 'udp6', ipv6Only: true })
udp.on('message', (msg, from) => {
  const reply = answer(zone, msg, 'udp')
  if (reply) udp.send(reply, from.port, from.address)
})
udp.bind({ address, port: PORT }, () => console.log(`dns on [${address}]:${PORT}/udp`))

if (!flags.includes('--no-tcp')) {
  createServer((s) => {
    const read = frameReader()
    s.setTimeout(IDLE_MS, () => s.destroy())
    // A client that resets is its own business, never a crash here.
    s.on('error', () => undefined)
    s.on('data', (chunk) => {
      for (const msg of read(chunk)) {
        const reply = answer(zone, msg, 'tcp')
        if (reply) s.write(frame(reply))
      }
    })
  }).listen({ host: address, port: PORT, ipv6Only: true }, () => console.log(`dns on [${address}]:${PORT}/tcp`))
}
