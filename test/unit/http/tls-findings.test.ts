// The pure half of underlay.endpoint.tls: SAN coverage and expiry, on chains written as data.
import { describe, expect, test } from 'vitest'
import { dnsNameMatches, parseSubjectAltName, tlsFindings, type CertInfo } from '../../../lib/http/index.ts'

const now = new Date('2026-11-24T00:00:00Z')
const days = (n: number) => new Date(now.getTime() + n * 86_400_000).toISOString()

const cert = (over: Partial<CertInfo> = {}): CertInfo => ({
  subject: 'CN=api.lab.test',
  issuer: 'CN=lab CA',
  sans: { dns: ['api.lab.test', '*.svc.lab.test'], ip: ['2001:db8::10', '192.0.2.10'] },
  validFrom: days(-10),
  validTo: days(90),
  fingerprint256: 'AA',
  serialNumber: '01',
  isCA: false,
  ...over,
})
const root = cert({
  subject: 'CN=lab CA',
  sans: { dns: [], ip: [] },
  validTo: days(3650),
  isCA: true,
  fingerprint256: 'BB',
})

describe('tlsFindings: SAN coverage', () => {
  test.for([
    ['api.lab.test', 'DNS:api.lab.test'],
    ['API.Lab.Test.', 'DNS:api.lab.test'],
    ['keystone.svc.lab.test', 'DNS:*.svc.lab.test'],
    ['2001:db8::10', 'IP:2001:db8::10'],
    ['[2001:DB8:0:0::10]', 'IP:2001:db8::10'],
    ['2001:0db8::0010', 'IP:2001:db8::10'],
    ['192.0.2.10', 'IP:192.0.2.10'],
  ] as const)('%s is covered by %s', ([host, san]) => {
    const f = tlsFindings([cert(), root], { host, now, minDaysValid: 30 })
    expect(f).toMatchObject({ sanCovers: true, matchedSan: san, problems: [] })
  })

  test.for([
    'other.lab.test',
    'a.b.svc.lab.test', // a wildcard covers one label
    'svc.lab.test', // and never the bare parent
    '2001:db8::11',
    '::ffff:192.0.2.10', // IPv4-mapped is not the IPv4 SAN, nor any IPv6 one
    'api.lab.test.evil',
  ])('%s is not covered', (host) => {
    const f = tlsFindings([cert(), root], { host, now, minDaysValid: 30 })
    expect(f.sanCovers).toBe(false)
    expect(f.problems).toEqual([expect.stringContaining(`do not cover ${host}`)])
  })

  test('an IP host never matches a DNS SAN that spells it, nor the CN', () => {
    const c = cert({ subject: 'CN=2001:db8::10', sans: { dns: ['2001:db8::10'], ip: [] } })
    expect(tlsFindings([c], { host: '2001:db8::10', now, minDaysValid: 1 }).sanCovers).toBe(false)
  })

  test('the CN alone covers nothing', () => {
    const c = cert({ sans: { dns: [], ip: [] } })
    const f = tlsFindings([c], { host: 'api.lab.test', now, minDaysValid: 1 })
    expect(f.sanCovers).toBe(false)
    expect(f.problems[0]).toContain('(none)')
  })
})

describe('tlsFindings: validity', () => {
  test('the first certificate of the chain to expire decides', () => {
    const inter = cert({ subject: 'CN=lab intermediate', validTo: days(12), fingerprint256: 'CC' })
    const f = tlsFindings([cert(), inter, root], { host: 'api.lab.test', now, minDaysValid: 30 })
    expect(f).toMatchObject({
      daysLeft: 12,
      expiringSoon: true,
      expired: false,
      expiresFirst: { subject: 'CN=lab intermediate' },
    })
    expect(f.problems).toEqual([expect.stringContaining('CN=lab intermediate expires on')])
  })

  test('enough days left: no finding', () => {
    const f = tlsFindings([cert(), root], { host: 'api.lab.test', now, minDaysValid: 30 })
    expect(f).toMatchObject({ daysLeft: 90, expiringSoon: false, expired: false, notYetValid: false, problems: [] })
  })

  test('expired: negative days, expired, not "expiring soon"', () => {
    const f = tlsFindings([cert({ validTo: days(-1) })], { host: 'api.lab.test', now, minDaysValid: 30 })
    expect(f).toMatchObject({ expired: true, expiringSoon: false, daysLeft: -1 })
    expect(f.problems).toEqual([expect.stringContaining('expired on')])
  })

  test('not yet valid', () => {
    const f = tlsFindings([cert({ validFrom: days(1) })], { host: 'api.lab.test', now, minDaysValid: 30 })
    expect(f).toMatchObject({ notYetValid: true, expired: false })
    expect(f.problems).toEqual([expect.stringContaining('not valid before')])
  })

  test('no chain recorded', () => {
    expect(tlsFindings([], { host: 'api.lab.test', now, minDaysValid: 30 })).toMatchObject({
      sanCovers: false,
      problems: ['no certificate was recorded'],
    })
  })
})

describe('dnsNameMatches', () => {
  test.for([
    ['*.lab.test', 'a.lab.test', true],
    ['*.test', 'lab.test', false], // a wildcard over a whole TLD
    ['a*.lab.test', 'ab.lab.test', false], // partial-label wildcards are not honoured
    ['*.*.test', 'a.b.test', false],
    ['lab.test', 'LAB.TEST', true],
  ] as const)('%s vs %s → %s', ([p, h, want]) => {
    expect(dnsNameMatches(p, h)).toBe(want)
  })
})

describe("parseSubjectAltName (Node's subjectaltname text)", () => {
  test('DNS and IP entries; IPv6 as RFC 5952, IPv4 as is; other types skipped', () => {
    expect(
      parseSubjectAltName(
        'DNS:api.lab.test, IP Address:0:0:0:0:0:0:0:1, IP Address:2001:DB8:0:0:0:0:0:A, IP Address:192.0.2.1, URI:https://x/, email:a@b',
      ),
    ).toEqual({ dns: ['api.lab.test'], ip: ['::1', '2001:db8::a', '192.0.2.1'] })
  })

  test('JSON-quoted values, as Node writes names with commas or quotes since CVE-2021-44532', () => {
    // Node 20's X509Certificate.subjectAltName for an openssl SAN `DNS.1 = a, b.test`.
    expect(parseSubjectAltName('DNS:"a\\u002c b.test", DNS:c.test, IP Address:2001:DB8:0:0:0:0:0:A')).toEqual({
      dns: ['a, b.test', 'c.test'],
      ip: ['2001:db8::a'],
    })
    expect(parseSubjectAltName('DNS:"q\\"x", DNS:"y, z"')).toEqual({ dns: ['q"x', 'y, z'], ip: [] })
  })

  test('absent or empty', () => {
    expect(parseSubjectAltName(undefined)).toEqual({ dns: [], ip: [] })
    expect(parseSubjectAltName('')).toEqual({ dns: [], ip: [] })
  })
})
