// The judging half of hosts.path.mtu (issue 23, item 2): one pair's two probes, at 1280 bytes (the
// IPv6 minimum link MTU, RFC 8200 §5) and at the interface's MTU, both with fragmentation forbidden.
// Pure; the probing and the check's definition are not built yet.
//   1280 fails                           → the peer is unreachable: no MTU can be judged;
//   both pass                            → the link carries the interface's MTU;
//   full size refused with Packet Too Big, or by a path MTU the kernel learnt from one
//                                        → path MTU discovery works: the path MTU is named;
//   full size silently lost              → a blackhole: an MTU below the interface's along the way
//                                          (a bridge or switch port, which sends no Packet Too Big),
//                                          or a Packet Too Big dropped (RFC 8201 §5.2, RFC 4890).
import type { PingResult } from '../observe/parse/ping.ts'

export interface PairProbes {
  /** `cmp1 eth0 → 2001:db8::1 (default router)`, as the finding names the pair. */
  pair: string
  iface: string
  ifaceMtu: number
  small: PingResult
  full: PingResult
}

export type PathMtuOutcome =
  | { state: 'ok'; observed: string }
  | { state: 'unreachable'; observed: string }
  | { state: 'pmtud'; mtu: number; observed: string }
  | { state: 'blackhole'; observed: string; remedy: string }
  /** The probe itself was bigger than the interface's MTU: a probe's mistake, not the network's. */
  | { state: 'probe-error'; observed: string }

const answered = (r: PingResult) => r.received > 0
const sizes = (r: PingResult) => `${r.size} bytes: ${r.received} of ${r.transmitted} answered`

export function judgePair(p: PairProbes): PathMtuOutcome {
  const { small, full } = p
  if (!answered(small))
    return {
      state: 'unreachable',
      observed: `${p.pair}: no answer at ${sizes(small)}: the peer is unreachable, so its MTU cannot be judged`,
    }
  if (answered(full)) return { state: 'ok', observed: `${p.pair}: ${sizes(small)}; ${sizes(full)}` }
  if (full.size > p.ifaceMtu)
    return {
      state: 'probe-error',
      observed: `${p.pair}: the ${full.size}-byte probe exceeds ${p.iface}'s MTU ${p.ifaceMtu}`,
    }
  const learnt = full.tooBig?.mtu ?? full.localMtu
  if (learnt !== undefined)
    return {
      state: 'pmtud',
      mtu: learnt,
      observed: `${p.pair}: ${sizes(small)}; at ${full.size} bytes ${full.tooBig ? `Packet Too Big from ${full.tooBig.from}, mtu ${full.tooBig.mtu}` : `the kernel holds path MTU ${learnt}`}: path MTU discovery works, the path MTU is ${learnt}`,
    }
  return {
    state: 'blackhole',
    observed: `${p.pair}: ${sizes(small)}; ${sizes(full)}, and no Packet Too Big came back: a path MTU blackhole at ${p.iface}'s MTU ${p.ifaceMtu}`,
    remedy: `give every hop of the link the same MTU (${p.iface} is ${p.ifaceMtu}: the bridge or switch ports between the pair must carry it), or lower ${p.iface}'s MTU to what passes; and let ICMPv6 Packet Too Big through (hosts.firewall.icmpv6)`,
  }
}
