import { describe, test, expect } from 'vitest'
import dnsPacket from 'dns-packet'
import type { Answer } from 'dns-packet'
import {
  checkName,
  checkReply,
  encodeQuery,
  EDNS_UDP_SIZE,
  rcodeName,
  recordData,
  replyFields,
  type Expected,
} from '../../../lib/dns/message.ts'
import { encodeReply, soa } from './dns-server.ts'

const q: Expected = { id: 0x1234, name: 'web1.lab.test', type: 'AAAA' }
const query = dnsPacket.decode(encodeQuery(q, true))

describe('encodeQuery', () => {
  test('one IN question, RD set, EDNS0 OPT with a 1232-byte UDP payload', () => {
    expect(query.id).toBe(0x1234)
    expect(query.flag_qr).toBe(false)
    expect(query.flag_rd).toBe(true)
    expect(query.questions).toEqual([{ name: 'web1.lab.test', type: 'AAAA', class: 'IN' }])
    const opt = query.additionals?.find((x) => x.type === 'OPT')
    expect(opt && 'udpPayloadSize' in opt && opt.udpPayloadSize).toBe(EDNS_UDP_SIZE)
    expect(EDNS_UDP_SIZE).toBe(1232)
  })
  test('without EDNS there is no OPT record', () => {
    expect(dnsPacket.decode(encodeQuery(q, false)).additionals).toEqual([])
  })
})

describe('checkName', () => {
  test.for<[string, string]>([
    ['web1.lab.test', 'web1.lab.test'],
    ['web1.lab.test.', 'web1.lab.test'],
    ['.', '.'],
    ['_ldap._tcp.lab.test', '_ldap._tcp.lab.test'],
    ['x'.repeat(63) + '.test', 'x'.repeat(63) + '.test'],
  ])('%s is asked as %s', ([name, asked]) => {
    expect(checkName(name)).toEqual({ ok: true, name: asked })
  })
  test.for<[string, string]>([
    ['a..b', 'empty label'],
    ['', 'empty label'],
    ['x'.repeat(64) + '.test', 'over 63'],
    [Array(64).fill('abc').join('.'), 'over 255'],
  ])('%s is refused (%s)', ([name, why]) => {
    const r = checkName(name)
    expect(r.ok).toBe(false)
    expect(!r.ok && r.error).toContain(why)
  })
})

describe('checkReply: is this our reply? (RFC 5452 §9.1)', () => {
  const reply = (r: Parameters<typeof encodeReply>[1] = {}) => encodeReply(query, r)

  test('the matching reply is accepted, with its rcode', () => {
    const v = checkReply(reply({ rcode: 'NXDOMAIN' }), q)
    expect(v.kind).toBe('ok')
    expect(v.kind === 'ok' && v.rcode).toBe(3)
  })
  test('another ID is ignored', () => {
    expect(checkReply(reply({ id: 0x1235 }), q)).toEqual({
      kind: 'ignore',
      why: 'ID 4661, expected 4660',
      how: 'with another ID',
    })
  })
  test('a query (QR=0) with our ID is ignored', () => {
    expect(checkReply(encodeQuery(q, true), q)).toMatchObject({ kind: 'ignore', why: 'a query, not a response' })
  })
  test('another name or type is ignored', () => {
    expect(checkReply(reply({ questions: [{ name: 'evil.test', type: 'AAAA' }] }), q).kind).toBe('ignore')
    expect(checkReply(reply({ questions: [{ name: 'web1.lab.test', type: 'A' }] }), q).kind).toBe('ignore')
    expect(checkReply(reply({ questions: [] }), q).kind).toBe('ignore')
  })
  test('the name matches case-insensitively (RFC 4343, 0x20 encoding)', () => {
    expect(checkReply(reply({ questions: [{ name: 'WEB1.Lab.TEST', type: 'AAAA' }] }), q).kind).toBe('ok')
  })
  test('an error reply may omit the question (FORMERR, NOTIMP), a NOERROR one may not', () => {
    expect(checkReply(reply({ rcode: 'FORMERR', questions: [] }), q).kind).toBe('ok')
    expect(checkReply(reply({ rcode: 'NOTIMP', questions: [] }), q).kind).toBe('ok')
    expect(checkReply(reply({ rcode: 'NOERROR', questions: [] }), q).kind).toBe('ignore')
  })
  test('a short datagram is ignored', () => {
    expect(checkReply(Buffer.from([0x12, 0x34, 0x80]), q).kind).toBe('ignore')
  })
  test('our ID and QR but an undecodable body is bad', () => {
    const buf = reply().subarray(0, 20)
    expect(checkReply(buf, q).kind).toBe('bad')
  })
})

