import dnsPacket, { type DecodedPacket, type Question } from 'dns-packet'
import { describe, expect, test } from 'vitest'
import { answer, udpLimit, type ZoneFile } from '../../../lab/services/dns-answer.ts'
import { NO_FAULTS } from '../../../lab/faults.ts'
import { labZones, reverseName } from '../../../lab/zone.ts'

const zone: ZoneFile = { apex: 'lab.test', records: labZones(NO_FAULTS).secondary }
const opt = (udpPayloadSize: number) => ({
  type: 'OPT' as const,
  name: '.',
  udpPayloadSize,
  extendedRcode: 0,
  ednsVersion: 0,
  flags: 0,
  flag_do: false,
  options: [],
})

function ask(
  q: Question,
  opts: { edns?: number; transport?: 'udp' | 'tcp' } = {},
): { packet: DecodedPacket; bytes: number } {
  const msg = dnsPacket.encode({
    type: 'query',
    id: 4242,
    flags: dnsPacket.RECURSION_DESIRED,
    questions: [q],
    additionals: opts.edns ? [opt(opts.edns)] : [],
  })
  const reply = answer(zone, msg, opts.transport ?? 'udp')
  if (!reply) throw new Error('no reply')
  return { packet: dnsPacket.decode(reply), bytes: reply.length }
}
const rcode = (p: DecodedPacket) => (p as DecodedPacket & { rcode: string }).rcode
const datas = (p: DecodedPacket) => (p.answers ?? []).map((a) => ('data' in a ? String(a.data) : ''))

describe('the UDP size a query allows', () => {
  test('512 without EDNS, or when EDNS advertises less (RFC 6891 §6.2.5)', () => {
    expect(udpLimit({ additionals: [] })).toBe(512)
    expect(udpLimit({ additionals: [opt(100)] })).toBe(512)
  })

  test("the client's EDNS size, capped at the 1232 this server advertises", () => {
    expect(udpLimit({ additionals: [opt(1000)] })).toBe(1000)
    expect(udpLimit({ additionals: [opt(4096)] })).toBe(1232)
  })
})

describe('truncation: big.lab.test (64 AAAA) does not fit in UDP', () => {
  test('over UDP with EDNS 1232: TC, AA, no answer, the OPT kept, so the client retries over TCP', () => {
    const { packet, bytes } = ask({ type: 'AAAA', name: 'big.lab.test' }, { edns: 1232 })
    expect([packet.flag_tc, packet.flag_aa, packet.answers?.length, rcode(packet)]).toEqual([true, true, 0, 'NOERROR'])
    expect(packet.additionals?.map((a) => a.type)).toEqual(['OPT'])
    expect(bytes).toBeLessThanOrEqual(1232)
  })

  test('over TCP: all 64, more than 1232 bytes', () => {
    const { packet, bytes } = ask({ type: 'AAAA', name: 'big.lab.test' }, { edns: 1232, transport: 'tcp' })
    expect([packet.flag_tc, packet.answers?.length]).toEqual([false, 64])
    expect(bytes).toBeGreaterThan(1232)
  })

  test('a small answer fits in 512 bytes without EDNS, and gets no OPT back', () => {
    const { packet } = ask({ type: 'AAAA', name: 'swift.lab.test' })
    expect([packet.flag_tc, packet.answers?.length, packet.additionals?.length]).toEqual([false, 2, 0])
  })
})

describe('authoritative answers for lab.test and its PTRs', () => {
  test('an AAAA, matched without regard to case, with the question echoed as asked', () => {
    const { packet } = ask({ type: 'AAAA', name: 'KeyStone.Lab.Test' })
    expect([packet.id, packet.flag_aa, packet.flag_rd, rcode(packet)]).toEqual([4242, true, true, 'NOERROR'])
    expect(packet.questions?.[0]?.name).toBe('KeyStone.Lab.Test')
    expect(datas(packet)).toEqual(['2001:db8:0:1::11'])
  })

  test('a PTR in ip6.arpa and in in-addr.arpa', () => {
    expect(datas(ask({ type: 'PTR', name: reverseName('2001:db8:0:1::21') }).packet)).toEqual(['cmp.lab.test'])
    expect(datas(ask({ type: 'PTR', name: reverseName('198.51.100.21') }).packet)).toEqual(['cmp.lab.test'])
  })

  test('NODATA where the name exists but not the type, NXDOMAIN where it does not; both with the SOA', () => {
    const nodata = ask({ type: 'A', name: 'keystone.lab.test' }).packet
    expect([rcode(nodata), nodata.flag_aa, nodata.answers?.length, nodata.authorities?.map((a) => a.type)]).toEqual([
      'NOERROR',
      true,
      0,
      ['SOA'],
    ])
    const nx = ask({ type: 'AAAA', name: 'nope.lab.test' }).packet
    expect([rcode(nx), nx.flag_aa, nx.authorities?.map((a) => a.type)]).toEqual(['NXDOMAIN', true, ['SOA']])
  })

  test('the apex answers its SOA', () => {
    expect(ask({ type: 'SOA', name: 'lab.test' }).packet.answers?.map((a) => a.type)).toEqual(['SOA'])
  })

  test('REFUSED outside the zone, without AA', () => {
    for (const name of ['example.com', reverseName('2001:db8:0:1::99')]) {
      const { packet } = ask({ type: 'AAAA', name })
      expect([rcode(packet), packet.flag_aa], name).toEqual(['REFUSED', false])
    }
  })
})

describe('messages that are not one plain query', () => {
  test('a response or a runt gets no reply', () => {
    expect(
      answer(
        zone,
        dnsPacket.encode({ type: 'response', id: 1, questions: [{ type: 'A', name: 'ctl.lab.test' }] }),
        'udp',
      ),
    ).toBeUndefined()
    expect(answer(zone, Buffer.alloc(5), 'udp')).toBeUndefined()
  })

  test('two questions: FORMERR; another opcode: NOTIMP; garbage after a header: FORMERR', () => {
    const two = dnsPacket.encode({
      type: 'query',
      id: 7,
      questions: [
        { type: 'A', name: 'a.lab.test' },
        { type: 'A', name: 'b.lab.test' },
      ],
    })
    expect(rcode(dnsPacket.decode(answer(zone, two, 'udp')!))).toBe('FORMERR')
    const notify = dnsPacket.encode({ type: 'query', id: 8, questions: [{ type: 'SOA', name: 'lab.test' }] })
    notify.writeUInt16BE(notify.readUInt16BE(2) | (4 << 11), 2)
    expect(rcode(dnsPacket.decode(answer(zone, notify, 'udp')!))).toBe('NOTIMP')
    const garbage = Buffer.concat([Buffer.from([0, 9, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]), Buffer.from([200, 1, 2])])
    expect(rcode(dnsPacket.decode(answer(zone, garbage, 'udp')!))).toBe('FORMERR')
  })
})
