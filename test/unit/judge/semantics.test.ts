// The IPv6 semantics v6ready sells, on real sockets and files (test/fixtures/observe/capture-gaps.sh):
// two namespaces, h-gaps-b0 (net.ipv6.bindv6only 0) and h-gaps-b1 (1), each with
//   [::]:8031 (no setsockopt), [::ffff:198.51.100.10]:8061 (a mapped non-loopback bind, v6only 0),
//   [2001:db8:1::1]:8062, a resolv.conf holding a mapped nameserver only, and a gai.conf that gives
//   IPv6 the same precedence as IPv4 (b0) or one more (b1).
// Each was observed three ways: the observation script (ss -e, which prints v6only per socket), the
// same with ss off PATH (netstat, no v6only), and ss without -e (no v6only field, as old ss).
import { describe, expect, test } from 'vitest'
import { acceptsIPv6, dualStack } from '../../../lib/judge/listeners.ts'
import { gaiPrecedence, v6Nameserver } from '../../../lib/judge/resolver.ts'
import type { HostFacts } from '../../../lib/observe/facts.ts'
import { parseHostFacts } from '../../../lib/observe/parse/index.ts'
import { splitSections } from '../../../lib/observe/script.ts'
import { fixture } from '../observe/fixtures.ts'
import { facts, host, outcomes, view } from './view.ts'

const recorded = { b0: facts('full.netns-gaps-b0.txt'), b1: facts('full.netns-gaps-b1.txt') }
type Ns = keyof typeof recorded

/** The listeners a host shows when nothing tells v6only: netstat's, or ss's without -e. */
const noFlag: Record<string, (ns: Ns) => HostFacts> = {
  'netstat (no ss on the host)': (ns) => facts(`full.netns-gaps-${ns}.no-ss.txt`),
  // The observation with its ss section replaced by ss's output without -e, from the same sockets.
  'ss without v6only (no -e, as ss before iproute2 4.x)': (ns) => {
    const { sections } = splitSections(fixture(`full.netns-gaps-${ns}.txt`), 'fixture1')
    return parseHostFacts({ ...sections, ss: fixture(`ss-Htlnp.netns-gaps-${ns}.no-e.txt`) })
  },
}

const expecting = (ports: number[], stack: 'ipv6-only' | 'dual-stack' = 'ipv6-only') =>
  host({ stack, listeners: { auto: false, expected: ports.map((port) => ({ port })) } })

describe('the recordings are what the tests say they are', () => {
  test.for(['b0', 'b1'] as const)('%s: ss -e flags [::]:8031 as bindv6only made it', (ns) => {
    const f = recorded[ns]
    expect(f.sysctls.ok && f.sysctls.value.bindv6only).toBe(ns === 'b0' ? 0 : 1)
    const l = f.listeners.ok ? f.listeners.value.find((x) => x.port === 8031) : undefined
    expect(l).toMatchObject({ family: 'inet6', address: '::', v6only: ns === 'b1' })
  })
  test.for(Object.entries(noFlag).flatMap(([how, f]) => (['b0', 'b1'] as const).map((ns) => [how, ns, f] as const)))(
    '%s, %s: [::]:8031 carries no v6only',
    ([, ns, f]) => {
      const ls = f(ns).listeners
      const l = ls.ok ? ls.value.find((x) => x.port === 8031) : undefined
      expect(l).toMatchObject({ family: 'inet6', address: '::', port: 8031 })
      expect(l).not.toHaveProperty('v6only')
    },
  )
})

