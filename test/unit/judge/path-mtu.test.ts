// The path MTU judge on ping -6 -M do outputs recorded between namespaces
// (test/fixtures/observe/path-mtu/capture.sh): an L2 link whose bridge port towards the peer has MTU
// 1500 under 9000-byte hosts, and a routed path whose second link has MTU 1400.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { PATH_MTU } from '../../../lib/checks/hosts/path.ts'
import { judgePair, pathMtu } from '../../../lib/judge/path-mtu.ts'
import type { HostFacts, PathMtuPair } from '../../../lib/observe/facts.ts'
import { parseHostFacts } from '../../../lib/observe/parse/index.ts'
import { pingRead } from '../../../lib/observe/parse/path-mtu.ts'
import { parsePing, type PingResult } from '../../../lib/observe/parse/ping.ts'
import { PATH_MTU_BUDGET } from '../../../lib/observe/pathmtu-script.ts'
import { observationScript, splitSections } from '../../../lib/observe/script.ts'
import { fixture } from '../observe/fixtures.ts'
import { host, outcomes, rich, view } from './view.ts'

function ping(name: string): PingResult {
  const r = parsePing(fixture(`path-mtu/${name}`))
  if ('error' in r) throw new Error(r.error)
  return r
}
const pair = (small: string, full: string, ifaceMtu: number) =>
  judgePair({ pair: 'pa eth0 → pb', iface: 'eth0', ifaceMtu, small: ping(small), full: ping(full) })

