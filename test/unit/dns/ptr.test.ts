import { describe, test, expect } from 'vitest'
import { finalRecords, ptrName, resultsFor } from '../../../lib/dns/index.ts'
import type { DnsRecord, DnsResult } from '../../../lib/dns/index.ts'

describe('ptrName (RFC 3596 §2.5)', () => {
  test('the RFC 3596 example', () => {
    expect(ptrName('4321:0:1:2:3:4:567:89ab')).toBe(
      'b.a.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.0.0.0.0.1.2.3.4.ip6.arpa',
    )
  })
  test('compressed, uppercase and zoned texts give the same name', () => {
    const n = '1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa'
    expect(ptrName('2001:db8::1')).toBe(n)
    expect(ptrName('2001:DB8:0:0::0001')).toBe(n)
    expect(ptrName('fe80::1%eth0')).toBe('1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.e.f.ip6.arpa')
  })
  test('32 nibbles', () => {
    expect(ptrName('::')?.split('.').length).toBe(32 + 2)
  })
  test('not IPv6: undefined', () => {
    expect(ptrName('192.0.2.1')).toBeUndefined()
    expect(ptrName('[2001:db8::1]')).toBeUndefined()
    expect(ptrName('2001:db8::1/64')).toBeUndefined()
  })
})

describe('finalRecords: follow the CNAME chain', () => {
  const r = (name: string, type: string, data: string): DnsRecord => ({ name, type, ttl: 300, data })
  test('no CNAME: the records of the name', () => {
    const c = finalRecords({
      name: 'web.test',
      type: 'AAAA',
      answers: [r('web.test', 'AAAA', '2001:db8::1'), r('other.test', 'AAAA', '2001:db8::2')],
    })
    expect(c).toEqual({ target: 'web.test', via: [], records: [r('web.test', 'AAAA', '2001:db8::1')] })
  })
  test('a two-hop chain, names compared case-insensitively', () => {
    const c = finalRecords({
      name: 'api.test.',
      type: 'AAAA',
      answers: [
        r('API.test', 'CNAME', 'lb.test'),
        r('lb.test', 'CNAME', 'Node1.test'),
        r('node1.test', 'AAAA', '2001:db8::80'),
      ],
    })
    expect(c.target).toBe('Node1.test')
    expect(c.via).toEqual(['lb.test', 'Node1.test'])
    expect(c.records.map((x) => x.data)).toEqual(['2001:db8::80'])
  })
  test('an AAAA owned by a name off the chain does not count', () => {
    const c = finalRecords({
      name: 'api.test',
      type: 'AAAA',
      answers: [r('api.test', 'CNAME', 'lb.test'), r('api.test', 'AAAA', '2001:db8::bad')],
    })
    expect(c.records).toEqual([])
  })
  test('a loop is reported', () => {
    const c = finalRecords({
      name: 'a.test',
      type: 'AAAA',
      answers: [r('a.test', 'CNAME', 'b.test'), r('b.test', 'CNAME', 'a.test')],
    })
    expect(c.broken).toContain('loop')
    expect(c.records).toEqual([])
  })
  // BIND's limit: 16 CNAME hops followed, the 17th is a broken chain.
  const chain = (hops: number): DnsRecord[] => [
    ...Array.from({ length: hops }, (_, i) => r(`h${i}.test`, 'CNAME', `h${i + 1}.test`)),
    r(`h${hops}.test`, 'AAAA', '2001:db8::80'),
  ]
  test('16 hops are followed to the end', () => {
    const c = finalRecords({ name: 'h0.test', type: 'AAAA', answers: chain(16) })
    expect(c).toMatchObject({ target: 'h16.test', records: [r('h16.test', 'AAAA', '2001:db8::80')] })
    expect(c.via).toHaveLength(16)
    expect(c.broken).toBeUndefined()
  })
  test('a 17th hop breaks the chain: "over 16 CNAME hops", no record', () => {
    const c = finalRecords({ name: 'h0.test', type: 'AAAA', answers: chain(17) })
    expect(c).toMatchObject({ target: 'h16.test', records: [], broken: 'over 16 CNAME hops' })
    expect(c.via).toHaveLength(16)
  })
  test('the loop names the name it came back to', () => {
    const c = finalRecords({
      name: 'a.test',
      type: 'AAAA',
      answers: [r('a.test', 'CNAME', 'b.test'), r('b.test', 'CNAME', 'a.test')],
    })
    expect(c).toEqual({ target: 'b.test', via: ['b.test'], records: [], broken: 'CNAME loop at a.test' })
  })
  test('records of another type owned by the final name are not the answer', () => {
    const c = finalRecords({
      name: 'api.test',
      type: 'AAAA',
      answers: [
        r('api.test', 'CNAME', 'lb.test'),
        r('lb.test', 'A', '192.0.2.80'),
        r('lb.test', 'AAAA', '2001:db8::80'),
      ],
    })
    expect(c.records).toEqual([r('lb.test', 'AAAA', '2001:db8::80')])
  })
  test('asking for CNAME itself returns the CNAME', () => {
    const c = finalRecords({ name: 'a.test', type: 'CNAME', answers: [r('a.test', 'CNAME', 'b.test')] })
    expect(c.records).toEqual([r('a.test', 'CNAME', 'b.test')])
  })
})

describe('resultsFor: the results of one question', () => {
  const failed = (name: string, type: 'AAAA' | 'A'): DnsResult => ({
    ok: false,
    server: '[2001:db8::53]:53',
    name,
    type,
    error: 'timeout',
    detail: 'no answer',
    ms: 2000,
  })
  test('the name compared as DNS does, the type exactly', () => {
    const rs = [failed('Web.Test.', 'AAAA'), failed('web.test', 'A'), failed('other.test', 'AAAA')]
    expect(resultsFor(rs, 'web.test', 'AAAA')).toEqual([rs[0]])
  })
})