describe('a non-loopback ::ffff: listener is IPv4, whatever bindv6only says', () => {
  test.for(['b0', 'b1'] as const)('%s: hosts.listeners.ipv6 fails [::ffff:198.51.100.10]:8061, saying why', (ns) => {
    const [v] = acceptsIPv6(view(expecting([8061]), recorded[ns]))
    expect(v).toMatchObject({
      ok: false,
      observed: 'bound to ::ffff:198.51.100.10, an IPv4 address in IPv6 notation',
      remedy: 'bind `::` instead of 0.0.0.0',
    })
  })
  test.for(['b0', 'b1'] as const)('%s: hosts.listeners.dual-stack finds IPv4 there and no IPv6', (ns) => {
    const [v] = dualStack(view(expecting([8061], 'dual-stack'), recorded[ns]))
    expect(v?.ok).toBe(false)
    expect(v?.observed).toMatch(/^\[::ffff:198\.51\.100\.10\]:8061 python3\[\d+\]: no IPv6$/)
  })
  test.for(['b0', 'b1'] as const)('%s: with listeners: auto, only the mapped port fails', (ns) => {
    const vs = acceptsIPv6(view(host({ listeners: { auto: true, expected: [] } }), recorded[ns]))
    expect(outcomes(vs)).toEqual({ 'h1:8031': 'pass', 'h1:8061': 'fail', 'h1:8062': 'pass' })
  })
  test('netstat prints the mapped bind as its IPv4 address (net-tools): IPv4 there too', () => {
    const [v] = acceptsIPv6(view(expecting([8061]), noFlag['netstat (no ss on the host)']!('b0')))
    expect(v).toMatchObject({ ok: false, observed: 'bound to 198.51.100.10 only (IPv4)' })
  })
})

describe('net.ipv6.bindv6only decides for a [::] socket that carries no v6only flag', () => {
  const cases = Object.entries(noFlag).map(([how, f]) => [how, f] as const)
  test.for(cases)('%s, bindv6only 0: [::]:8031 takes IPv4 too, so dual-stack passes', ([, f]) => {
    const [v] = dualStack(view(expecting([8031], 'dual-stack'), f('b0')))
    expect(v?.ok).toBe(true)
    expect(v?.observed).toMatch(/^\[::\]:8031 v6only:0 \(bindv6only\)/)
  })
  test.for(cases)('%s, bindv6only 1: [::]:8031 is v6only, so dual-stack fails naming v6only', ([, f]) => {
    const [v] = dualStack(view(expecting([8031], 'dual-stack'), f('b1')))
    expect(v?.ok).toBe(false)
    expect(v?.observed).toMatch(/^\[::\]:8031 v6only:1 \(bindv6only\).*: no IPv4$/)
    expect(v?.remedy).toBe('the [::] socket is v6only: add an IPv4 socket beside it, or bind with IPV6_V6ONLY=0')
  })
  test.for(cases)('%s: it takes IPv6 under either value', ([, f]) => {
    for (const ns of ['b0', 'b1'] as const) expect(acceptsIPv6(view(expecting([8031]), f(ns)))[0]?.ok).toBe(true)
  })
})

describe('hosts.resolver.v6-nameserver: a ::ffff: nameserver is an IPv4 server', () => {
  test.for([
    ['b0', '::ffff:198.51.100.53'],
    ['b1', '0:0:0:0:0:ffff:c633:6435'],
  ] as const)('%s: resolv.conf holding only nameserver %s fails', ([ns, written]) => {
    const [v] = v6Nameserver(view(host(), recorded[ns]))
    expect(v).toMatchObject({ ok: false, observed: `nameservers ${written}` })
    expect(v?.remedy).toContain('nameserver <IPv6 address>')
  })
})

describe('hosts.resolver.gai-precedence at its boundary, from recorded gai.conf files', () => {
  test('b0: ::/0 and ::ffff:0:0/96 both 40: a tie is not IPv6 first', () => {
    const [v] = gaiPrecedence(view(host(), recorded.b0))
    expect(v).toMatchObject({ ok: false, observed: 'custom table: IPv6 40, IPv4 40' })
    expect(v?.evidence).toContain('/etc/gai.conf:4: precedence ::ffff:0:0/96 40')
  })
  test('b1: ::/0 40 above ::ffff:0:0/96 39 passes', () => {
    const [v] = gaiPrecedence(view(host(), recorded.b1))
    expect(v).toMatchObject({ ok: true, observed: 'custom table: IPv6 40, IPv4 39' })
  })
})
