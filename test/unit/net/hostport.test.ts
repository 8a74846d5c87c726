import { describe, test, expect } from 'vitest'
import { formatHostPort, formatUrlHost, parseHostPort, parseUrlAuthority } from '../../../lib/net/index.ts'
import type { HostPort, UrlAuthority } from '../../../lib/net/index.ts'

describe('formatHostPort: brackets exactly when the host has a colon', () => {
  const cases: [string, number, string][] = [
    ['2001:db8::1', 80, '[2001:db8::1]:80'],
    ['fe80::1%eth0', 22, '[fe80::1%eth0]:22'],
    ['::ffff:192.0.2.1', 443, '[::ffff:192.0.2.1]:443'],
    ['1.2.3.4', 80, '1.2.3.4:80'],
    ['name', 80, 'name:80'],
    ['host.example.com', 65535, 'host.example.com:65535'],
  ]
  test.for(cases)('%s %d → %s', ([host, port, want]) => {
    expect(formatHostPort(host, port)).toBe(want)
  })
  test.for([-1, 65536, 1.5, Number.NaN])('rejects port %d', (port) => {
    expect(() => formatHostPort('::1', port)).toThrow(/bad port/)
  })
})

type Ok = Extract<HostPort, { ok: true }>

describe('parseHostPort', () => {
  const v6 = { kind: 'ipv6' } as const
  const cases: [string, number | undefined, Omit<Ok, 'ok'>][] = [
    ['[2001:db8::1]:80', undefined, { ...v6, host: '2001:db8::1', port: 80, bracketed: true }],
    ['[2001:DB8:0::1]', 22, { ...v6, host: '2001:db8::1', port: 22, bracketed: true }],
    ['[2001:db8::1]', undefined, { ...v6, host: '2001:db8::1', bracketed: true }],
    ['[fe80::1%eth0]:22', undefined, { ...v6, host: 'fe80::1', zone: 'eth0', port: 22, bracketed: true }],
    ['[fe80::1%eth0.100]:22', undefined, { ...v6, host: 'fe80::1', zone: 'eth0.100', port: 22, bracketed: true }],
    ['[::ffff:192.0.2.1]:8080', undefined, { ...v6, host: '::ffff:192.0.2.1', port: 8080, bracketed: true }],
    ['[::1]:080', undefined, { ...v6, host: '::1', port: 80, bracketed: true }],
    ['1.2.3.4:80', undefined, { kind: 'ipv4', host: '1.2.3.4', port: 80, bracketed: false }],
    ['1.2.3.4', 53, { kind: 'ipv4', host: '1.2.3.4', port: 53, bracketed: false }],
    ['name:80', undefined, { kind: 'name', host: 'name', port: 80, bracketed: false }],
    ['host.example.com.', 443, { kind: 'name', host: 'host.example.com.', port: 443, bracketed: false }],
    ['v6-only_1.lab', undefined, { kind: 'name', host: 'v6-only_1.lab', bracketed: false }],
    // bare literals: no port possible; flag the ones whose last group could be a port (RFC 5952 §6)
    ['2001:db8::1', 22, { ...v6, host: '2001:db8::1', port: 22, bracketed: false }],
    ['2001:db8::1:80', 22, { ...v6, host: '2001:db8::1:80', port: 22, bracketed: false, ambiguous: true }],
    ['2001:db8:0:0:0:0:1:80', undefined, { ...v6, host: '2001:db8::1:80', bracketed: false }],
    ['::1', undefined, { ...v6, host: '::1', bracketed: false }],
    ['::1:22', undefined, { ...v6, host: '::1:22', bracketed: false, ambiguous: true }],
    ['fe80::1%eth0', undefined, { ...v6, host: 'fe80::1', zone: 'eth0', bracketed: false }],
    ['::ffff:1.2.3.4', undefined, { ...v6, host: '::ffff:1.2.3.4', bracketed: false }],
  ]
  test.for(cases)('%s (default %s)', ([text, def, want]) => {
    expect(parseHostPort(text, def)).toEqual({ ok: true, ...want })
  })

  const bad: [string, RegExp][] = [
    ['[1.2.3.4]:80', /inside brackets/],
    ['[name]:80', /inside brackets/],
    ['[fe80::1%]:22', /inside brackets/],
    ['[::1]:', /bad port/],
    ['[::1]:0', /bad port/],
    ['[::1]:65536', /bad port/],
    ['[::1]:http', /bad port/],
    ['[::1]:80:80', /bad port/],
    ['[::1', /malformed/],
    ['[::1]x', /malformed/],
    ['::1]:80', /not an IPv6 address/],
    ['1:2:3:4:5:6:7:8:80', /with a port, write \[address\]:port/],
    ['fe80::1%eth0:22', /not an IPv6 address/],
    ['01.2.3.4:80', /not an IPv4 address or host name/],
    ['1.2.3:80', /not an IPv4 address or host name/],
    ['a b:80', /not an IPv4 address or host name/],
    ['', /not an IPv4 address or host name/],
    ['name:', /bad port/],
    ['name:99999', /bad port/],
  ]
  test.for(bad)('rejects %j', ([text, message]) => {
    const r = parseHostPort(text, 22)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error).toMatch(message)
  })
})

