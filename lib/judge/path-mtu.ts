// The judging half of hosts.path.mtu (issue 23, item 2): one pair's two probes, at 1280 bytes (the
// IPv6 minimum link MTU, RFC 8200 §5) and at the interface's MTU, both with fragmentation forbidden.
// The probes are the observation's pathmtu section (lib/observe/pathmtu-script.ts).
//   1280 fails                           → the peer is unreachable: no MTU can be judged;
//   both pass                            → the link carries the interface's MTU;
//   full size refused with Packet Too Big, or by a path MTU the kernel learnt from one
//                                        → path MTU discovery works: the path MTU is named;
//   full size silently lost              → a blackhole: an MTU below the interface's along the way
//                                          (a bridge or switch port, which sends no Packet Too Big),
//                                          or a Packet Too Big dropped (RFC 8201 §5.2, RFC 4890).
import { PATH_MTU } from '../checks/hosts/path.ts'
import { DEFAULT_ROUTER, pairSubject } from '../checks/subjects.ts'
import type { PathMtuPair } from '../observe/facts.ts'
import type { PingResult } from '../observe/parse/ping.ts'
import { PATH_MTU_BUDGET } from '../observe/pathmtu-script.ts'
import { fail, pass, skipped, type Verdict } from '../verdict.ts'
import { needs, type HostView } from './host-view.ts'
import { judgeFacts } from './judged.ts'

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

/** `cmp1 eth0 → fe80::1 (default router)`, `cmp1 eth0 → cmp2 (2001:db8::12)`, `cmp1 eth0 → 2001:db8::b`. */
function pairText(host: string, p: PathMtuPair): string {
  const to = p.address || p.name
  const what = p.kind === 'router' ? DEFAULT_ROUTER : p.name.split('%')[0] === to ? undefined : p.name
  return `${host} ${p.dev || '?'} → ${to}${what ? ` (${what})` : ''}`
}

function judgeProbed(v: HostView, p: PathMtuPair): Verdict {
  const check = PATH_MTU.id
  const host = v.host.name
  const label = p.kind === 'router' ? DEFAULT_ROUTER : p.name
  const subject = pairSubject(v.host, p.dev || '*', label)
  const where = {
    host,
    ...(p.dev && { interface: p.dev }),
    ...(p.address && { address: p.address }),
  }
  const peer = p.kind === 'router' ? 'the default router' : label
  if (p.state === 'no-route')
    return skipped(
      check,
      subject,
      p.kind === 'router'
        ? `${host} has no IPv6 default route with a gateway (ip -6 route show default): there is no router to probe (hosts.route.default judges the route)`
        : `${host} has no route to ${label}${p.address && p.address !== label ? ` (${p.address})` : ''} (ip -6 route get found none): it cannot be probed`,
      where,
    )
  if (p.state === 'no-mtu')
    return skipped(check, subject, `could not read ${p.dev}'s MTU (/sys/class/net/${p.dev}/mtu): no probe size`, where)
  if (p.state === 'time-bound')
    return skipped(
      check,
      subject,
      `not probed: ${host}'s path MTU probes had run ${PATH_MTU_BUDGET} s before this pair was reached (name fewer peers, or peers that answer)`,
      where,
    )
  const { small, full, mtu } = p
  if (small?.state !== 'ok' || full?.state !== 'ok' || mtu === undefined) {
    const unread = [small, full].flatMap((r) => (r && r.state !== 'ok' ? [r.reason] : []))
    return skipped(check, subject, `not judged: ${unread[0] ?? 'no probe was read'}`, where)
  }
  const pair = pairText(host, p)
  const o = judgePair({ pair, iface: p.dev, ifaceMtu: mtu, small: small.result, full: full.result })
  const expected = `${peer} answers pings with fragmentation forbidden at 1280 bytes and at ${p.dev}'s MTU ${mtu}, or a Packet Too Big names a smaller path MTU`
  const base = { check, subject, expected, where }
  switch (o.state) {
    case 'ok':
    case 'pmtud':
      return pass({ ...base, observed: o.observed })
    case 'blackhole':
      return fail({ ...base, observed: o.observed, remedy: o.remedy })
    case 'unreachable':
      return fail({
        ...base,
        observed: o.observed,
        remedy:
          p.kind === 'router'
            ? `check that the default router ${p.address} is up on ${p.dev}'s link and answers ICMPv6 echo requests (ip -6 route show default; its firewall)`
            : `check that ${label} is up, on ${p.dev}'s link at ${p.address}, and answers ICMPv6 echo requests (its firewall); or take it out of path_mtu.peers in the targets file`,
      })
    case 'probe-error':
      return skipped(check, subject, `not judged: ${o.observed}`, where)
  }
}

/** One verdict per pair the host probed; none on a host whose targets file does not ask for the probes. */
export const pathMtu = judgeFacts(PATH_MTU, (v: HostView): Verdict[] => {
  if (!v.host.path_mtu) return []
  return needs(PATH_MTU.id, v, ['pathMtu'], () =>
    // Stryker disable next-line ArrayDeclaration: needs() has already skipped a pathMtu not observed, so the [] is never returned
    v.facts.pathMtu.ok ? v.facts.pathMtu.value.pairs.map((p) => judgeProbed(v, p)) : [],
  )
})