describe('recordData: presentation text', () => {
  test.for<[string, Answer, string]>([
    ['AAAA canonical (RFC 5952)', { type: 'AAAA', name: 'x', data: '2001:0db8:0:0:0:0:0:1' }, '2001:db8::1'],
    [
      'AAAA v4-mapped kept, dotted (RFC 5952 §5)',
      { type: 'AAAA', name: 'x', data: '::ffff:192.0.2.1' },
      '::ffff:192.0.2.1',
    ],
    ['A', { type: 'A', name: 'x', data: '192.0.2.1' }, '192.0.2.1'],
    ['CNAME', { type: 'CNAME', name: 'x', data: 'www.test' }, 'www.test'],
    ['PTR', { type: 'PTR', name: 'x', data: 'web1.test' }, 'web1.test'],
    ['MX', { type: 'MX', name: 'x', data: { preference: 10, exchange: 'mx.test' } }, '10 mx.test'],
    [
      'SRV',
      { type: 'SRV', name: 'x', data: { priority: 1, weight: 2, port: 53, target: 'ns.test' } },
      '1 2 53 ns.test',
    ],
    ['TXT', { type: 'TXT', name: 'x', data: ['v=spf1', '-all'] }, '"v=spf1" "-all"'],
  ])('%s', ([, rec, text]) => {
    // Through the wire, as the client sees it.
    const wire = dnsPacket.decode(
      dnsPacket.encode({ type: 'response', id: 1, answers: [{ ttl: 1, ...rec } as Answer] }),
    )
    const [decoded] = wire.answers ?? []
    expect(decoded && recordData(decoded)).toBe(text)
  })
})

describe('replyFields', () => {
  const decode = (r: Parameters<typeof encodeReply>[1]) => {
    const buf = encodeReply(query, r)
    const v = checkReply(buf, q)
    if (v.kind !== 'ok') throw new Error(v.kind)
    return replyFields(v.packet, v.rcode, q)
  }
  test('NODATA: the negative TTL is min(SOA TTL, SOA minimum) (RFC 2308 §5)', () => {
    const f = decode({ authorities: [soa('lab.test', 600, 300)] })
    expect(f.rcode).toBe('NOERROR')
    expect(f.answers).toEqual([])
    expect(f.negativeTtl).toBe(300)
    expect(f.authority[0]).toMatchObject({ type: 'SOA', name: 'lab.test', ttl: 600 })
    expect(decode({ rcode: 'NXDOMAIN', authorities: [soa('lab.test', 60, 300)] }).negativeTtl).toBe(60)
  })
  test('no negative TTL when the answer holds the asked type', () => {
    const f = decode({
      answers: [{ type: 'AAAA', name: q.name, ttl: 5, data: '2001:db8::1' }],
      authorities: [soa('lab.test')],
    })
    expect(f.negativeTtl).toBeUndefined()
  })
  test('the EDNS payload size of the server is reported', () => {
    expect(decode({}).ednsUdpSize).toBe(1232)
  })
  test('an OPT extended rcode is folded in (BADVERS = 16, RFC 6891 §9)', () => {
    const buf = dnsPacket.encode({
      type: 'response',
      id: q.id,
      flags: 0,
      questions: [{ name: q.name, type: q.type }],
      additionals: [
        {
          type: 'OPT',
          name: '.',
          udpPayloadSize: 1232,
          extendedRcode: 1,
          ednsVersion: 0,
          flags: 0,
          flag_do: false,
          options: [],
        },
      ],
    })
    const v = checkReply(buf, q)
    expect(v.kind === 'ok' && replyFields(v.packet, v.rcode, q).rcode).toBe('BADVERS')
  })
  test('rcode names', () => {
    expect([0, 2, 3, 5, 9, 12].map(rcodeName)).toEqual([
      'NOERROR',
      'SERVFAIL',
      'NXDOMAIN',
      'REFUSED',
      'NOTAUTH',
      'RCODE_12',
    ])
  })
})