type UrlOk = Extract<UrlAuthority, { ok: true }>

describe('parseUrlAuthority', () => {
  const cases: [string, Partial<UrlOk>, [level: 'error' | 'warning', message: RegExp][]][] = [
    [
      'http://2001:db8::1/',
      { host: '2001:db8::1', port: 80, kind: 'ipv6' },
      [['error', /brackets.*RFC 3986 §3\.2\.2/]],
    ],
    ['http://2001:db8::1:8080/', { host: '2001:db8::1:8080', port: 80 }, [['error', /could also mean a port/]]],
    [
      'http://2001:0DB8::1/',
      { host: '2001:db8::1' },
      [
        ['error', /brackets/],
        ['warning', /RFC 5952.*"2001:db8::1"/],
      ],
    ],
    [
      'http://[2001:0db8::1]:5000/v3',
      { scheme: 'http', host: '2001:db8::1', port: 5000 },
      [['warning', /"2001:0db8::1" is not in RFC 5952/]],
    ],
    [
      'https://[fe80::a9fe:a9fe%25eth0]/openstack',
      { host: 'fe80::a9fe:a9fe', zone: 'eth0', port: 443 },
      [['warning', /RFC 9844/]],
    ],
    ['http://[::ffff:192.0.2.1]/', { host: '::ffff:192.0.2.1', port: 80, kind: 'ipv6' }, []],
    ['http://[::ffff:c000:201]/', { host: '::ffff:192.0.2.1' }, [['warning', /"::ffff:192\.0\.2\.1"/]]],
    [
      'http://[fe80::1%eth0]/',
      { host: 'fe80::1', zone: 'eth0' },
      [
        ['error', /%25eth0.*RFC 6874/],
        ['warning', /RFC 9844/],
      ],
    ],
    ['http://[fe80::1%25eth0.100]:8080/', { host: 'fe80::1', zone: 'eth0.100', port: 8080 }, [['warning', /RFC 9844/]]],
    ['http://[fe80::1%25en%30]/', { zone: 'en0' }, [['warning', /RFC 9844/]]],
    [
      'http://[FE80::1%25eth0]/',
      { host: 'fe80::1', zone: 'eth0' },
      [
        ['warning', /RFC 5952/],
        ['warning', /RFC 9844/],
      ],
    ],
    ['ssh://[fe80::1%25eth0]:22', { scheme: 'ssh', host: 'fe80::1', zone: 'eth0', port: 22 }, []],
    ['http://[2001:db8::1]/', { host: '2001:db8::1', port: 80 }, []],
    ['http://[2001:db8::1]:/', { host: '2001:db8::1', port: 80 }, []],
    ['HTTPS://[2001:db8::1]', { scheme: 'https', host: '2001:db8::1', port: 443 }, []],
    ['https://user:pw@[2001:db8::1]:8443/x?y#z', { userinfo: 'user:pw', host: '2001:db8::1', port: 8443 }, []],
    ['http://[2001:db8::1]?q=[::1]', { host: '2001:db8::1', port: 80 }, []],
    ['foo://[::1]/', { scheme: 'foo', host: '::1' }, []],
    ['http://192.0.2.1:8080/', { host: '192.0.2.1', port: 8080, kind: 'ipv4' }, []],
    ['https://example.com/', { host: 'example.com', port: 443, kind: 'name' }, []],
  ]
  test.for(cases)('%s', ([url, want, problems]) => {
    const r = parseUrlAuthority(url)
    expect(r.ok, JSON.stringify(r)).toBe(true)
    if (!r.ok) return
    expect(r).toMatchObject(want)
    expect(r.problems.map((p) => p.level)).toEqual(problems.map(([level]) => level))
    problems.forEach(([, message], i) => expect(r.problems[i]?.message).toMatch(message))
  })

  test('no port for an unknown scheme without one', () => {
    const r = parseUrlAuthority('foo://[::1]/')
    expect(r.ok && r.port).toBeUndefined()
  })

  const bad: [string, RegExp][] = [
    ['http://[1.2.3.4]/', /not an IPv6 address inside brackets/],
    ['http://[v1.fe]/', /IPvFuture/],
    ['http://[::1/', /malformed/],
    ['http://[::1]x/', /malformed/],
    ['http://[fe80::1%25]/', /bad zone ID/],
    ['http://[fe80::1%25a%2Fb]/', /bad zone ID/],
    ['http://[fe80::1%25%zz]/', /percent-encoding/],
    ['http://[::1]:99999/', /bad port/],
    ['http://[::1]:0/', /bad port/],
    ['http://1:2:3:4:5:6:7:8:80/', /unbracketed IPv6/],
    ['http://01.2.3.4/', /not an IPv4 address or host name/],
    ['http:///path', /not an IPv4 address or host name/],
    ['2001:db8::1', /not a scheme/],
    ['[::1]:80', /not a scheme/],
    ['mailto:a@b', /not a scheme/],
  ]
  test.for(bad)('rejects %s', ([url, message]) => {
    const r = parseUrlAuthority(url)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error).toMatch(message)
  })
})