describe('ping -6 -M do, read', () => {
  test('a frame refused at once (sendmsg: ENOBUFS) is sent and unanswered: a blackhole, not an error', () => {
    expect(ping('l2.9000.enobufs.txt')).toEqual({ size: 9000, transmitted: 1, received: 0 })
    expect(pair('l2.1280.txt', 'l2.9000.enobufs.txt', 9000).state).toBe('blackhole')
  })

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

// The pathmtu section as the observation script printed it in namespaces
// (test/fixtures/observe/path-mtu/capture-section.sh), parsed and judged as a run does.
const section = (name: string) => parseHostFacts(splitSections(fixture(`path-mtu/${name}`), 'capture1').sections)
const peers = (...names: [string, string][]) => names.map(([name, address]) => ({ name, address }))
const A_PEERS = peers(
  ['pmtu-b', '2001:db8:60::b'],
  ['fe80::c%eth0', 'fe80::c%eth0'],
  ['pmtu-d', '2001:db8:61::d'],
  ['2001:db8:60::99', '2001:db8:60::99'],
)
const judgeSection = (file: string, name: string, p = A_PEERS) =>
  pathMtu(view(host({ name, path_mtu: { router: true, peers: p } }), { ...rich, ...pick(section(file)) }))
const pick = (f: HostFacts) => ({ pathMtu: f.pathMtu })

describe('the pathmtu section, read', () => {
  test("each pair with the interface that reaches it, its MTU and both pings (-I eth0's header too)", () => {
    const f = section('section.a.txt')
    if (!f.pathMtu.ok) throw new Error(f.pathMtu.error)
    const pairs = f.pathMtu.value.pairs
    expect(pairs.map((p) => [p.kind, p.name, p.address, p.dev, p.mtu, p.state])).toEqual([
      ['router', 'router', 'fe80::1', 'eth0', 9000, 'ok'],
      ['peer', 'pmtu-b', '2001:db8:60::b', 'eth0', 9000, 'ok'],
      ['peer', 'fe80::c%eth0', 'fe80::c', 'eth0', 9000, 'ok'],
      ['peer', 'pmtu-d', '2001:db8:61::d', 'eth0', 9000, 'ok'],
      ['peer', '2001:db8:60::99', '2001:db8:60::99', 'eth0', 9000, 'ok'],
    ])
    expect(pairs[0]?.small).toEqual({ state: 'ok', result: { size: 1280, transmitted: 2, received: 2 } })
    expect(pairs[0]?.full).toEqual({ state: 'ok', result: { size: 9000, transmitted: 2, received: 2 } })
    expect(pairs[3]?.full).toMatchObject({ state: 'ok', result: { tooBig: { from: '2001:db8:60::1', mtu: 1400 } } })
  })

  test('no default route, no route to the peer: no pings, the state says why', () => {
    const f = section('section.b-no-route.txt')
    if (!f.pathMtu.ok) throw new Error(f.pathMtu.error)
    expect(f.pathMtu.value.pairs).toEqual([
      { kind: 'router', name: 'router', address: '', dev: '', state: 'no-route' },
      { kind: 'peer', name: 'pmtu-d', address: '2001:db8:61::d', dev: '', state: 'no-route' },
    ])
  })

  test("BusyBox's ping refuses -M: the ping reads as unable to forbid fragmentation, naming BusyBox", () => {
    const f = section('section.a-busybox.txt')
    if (!f.pathMtu.ok) throw new Error(f.pathMtu.error)
    expect(f.pathMtu.value.pairs[0]?.small).toEqual({
      state: 'no-df',
      reason:
        "this host's ping (BusyBox v1.35.0) has no -M, so it cannot forbid fragmentation and the path MTU cannot be measured: \"ping: invalid option -- 'M'\"",
    })
  })

  test('a ping that is not installed, or that timeout killed, is said so', () => {
    expect(pingRead({ label: 'ping 1 small', text: 'sh: 1: ping: not found\n', exit: 127, truncated: false })).toEqual({
      state: 'missing',
      reason: 'ping is not installed ("sh: 1: ping: not found")',
    })
    expect(pingRead({ label: 'ping 1 small', text: '', exit: 124, truncated: false })).toMatchObject({
      state: 'failed',
      reason: 'ping did not finish within 3 s (timeout killed it)',
    })
  })
})

// An observation cut short leaves the section's last part without its exit status; these cut a
// recorded section where a slow host or a dropped connection would have, and say where.
const hex = (label: string) => Buffer.from(label).toString('hex')
/** section.*.txt up to (not including) the first `at` after the fence of the part `part`. */
function cut(file: string, part: string, at: string): ReturnType<typeof parseHostFacts>['pathMtu'] {
  const text = fixture(`path-mtu/${file}`)
  const from = text.indexOf(`:part:${hex(part)}@@`)
  const end = text.indexOf(at, from)
  if (from < 0 || end < 0) throw new Error(`${at} not found after part ${part} in ${file}`)
  return parseHostFacts(splitSections(text.slice(0, end), 'capture1').sections).pathMtu
}
const CUT = { state: 'failed', reason: 'the ping is not in the observation (cut short?)' }

describe('the pathmtu section, cut short or malformed', () => {
  test('section.a.txt cut before "ping 1 small": the pair is kept whole, both pings read as not in the observation', () => {
    expect(cut('section.a.txt', 'pair 1', '@@v6ready:capture1:part:')).toEqual({
      ok: true,
      value: {
        pairs: [
          {
            kind: 'router',
            name: 'router',
            address: 'fe80::1',
            dev: 'eth0',
            mtu: 9000,
            state: 'ok',
            small: CUT,
            full: CUT,
          },
        ],
      },
    })
  })

  test('section.a.txt cut inside ping 2 small (after its first reply): that ping failed with its exit unknown, ping 2 full is missing', () => {
    const r = cut('section.a.txt', 'ping 2 small', 'icmp_seq=2')
    if (!r.ok) throw new Error(r.error)
    expect(r.value.pairs.slice(1)).toEqual([
      {
        kind: 'peer',
        name: 'pmtu-b',
        address: '2001:db8:60::b',
        dev: 'eth0',
        mtu: 9000,
        state: 'ok',
        small: { state: 'failed', reason: 'ping exited ?: "PING 2001:db8:60::b(2001:db8:60::b) 1232 data bytes"' },
        full: CUT,
      },
    ])
  })

  test("section.a.txt cut inside pair 1's lines (before its state line): the section is unreadable, naming the pair", () => {
    expect(cut('section.a.txt', 'pair 1', 'state ok')).toEqual({
      ok: false,
      error: 'section pathmtu: pair 1: unknown state ""',
    })
  })

  test("section.a.txt cut right after pair 1's fence (no kind line): the section is unreadable, naming the pair", () => {
    expect(cut('section.a.txt', 'pair 1', 'kind router')).toEqual({
      ok: false,
      error: 'section pathmtu: pair 1: kind "" is neither router nor peer',
    })
  })

  test('a ping with no -M that prints no BusyBox banner (section.a-busybox.txt with the banner line dropped): no-df, naming no ping', () => {
    const text = fixture('path-mtu/section.a-busybox.txt').replace(/^BusyBox v.*\n/m, '')
    const f = parseHostFacts(splitSections(text, 'capture1').sections).pathMtu
    if (!f.ok) throw new Error(f.error)
    expect(f.value.pairs[0]?.small).toEqual({
      state: 'no-df',
      reason:
        "this host's ping has no -M, so it cannot forbid fragmentation and the path MTU cannot be measured: \"ping: invalid option -- 'M'\"",
    })
  })

  test('more than nine pairs, all past the time bound (the script run with date(1) at 1000 s after the start): pair 10 and 11 are read too', () => {
    const mark = join(mkdtempSync(join(tmpdir(), 'v6pmtu-')), 'started')
    const many = peers(
      ...Array.from({ length: 10 }, (_, i): [string, string] => [`p${i + 2}`, `2001:db8:60::${i + 2}`]),
    )
    const out = execFileSync('sh', ['-s'], {
      input: `date() { if [ -e '${mark}' ]; then echo 1000; else : >'${mark}'; echo 0; fi; }\n${observationScript('n0nce', { pathMtu: { router: true, peers: many } })}`,
      encoding: 'utf8',
    })
    rmSync(dirname(mark), { recursive: true })
    const f = parseHostFacts(splitSections(out, 'n0nce').sections).pathMtu
    expect(f).toEqual({
      ok: true,
      value: {
        pairs: [
          { kind: 'router', name: 'router', address: '', dev: '', state: 'time-bound' },
          ...many.map((p) => ({ kind: 'peer', name: p.name, address: p.address, dev: '', state: 'time-bound' })),
        ],
      },
    })
  })
})

describe('hosts.path.mtu on recorded sections', () => {
  test('one link: the router passes, the jumbo peer behind a 1500 port and the 1500 peer are blackholes, Packet Too Big passes, no one is unreachable', () => {
    const vs = judgeSection('section.a.txt', 'pmtu-a')
    expect(outcomes(vs)).toEqual({
      'pmtu-a:eth0→default router': 'pass',
      'pmtu-a:eth0→pmtu-b': 'fail',
      'pmtu-a:eth0→fe80::c%eth0': 'fail',
      'pmtu-a:eth0→pmtu-d': 'pass',
      'pmtu-a:eth0→2001:db8:60::99': 'fail',
    })
    const [router, b, , d, none] = vs
    expect(router?.observed).toBe(
      'pmtu-a eth0 → fe80::1 (default router): 1280 bytes: 2 of 2 answered; 9000 bytes: 2 of 2 answered',
    )
    expect(b?.observed).toBe(
      "pmtu-a eth0 → 2001:db8:60::b (pmtu-b): 1280 bytes: 2 of 2 answered; 9000 bytes: 0 of 2 answered, and no Packet Too Big came back: a path MTU blackhole at eth0's MTU 9000",
    )
    expect(b?.remedy).toContain('the bridge or switch ports between the pair must carry it')
    expect(b?.where).toEqual({ host: 'pmtu-a', interface: 'eth0', address: '2001:db8:60::b' })
    expect(d?.observed).toContain(
      'Packet Too Big from 2001:db8:60::1, mtu 1400: path MTU discovery works, the path MTU is 1400',
    )
    expect(none?.observed).toContain('no answer at 1280 bytes: 0 of 2 answered: the peer is unreachable')
    expect(none?.observed).not.toContain('blackhole')
    expect(none?.remedy).toContain('take it out of path_mtu.peers')
  })

  test('a 1500 host on the same link: router and the jumbo peer (both carry 1500 there) pass', () => {
    const vs = judgeSection('section.c.txt', 'pmtu-c', peers(['pmtu-b', '2001:db8:60::b']))
    expect(outcomes(vs)).toEqual({ 'pmtu-c:eth0→default router': 'pass', 'pmtu-c:eth0→pmtu-b': 'pass' })
  })

  test('a default route with two next hops: the first (fe80::1 dev eth0) is probed', () => {
    const vs = judgeSection('section.e-ecmp.txt', 'pmtu-e', [])
    expect(outcomes(vs)).toEqual({ 'pmtu-e:eth0→default router': 'pass' })
    expect(vs[0]?.where).toEqual({ host: 'pmtu-e', interface: 'eth0', address: 'fe80::1' })
  })

  test('nothing to probe: skipped, with the reason, under the planned subject', () => {
    const vs = judgeSection('section.b-no-route.txt', 'pmtu-b', peers(['pmtu-d', '2001:db8:61::d']))
    expect(outcomes(vs)).toEqual({ 'pmtu-b:*→default router': 'skip', 'pmtu-b:*→pmtu-d': 'skip' })
    expect(vs[0]?.skip).toContain('pmtu-b has no IPv6 default route')
    expect(vs[1]?.skip).toContain('pmtu-b has no route to pmtu-d (2001:db8:61::d)')
  })

  test("BusyBox: not judged, with ping's reason, never a failure", () => {
    const vs = judgeSection('section.a-busybox.txt', 'pmtu-a', [])
    expect(outcomes(vs)).toEqual({ 'pmtu-a:eth0→default router': 'skip' })
    expect(vs[0]?.skip).toContain('has no -M, so it cannot forbid fragmentation')
  })

  test('pairs not reached within the time bound are not probed, and say so', () => {
    // date(1) as the script sees it: the section's start at 0, every later call at 1000 s.
    const mark = join(mkdtempSync(join(tmpdir(), 'v6pmtu-')), 'started')
    const probes = { router: true, peers: peers(['pmtu-b', '2001:db8:60::b']) }
    const out = execFileSync('sh', ['-s'], {
      input: `date() { if [ -e '${mark}' ]; then echo 1000; else : >'${mark}'; echo 0; fi; }\n${observationScript('n0nce', { pathMtu: probes })}`,
      encoding: 'utf8',
    })
    rmSync(dirname(mark), { recursive: true })
    const f = parseHostFacts(splitSections(out, 'n0nce').sections)
    const vs = pathMtu(view(host({ name: 'h1', path_mtu: probes }), { ...rich, ...pick(f) }))
    expect(outcomes(vs)).toEqual({ 'h1:*→default router': 'skip', 'h1:*→pmtu-b': 'skip' })
    expect(vs[1]?.skip).toBe(
      `not probed: h1's path MTU probes had run ${PATH_MTU_BUDGET} s before this pair was reached (name fewer peers, or peers that answer)`,
    )
  })

  test('a host that does not ask for it gets no verdict, section or not', () => {
    expect(pathMtu(view(host({ name: 'pmtu-a' }), { ...rich, ...pick(section('section.a.txt')) }))).toEqual([])
    expect(pathMtu(view(host({ name: 'h1' }), rich))).toEqual([])
  })

  test('asked for but the section is missing: one skip naming it', () => {
    const vs = pathMtu(view(host({ name: 'h1', path_mtu: { router: true, peers: [] } }), rich))
    expect(outcomes(vs)).toEqual({ h1: 'skip' })
    expect(vs[0]?.skip).toContain('section pathmtu: missing')
  })

  test('the planned subjects: one per pair, the interface unknown until observed', () => {
    expect(
      PATH_MTU.subjects(host({ name: 'cmp1', path_mtu: { router: true, peers: peers(['cmp2', '2001:db8::12']) } })),
    ).toEqual(['cmp1:*→default router', 'cmp1:*→cmp2'])
    expect(PATH_MTU.subjects(host({ name: 'cmp1' }))).toEqual([])
  })
})

// Each verdict's words whole, and the pair states the recorded sections do not hold, built from the
// recorded pairs and pings with one field changed.
describe('hosts.path.mtu, each verdict as the operator reads it', () => {
  const pairsOf = (file: string) => {
    const f = section(file)
    if (!f.pathMtu.ok) throw new Error(f.pathMtu.error)
    return f.pathMtu.value.pairs
  }
  const judgePairs = (pairs: PathMtuPair[], name = 'h1') =>
    pathMtu(
      view(host({ name, path_mtu: { router: true, peers: [] } }), {
        ...rich,
        pathMtu: { ok: true, value: { pairs } },
      }),
    )
  const read = (name: string) => ({ state: 'ok' as const, result: ping(name) })
  const [aRouter, aB] = pairsOf('section.a.txt') as PathMtuPair[]

  test('pairs named by address, by a zoned link-local address, or by name: the name follows the address only when it says more', () => {
    const vs = judgeSection('section.a.txt', 'pmtu-a')
    expect(vs[2]?.observed).toBe(
      "pmtu-a eth0 → fe80::c: 1280 bytes: 2 of 2 answered; 9000 bytes: 0 of 2 answered, and no Packet Too Big came back: a path MTU blackhole at eth0's MTU 9000",
    )
    expect(vs[4]?.observed).toBe(
      'pmtu-a eth0 → 2001:db8:60::99: no answer at 1280 bytes: 0 of 2 answered: the peer is unreachable, so its MTU cannot be judged',
    )
    expect(vs[3]?.observed).toBe(
      'pmtu-a eth0 → 2001:db8:61::d (pmtu-d): 1280 bytes: 2 of 2 answered; at 9000 bytes Packet Too Big from 2001:db8:60::1, mtu 1400: path MTU discovery works, the path MTU is 1400',
    )
  })

  test('expected names the default router, or the peer, and the MTU probed', () => {
    const [router, b] = judgeSection('section.a.txt', 'pmtu-a')
    expect(router?.expected).toBe(
      "the default router answers pings with fragmentation forbidden at 1280 bytes and at eth0's MTU 9000, or a Packet Too Big names a smaller path MTU",
    )
    expect(b?.expected).toBe(
      "pmtu-b answers pings with fragmentation forbidden at 1280 bytes and at eth0's MTU 9000, or a Packet Too Big names a smaller path MTU",
    )
    expect(b?.remedy).toBe(
      "give every hop of the link the same MTU (eth0 is 9000: the bridge or switch ports between the pair must carry it), or lower eth0's MTU to what passes; and let ICMPv6 Packet Too Big through (hosts.firewall.icmpv6)",
    )
  })

  test('an unreachable peer and an unreachable router: each remedy names what to check', () => {
    const vs = judgeSection('section.a.txt', 'pmtu-a')
    expect(vs[4]?.remedy).toBe(
      "check that 2001:db8:60::99 is up, on eth0's link at 2001:db8:60::99, and answers ICMPv6 echo requests (its firewall); or take it out of path_mtu.peers in the targets file",
    )
    const [router] = judgePairs([{ ...aRouter!, small: read('l2.1280.no-peer.txt') }])
    expect(router).toMatchObject({ ok: false, subject: 'h1:eth0→default router' })
    expect(router?.observed).toBe(
      'h1 eth0 → fe80::1 (default router): no answer at 1280 bytes: 0 of 2 answered: the peer is unreachable, so its MTU cannot be judged',
    )
    expect(router?.remedy).toBe(
      "check that the default router fe80::1 is up on eth0's link and answers ICMPv6 echo requests (ip -6 route show default; its firewall)",
    )
  })

  test('no route: the router skip and the peer skip, with and without an address beside the name', () => {
    const [router, d] = judgeSection('section.b-no-route.txt', 'pmtu-b', peers(['pmtu-d', '2001:db8:61::d']))
    expect(router?.skip).toBe(
      'pmtu-b has no IPv6 default route with a gateway (ip -6 route show default): there is no router to probe (hosts.route.default judges the route)',
    )
    expect(d?.skip).toBe(
      'pmtu-b has no route to pmtu-d (2001:db8:61::d) (ip -6 route get found none): it cannot be probed',
    )
    expect(d?.where).toEqual({ host: 'pmtu-b', address: '2001:db8:61::d' })
    const noRoute = { kind: 'peer' as const, dev: '', state: 'no-route' as const }
    const vs = judgePairs([
      { ...noRoute, name: '2001:db8:61::d', address: '2001:db8:61::d' },
      { ...noRoute, name: 'pmtu-x', address: '' },
    ])
    expect(vs.map((v) => v.skip)).toEqual([
      'h1 has no route to 2001:db8:61::d (ip -6 route get found none): it cannot be probed',
      'h1 has no route to pmtu-x (ip -6 route get found none): it cannot be probed',
    ])
    expect(vs[1]?.where).toEqual({ host: 'h1' })
  })

  test('an interface whose MTU was not read: skipped, naming the file', () => {
    const [v] = judgePairs([{ kind: 'peer', name: 'pmtu-b', address: '2001:db8:60::b', dev: 'eth0', state: 'no-mtu' }])
    expect(v).toMatchObject({ subject: 'h1:eth0→pmtu-b' })
    expect(v?.skip).toBe("could not read eth0's MTU (/sys/class/net/eth0/mtu): no probe size")
  })

  test('a ping not read, or none, or no MTU: not judged, with the first reason', () => {
    const missing = { state: 'missing' as const, reason: 'ping is not installed ("sh: 1: ping: not found")' }
    const failed = { state: 'failed' as const, reason: 'ping did not finish within 3 s (timeout killed it)' }
    const vs = judgePairs([
      { ...aB!, full: missing },
      { ...aB!, small: missing, full: failed },
      { ...aB!, small: read('l2.1280.txt'), full: failed },
      { ...aB!, small: undefined, full: undefined },
      { ...aB!, mtu: undefined },
      { ...aB!, small: missing },
      { ...aB!, full: undefined },
    ])
    expect(vs.map((v) => v.skip)).toEqual([
      'not judged: ping is not installed ("sh: 1: ping: not found")',
      'not judged: ping is not installed ("sh: 1: ping: not found")',
      'not judged: ping did not finish within 3 s (timeout killed it)',
      'not judged: no probe was read',
      'not judged: no probe was read',
      'not judged: ping is not installed ("sh: 1: ping: not found")',
      'not judged: no probe was read',
    ])
  })

  test("a probe larger than the interface's MTU: skipped as the probe's error, never a failure", () => {
    const [v] = judgePairs([{ ...aB!, full: read('l2.9048.over-local-mtu.txt') }])
    expect(v?.ok).toBe(true)
    expect(v?.skip).toBe("not judged: h1 eth0 → 2001:db8:60::b (pmtu-b): the 9048-byte probe exceeds eth0's MTU 9000")
  })

  test('a probed pair whose interface the section did not name: `?` in its place, `*` in the subject', () => {
    const [v] = judgePairs([{ ...aB!, dev: '' }])
    expect(v?.subject).toBe('h1:*→pmtu-b')
    expect(v?.observed).toMatch(/^h1 \? → 2001:db8:60::b \(pmtu-b\): 1280 bytes: 2 of 2 answered; /)
  })

  test('the pathmtu section unreadable: the skip names it, and no pair is judged', () => {
    const vs = pathMtu(
      view(host({ name: 'h1', path_mtu: { router: true, peers: [] } }), {
        ...rich,
        pathMtu: { ok: false, error: 'section pathmtu: missing' },
      }),
    )
    expect(outcomes(vs)).toEqual({ h1: 'skip' })
    expect(vs[0]?.skip).toContain('section pathmtu: missing')
  })
})