// Each refusal and each ignored message in full, and the edges of the checks (mutation testing,
// docs/testing.md). Messages go through dns-packet's encoder and decoder, as on the wire.
describe('the edges of checkName and checkReply', () => {
  const reply = (r: Parameters<typeof encodeReply>[1] = {}) => encodeReply(query, r)
  /** A response to q as dns-packet encodes it, with the sections given. */
  const response = (p: Partial<Parameters<typeof dnsPacket.encode>[0]>) =>
    dnsPacket.encode({ type: 'response', id: q.id, flags: 0, questions: [{ name: q.name, type: q.type }], ...p })
  const opt = (extendedRcode = 0): Answer => ({
    type: 'OPT',
    name: '.',
    udpPayloadSize: 1232,
    extendedRcode,
    ednsVersion: 0,
    flags: 0,
    flag_do: false,
    options: [],
  })
  const glue: Answer = { type: 'AAAA', name: 'ns.lab.test', ttl: 60, data: '2001:db8::53' }

  test('a name of exactly 255 octets on the wire is asked; 256 is refused', () => {
    const name = (last: number) => ['a'.repeat(63), 'b'.repeat(63), 'c'.repeat(63), 'd'.repeat(last)].join('.')
    expect(checkName(name(61))).toEqual({ ok: true, name: name(61) })
    expect(checkName(name(62))).toEqual({ ok: false, error: `name over 255 octets on the wire: "${name(62)}"` })
  })

  test('the query asks without DNSSEC records (DO clear), EDNS version 0', () => {
    const o = query.additionals?.find((x) => x.type === 'OPT')
    expect(o).toMatchObject({ flag_do: false, ednsVersion: 0 })
  })

  test('a bare 12-byte header with our ID is read, not "short": it has no question', () => {
    const header = Buffer.alloc(12)
    header.writeUInt16BE(q.id, 0)
    header.writeUInt16BE(0x8000, 2)
    expect(checkReply(header, q)).toEqual({ kind: 'ignore', why: '0 questions', how: 'with 0 questions' })
    expect(checkReply(header.subarray(0, 11), q)).toEqual({
      kind: 'ignore',
      why: 'short message (11 bytes)',
      how: 'shorter than a DNS header',
    })
  })

  test('a query, another opcode, an undecodable body: each said in full', () => {
    expect(checkReply(encodeQuery(q, true), q)).toEqual({
      kind: 'ignore',
      why: 'a query, not a response',
      how: 'with the QR bit clear (queries, not responses)',
    })
    const notify = Buffer.from(reply())
    notify.writeUInt16BE(notify.readUInt16BE(2) | (4 << 11), 2) // opcode 4, NOTIFY (RFC 1996)
    expect(checkReply(notify, q)).toEqual({ kind: 'ignore', why: 'opcode 4', how: 'with opcode 4' })
    const v = checkReply(reply().subarray(0, 20), q)
    expect(v.kind === 'bad' && v.detail).toMatch(/^undecodable reply with our ID: ./)
  })

  test('two questions, another class, or an error reply for another question are ignored', () => {
    expect(
      checkReply(
        response({
          questions: [
            { name: q.name, type: q.type },
            { name: q.name, type: 'A' },
          ],
        }),
        q,
      ),
    ).toEqual({ kind: 'ignore', why: '2 questions', how: 'with 2 questions' })
    expect(checkReply(response({ questions: [{ name: q.name, type: q.type, class: 'CH' }] }), q)).toEqual({
      kind: 'ignore',
      why: 'question web1.lab.test CH AAAA, expected web1.lab.test IN AAAA',
      how: 'for another question',
    })
    expect(checkReply(reply({ rcode: 'SERVFAIL', questions: [{ name: 'evil.test', type: 'AAAA' }] }), q).kind).toBe(
      'ignore',
    )
    // NXDOMAIN is about the name asked: without the question it cannot be ours
    expect(checkReply(reply({ rcode: 'NXDOMAIN', questions: [] }), q).kind).toBe('ignore')
  })

  test('without an OPT record: rcode from the header alone, no EDNS size', () => {
    const v = checkReply(response({ flags: 2 }), q) // SERVFAIL
    expect(v.kind === 'ok' && v.rcode).toBe(2)
    expect(v.kind === 'ok' && replyFields(v.packet, v.rcode, q).ednsUdpSize).toBeUndefined()
  })

  test('the OPT record is found among other additionals', () => {
    const v = checkReply(response({ additionals: [glue, opt(1)] }), q)
    expect(v.kind === 'ok' && v.rcode).toBe(16)
    expect(v.kind === 'ok' && replyFields(v.packet, v.rcode, q)).toMatchObject({ rcode: 'BADVERS', ednsUdpSize: 1232 })
  })

  test('every rcode name of RFC 1035 and RFC 2136, then BADVERS and a number', () => {
    expect([...Array(12).keys(), 16].map(rcodeName)).toEqual([
      'NOERROR',
      'FORMERR',
      'SERVFAIL',
      'NXDOMAIN',
      'NOTIMP',
      'REFUSED',
      'YXDOMAIN',
      'YXRRSET',
      'NXRRSET',
      'NOTAUTH',
      'NOTZONE',
      'RCODE_11',
      'BADVERS',
    ])
  })

  test('NODATA behind a CNAME: the negative TTL from the SOA, found after an NS', () => {
    const v = checkReply(
      response({
        answers: [{ type: 'CNAME', name: q.name, ttl: 60, data: 'web.lab.test' }],
        authorities: [{ type: 'NS', name: 'lab.test', ttl: 60, data: 'ns.lab.test' }, soa('lab.test', 600, 300)],
      }),
      q,
    )
    expect(v.kind === 'ok' && replyFields(v.packet, v.rcode, q).negativeTtl).toBe(300)
  })

  test('an OPT record in the answer or authority section is no record', () => {
    const v = checkReply(response({ answers: [opt()], authorities: [opt()] }), q)
    expect(v.kind === 'ok' && replyFields(v.packet, v.rcode, q)).toMatchObject({ answers: [], authority: [] })
  })
})

