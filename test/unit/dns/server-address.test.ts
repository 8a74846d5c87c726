import { describe, test, expect } from 'vitest'
import { errnoKind } from '../../../lib/dns/exchange.ts'
import { fromEndpoint, parseServer, serverLabel } from '../../../lib/dns/server.ts'

describe('parseServer: IPv6 resolvers only', () => {
  test.for([
    ['::1', 53, '::1', '[::1]:53'],
    ['2001:0DB8::0053', 5353, '2001:db8::53', '[2001:db8::53]:5353'],
    ['fe80::1%eth0', 53, 'fe80::1%eth0', '[fe80::1%eth0]:53'],
  ] as const)('%s port %d → %s, subject %s', ([address, port, addr, label]) => {
    expect(parseServer({ address, port })).toEqual({ ok: true, endpoint: { address: addr, port, label } })
  })

  test.for([
    ['192.0.2.53', 'not-ipv6'],
    ['::ffff:192.0.2.53', 'not-ipv6'],
    ['::ffff:c000:235', 'not-ipv6'],
    ['[::1]', 'invalid'],
    ['::1:5353', 'ok'], // a valid address, not "::1 port 5353": the port is its own field
    ['dns.example', 'invalid'],
  ] as const)('%s → %s', ([address, kind]) => {
    const r = parseServer({ address, port: 53 })
    expect(r.ok ? 'ok' : r.error).toBe(kind)
  })

  test.for([0, 65536, 53.5, -1])('port %d is invalid', (port) => {
    expect(parseServer({ address: '::1', port })).toEqual({
      ok: false,
      error: 'invalid',
      detail: `bad port ${port}: expected 1-65535`,
    })
  })

  test.for([1, 65535])('port %d is valid', (port) => {
    expect(parseServer({ address: '::1', port })).toMatchObject({ ok: true, endpoint: { port } })
  })

  test.for([
    ['192.0.2.53', '192.0.2.53 is an IPv4 address; resolvers are queried over IPv6 only'],
    [
      '::ffff:192.0.2.53',
      '::ffff:192.0.2.53 is the IPv4-mapped form of 192.0.2.53; resolvers are queried over IPv6 only',
    ],
    [
      '0:0:0:0:0:FFFF:c000:235',
      '::ffff:192.0.2.53 is the IPv4-mapped form of 192.0.2.53; resolvers are queried over IPv6 only',
    ],
    ['dns.example', 'not an IPv6 address: "dns.example"'],
  ] as const)('%s is refused, saying why', ([address, detail]) => {
    expect(parseServer({ address, port: 53 })).toMatchObject({ ok: false, detail })
  })

  test('the label of an unparsable server is still readable', () => {
    expect(serverLabel({ address: '192.0.2.53', port: 53 })).toBe('192.0.2.53:53')
    expect(serverLabel({ address: '2001:DB8::53', port: 53 })).toBe('[2001:db8::53]:53')
    expect(serverLabel({ address: 'FE80::1%eth0', port: 53 })).toBe('[fe80::1%eth0]:53')
  })

  // The label is the subject even of a refused server: any port is shown, bracketed when it is one.
  test.for([
    [0, '[::1]:0'],
    [65535, '[::1]:65535'],
    [65536, '::1:65536'],
    [-1, '::1:-1'],
    [53.5, '::1:53.5'],
  ] as const)('the label at port %d is %s', ([port, label]) => {
    expect(serverLabel({ address: '::1', port })).toBe(label)
  })
})

describe('fromEndpoint: the source of a UDP reply', () => {
  const ep = { address: '2001:db8::53', port: 53, label: '[2001:db8::53]:53' }
  test('same address and port', () => {
    expect(fromEndpoint({ address: '2001:db8::53', port: 53 }, ep)).toBe(true)
    expect(fromEndpoint({ address: '2001:DB8:0::53', port: 53 }, ep)).toBe(true)
  })
  test('another port or address is not the server', () => {
    expect(fromEndpoint({ address: '2001:db8::53', port: 5353 }, ep)).toBe(false)
    expect(fromEndpoint({ address: '2001:db8::54', port: 53 }, ep)).toBe(false)
    expect(fromEndpoint({ address: '::ffff:192.0.2.53', port: 53 }, ep)).toBe(false)
    expect(fromEndpoint({ address: '192.0.2.53', port: 53 }, ep)).toBe(false)
  })
})

describe('errnoKind', () => {
  test.for([
    ['ECONNREFUSED', 'refused'],
    ['ENETUNREACH', 'unreachable'],
    ['EHOSTUNREACH', 'unreachable'],
    ['EACCES', 'unreachable'],
    ['ECONNRESET', 'closed'],
    ['EMFILE', 'socket-error'],
    [undefined, 'socket-error'],
  ] as const)('%s → %s', ([code, kind]) => {
    expect(errnoKind(code)).toBe(kind)
  })
})
