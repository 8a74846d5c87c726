// What the lab's second resolver answers, as an authoritative server (RFC 1034 §4.3.2, without
// CNAMEs or delegations). Pure, so the truncation rule is tested without a socket.
import dnsPacket, { type Answer, type DecodedPacket, type Packet, type Question } from 'dns-packet'
import { EDNS_UDP_SIZE } from '../../lib/dns/index.ts'
import type { ZoneRecord } from '../zone.ts'

export interface ZoneFile {
  /** The forward zone; names below it that own nothing are NXDOMAIN. */
  apex: string
  records: ZoneRecord[]
}

const TTL = 60
const RCODE = { NOERROR: 0, FORMERR: 1, NOTIMP: 4, NXDOMAIN: 3, REFUSED: 5 } as const
// RFC 1035 §4.2.1: plain UDP carries 512 bytes; RFC 6891 §6.2.5: a smaller EDNS size means 512.
const PLAIN_UDP = 512
const TCP_MAX = 0xffff

/**
 * How large a UDP reply this query lets us send: what the client advertises, but never more than
 * the 1232 we advertise ourselves (DNS Flag Day 2020: no fragmented UDP), as dnsmasq does too.
 */
export function udpLimit(query: Packet): number {
  const opt = query.additionals?.find((a) => a.type === 'OPT')
  return opt && 'udpPayloadSize' in opt ? Math.min(EDNS_UDP_SIZE, Math.max(PLAIN_UDP, opt.udpPayloadSize)) : PLAIN_UDP
}

const soa = (apex: string): Answer => ({
  name: apex,
  type: 'SOA',
  ttl: TTL,
  data: {
    mname: `ns2.${apex}`,
    rname: `hostmaster.${apex}`,
    serial: 1,
    refresh: 3600,
    retry: 600,
    expire: 86400,
    minimum: TTL,
  },
})

const below = (name: string, parent: string) => name === parent || name.endsWith(`.${parent}`)

/** The answer and authority sections and the rcode for one question. */
function lookup(zone: ZoneFile, q: Question): { rcode: number; aa: boolean; answers: Answer[]; authorities: Answer[] } {
  const name = q.name.toLowerCase()
  const owned = zone.records.filter((r) => r.name === name)
  // Ours: the forward zone, and the PTR names of its addresses (the reverse zones hold nothing else).
  if (!below(name, zone.apex) && owned.length === 0)
    return { rcode: RCODE.REFUSED, aa: false, answers: [], authorities: [] }
  if (name === zone.apex && q.type === 'SOA')
    return { rcode: RCODE.NOERROR, aa: true, answers: [soa(zone.apex)], authorities: [] }
  const answers = owned
    .filter((r) => r.type === q.type)
    .map((r): Answer => ({ name: q.name, type: r.type, ttl: TTL, data: r.data }))
  if (answers.length) return { rcode: RCODE.NOERROR, aa: true, answers, authorities: [] }
  // NODATA when the name exists (it owns records, or is the apex or an empty non-terminal), else NXDOMAIN; both carry the SOA (RFC 2308 §3).
  const exists = name === zone.apex || zone.records.some((r) => below(r.name, name))
  const authorities = below(name, zone.apex) ? [soa(zone.apex)] : []
  return { rcode: exists ? RCODE.NOERROR : RCODE.NXDOMAIN, aa: true, answers: [], authorities }
}

/**
 * The reply to one message, or undefined for what deserves none (a response, a runt). Over UDP a
 * reply larger than the client allows goes out empty with TC set, so the client asks over TCP.
 */
export function answer(zone: ZoneFile, msg: Buffer, transport: 'udp' | 'tcp'): Buffer | undefined {
  if (msg.length < 12) return undefined
  const id = msg.readUInt16BE(0)
  const flags = msg.readUInt16BE(2)
  if (flags & 0x8000) return undefined
  const rd = flags & dnsPacket.RECURSION_DESIRED
  let query: DecodedPacket
  try {
    query = dnsPacket.decode(msg)
  } catch {
    return dnsPacket.encode({ type: 'response', id, flags: rd | RCODE.FORMERR })
  }
  const questions = query.questions ?? []
  const edns = query.additionals?.some((a) => a.type === 'OPT') ?? false
  const additionals: Answer[] = edns
    ? [
        {
          type: 'OPT',
          name: '.',
          udpPayloadSize: EDNS_UDP_SIZE,
          extendedRcode: 0,
          ednsVersion: 0,
          flags: 0,
          flag_do: false,
          options: [],
        },
      ]
    : []
  const reply = (rcode: number, aa: boolean, answers: Answer[] = [], authorities: Answer[] = [], tc = false) =>
    dnsPacket.encode({
      type: 'response',
      id,
      flags: rd | rcode | (aa ? dnsPacket.AUTHORITATIVE_ANSWER : 0) | (tc ? dnsPacket.TRUNCATED_RESPONSE : 0),
      questions,
      answers,
      authorities,
      additionals,
    })
  if ((flags >> 11) & 0xf) return reply(RCODE.NOTIMP, false)
  const [q] = questions
  if (questions.length !== 1 || !q) return reply(RCODE.FORMERR, false)
  const r = lookup(zone, q)
  const full = reply(r.rcode, r.aa, r.answers, r.authorities)
  return full.length <= (transport === 'udp' ? udpLimit(query) : TCP_MAX) ? full : reply(r.rcode, r.aa, [], [], true)
}