describe('formatUrlHost', () => {
  const cases: [string, string | undefined, string][] = [
    ['fe80::1', 'eth0', '[fe80::1%25eth0]'],
    ['fe80::1%eth0', undefined, '[fe80::1%25eth0]'],
    ['fe80::a9fe:a9fe', 'eth0.100', '[fe80::a9fe:a9fe%25eth0.100]'],
    ['2001:DB8:0::1', undefined, '[2001:db8::1]'],
    ['::ffff:c000:201', undefined, '[::ffff:192.0.2.1]'],
    ['1.2.3.4', undefined, '1.2.3.4'],
    ['example.com', undefined, 'example.com'],
  ]
  test.for(cases)('%s %s → %s', ([host, zone, want]) => {
    expect(formatUrlHost(host, zone)).toBe(want)
    // round trip through the URL parser
    const r = parseUrlAuthority(`http://${want}:8080/`)
    expect(r).toMatchObject({ ok: true, port: 8080, ...(zone !== undefined && { zone }) })
  })
  test.for([
    ['2001:db8::g', undefined],
    ['1.2.3.4', 'eth0'],
    ['fe80::1', 'a/b'],
  ] as const)('rejects %s %s', ([host, zone]) => {
    expect(() => formatUrlHost(host, zone)).toThrow()
  })
})