describe('recordData: the other types', () => {
  const through = (rec: Answer): Answer => {
    const [decoded] =
      dnsPacket.decode(dnsPacket.encode({ type: 'response', id: 1, answers: [{ ttl: 1, ...rec } as Answer] }))
        .answers ?? []
    if (!decoded) throw new Error('no answer decoded')
    return decoded
  }
  test.for<[string, Answer, string]>([
    ['NS', { type: 'NS', name: 'x', data: 'ns.test' }, 'ns.test'],
    ['DNAME', { type: 'DNAME', name: 'x', data: 'lab.test' }, 'lab.test'],
    [
      'SOA',
      {
        type: 'SOA',
        name: 'x',
        data: {
          mname: 'ns.test',
          rname: 'hostmaster.test',
          serial: 7,
          refresh: 3600,
          retry: 600,
          expire: 86400,
          minimum: 300,
        },
      },
      'ns.test hostmaster.test 7 3600 600 86400 300',
    ],
    [
      'CAA, critical',
      { type: 'CAA', name: 'x', data: { flags: 128, tag: 'issue', value: 'ca.test' } },
      '128 issue "ca.test"',
    ],
    ['TXT, a byte over 127 as latin1', { type: 'TXT', name: 'x', data: [Buffer.from([0x63, 0xe9])] }, '"cé"'],
    [
      'DNSKEY, its key in hex',
      { type: 'DNSKEY', name: 'x', data: { flags: 257, algorithm: 13, key: Buffer.from([1, 2, 255]) } },
      '{"flags":257,"algorithm":13,"key":"0102ff"}',
    ],
    [
      'a type dns-packet does not know (RFC 3597), its data in hex',
      { type: 'UNKNOWN_65280', name: 'x', data: Buffer.from([1, 2, 255]) } as unknown as Answer,
      '0102ff',
    ],
  ])('%s', ([, rec, text]) => {
    expect(recordData(through(rec))).toBe(text)
  })
  test('an OPT pseudo-record has no presentation text', () => {
    expect(recordData({ type: 'OPT', name: '.', udpPayloadSize: 1232, options: [] } as unknown as Answer)).toBe('')
  })
})
