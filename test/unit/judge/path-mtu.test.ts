// The path MTU judge on ping -6 -M do outputs recorded between namespaces
// (test/fixtures/observe/path-mtu/capture.sh): an L2 link whose bridge port towards the peer has MTU
// 1500 under 9000-byte hosts, and a routed path whose second link has MTU 1400.
import { describe, expect, test } from 'vitest'
import { judgePair } from '../../../lib/judge/path-mtu.ts'
import { parsePing, type PingResult } from '../../../lib/observe/parse/ping.ts'
import { fixture } from '../observe/fixtures.ts'

function ping(name: string): PingResult {
  const r = parsePing(fixture(`path-mtu/${name}`))
  if ('error' in r) throw new Error(r.error)
  return r
}
const pair = (small: string, full: string, ifaceMtu: number) =>
  judgePair({ pair: 'pa eth0 → pb', iface: 'eth0', ifaceMtu, small: ping(small), full: ping(full) })

describe('ping -6 -M do, read', () => {
  test('sizes on the wire, answers, Packet Too Big and the local error', () => {
    expect(ping('l2.1280.txt')).toEqual({ size: 1280, transmitted: 2, received: 2 })
    expect(ping('routed.1500.ptb.txt')).toEqual({
      size: 1500,
      transmitted: 2,
      received: 0,
      tooBig: { from: '2001:db8:51::1', mtu: 1400 },
      localMtu: 1400,
    })
    expect(ping('l2.9048.over-local-mtu.txt')).toMatchObject({ size: 9048, received: 0, localMtu: 9000 })
  })

  test("text that is not ping's is said so", () => {
    expect(parsePing('sh: 1: ping: not found\n')).toEqual({ error: "not ping's output: sh: 1: ping: not found" })
  })
})

describe('one pair judged', () => {
  test('jumbo hosts over a 1500 bridge port: 1280 passes, 9000 is lost without a word: a blackhole', () => {
    const o = pair('l2.1280.txt', 'l2.9000.blackhole.txt', 9000)
    expect(o.state).toBe('blackhole')
    expect(o.observed).toBe(
      "pa eth0 → pb: 1280 bytes: 2 of 2 answered; 9000 bytes: 0 of 2 answered, and no Packet Too Big came back: a path MTU blackhole at eth0's MTU 9000",
    )
  })

  test('a router that answers with Packet Too Big: path MTU discovery works, the MTU is named', () => {
    expect(pair('routed.1280.txt', 'routed.1500.ptb.txt', 1500)).toMatchObject({ state: 'pmtud', mtu: 1400 })
  })

  test('the same path with Packet Too Big dropped by the sender: a blackhole', () => {
    expect(pair('routed.1280.txt', 'routed.1500.ptb-dropped.txt', 1500).state).toBe('blackhole')
  })

  test('no answer at 1280: unreachable, not a blackhole', () => {
    expect(pair('l2.1280.no-peer.txt', 'l2.9000.blackhole.txt', 9000).state).toBe('unreachable')
  })

  test('both sizes answered (a 1500-byte host on that link): ok', () => {
    expect(pair('l2.1280.txt', 'l2.1500.txt', 1500).state).toBe('ok')
  })

  test("a probe larger than the interface's MTU is the probe's error", () => {
    expect(pair('l2.1280.txt', 'l2.9048.over-local-mtu.txt', 9000).state).toBe('probe-error')
  })
})
