// Judges of the names the underlay depends on, as the target's own resolvers answer them over IPv6.
import { finalRecords } from '../dns/chain.ts'
import { ptrName } from '../dns/ptr.ts'
import { recordData } from '../dns/results.ts'
import type { DnsAnswer, DnsResult, DnsType } from '../dns/types.ts'
import { classifyIPv6, dialable, inPrefix, isGlobalUnicast, sameAddress, type AddrClass } from '../net/index.ts'
import { fail, pass, skipped, type Verdict } from '../verdict.ts'
import {
  answersFor,
  judgedWhenJoined,
  NO_RESOLVERS,
  remedies,
  showDns,
  uniqueAddresses,
  type UnderlayJudge,
  type UnderlayView,
} from './underlay-view.ts'
import {
  DNS_AAAA,
  DNS_AAAA_SCOPE,
  DNS_CONSISTENT,
  DNS_NO_ORPHAN_A,
  DNS_RESOLVER_V6,
  DNS_REVERSE,
} from '../checks/underlay/dns.ts'
import { judgeUnderlay } from './judged.ts'

/** An answer that says something about the name: these records exist, or the name does not. */
const conclusive = (r: DnsResult): r is DnsAnswer => r.ok && (r.rcode === 'NOERROR' || r.rcode === 'NXDOMAIN')

const lines = (rs: DnsResult[], question = false): string => rs.map((r) => showDns(r, question)).join('\n')

const braces = (addrs: string[]): string => `{${addrs.join(', ')}}`

/** One verdict per checked name; with no resolver to ask, none of them can be judged. */
function perName(check: string, v: UnderlayView, judge: (name: string) => Verdict): Verdict[] {
  if (v.underlay.resolvers.length === 0) return v.underlay.names.map((n) => skipped(check, n, NO_RESOLVERS))
  return v.underlay.names.map(judge)
}

/** What one resolver said, in the operator's words: NXDOMAIN, NODATA, the records, or the failure. */
function statusOf(r: DnsResult | undefined, type: DnsType): string {
  if (!r) return 'not asked'
  if (!r.ok) return `${r.error}: ${r.detail}`
  if (r.rcode !== 'NOERROR') return r.rcode
  const c = finalRecords(r)
  if (c.broken) return `NOERROR, but ${c.broken}`
  return c.records.length ? `${type} ${few(c.records.map((x) => x.data))}` : `NODATA (NOERROR, no ${type})`
}

// A failure message is one line: a 64-record RRset is summed up there, and listed in the evidence.
const SHOWN = 4
const few = (items: string[]): string =>
  items.length <= SHOWN
    ? items.join(', ')
    : `${items.slice(0, SHOWN).join(', ')} and ${items.length - SHOWN} more (${items.length})`

export interface AaaaAt {
  server: string
  result?: DnsResult
  /** AAAA data that can be dialled over IPv6. */
  dialable: string[]
  kind: 'ok' | 'missing' | 'mapped' | 'failed'
  why: string
}

/** Each resolver's AAAA answer for `name`, in targets-file order; shared with the endpoint and catalog judges. */
export function aaaaAt(v: UnderlayView, name: string): AaaaAt[] {
  const rs = answersFor(v, name, 'AAAA')
  return v.underlay.resolvers.map((server): AaaaAt => {
    const result = rs.find((r) => r.server === server)
    const data = result ? recordData(result) : []
    const good = data.filter(dialable)
    const base = { server, ...(result && { result }), dialable: good }
    if (good.length) return { ...base, kind: 'ok', why: statusOf(result, 'AAAA') }
    // RFC 4291 §2.5.5.2: ::ffff:a.b.c.d is an IPv4 address; an IPv6-only client cannot reach it.
    if (data.length)
      return {
        ...base,
        kind: 'mapped',
        why: `only IPv4-mapped: ${data.map((a) => `${a} is IPv4 in disguise`).join(', ')}`,
      }
    const missing = result?.ok && (result.rcode === 'NXDOMAIN' || result.rcode === 'NOERROR')
    return { ...base, kind: missing ? 'missing' : 'failed', why: statusOf(result, 'AAAA') }
  })
}

export const showAaaaAt = (at: AaaaAt[]): string => at.map((a) => `${a.server}: ${a.why}`).join('; ')

export const aaaa = judgeUnderlay(DNS_AAAA, (v) => {
  const check = DNS_AAAA.id
  return perName(check, v, (name) => {
    const at = aaaaAt(v, name)
    const base = {
      check,
      subject: name,
      expected: `an AAAA that is not IPv4-mapped, at every resolver (${at.length})`,
      observed: showAaaaAt(at),
      evidence: at.map((a) => (a.result ? showDns(a.result) : `${a.server} not asked`)).join('\n'),
    }
    const bad = at.filter((a) => a.kind !== 'ok')
    if (!bad.length) return pass(base)
    const kinds = new Set(bad.map((a) => a.kind))
    const remedy = remedies(
      kinds.has('missing') &&
        `add an AAAA record for ${name} holding the IPv6 address of the host that serves it (dnsmasq: host-record=${name},<IPv6>; BIND: ${name}. IN AAAA <IPv6>)${bad.length < at.length ? ', on every resolver that serves the zone' : ''}`,
      kinds.has('mapped') &&
        `replace the ::ffff: AAAA with the host's real IPv6 address: a mapped address is IPv4 (RFC 4291 §2.5.5.2)`,
      kinds.has('failed') &&
        `make ${bad
          .filter((a) => a.kind === 'failed')
          .map((a) => a.server)
          .join(
            ', ',
          )} answer over IPv6${bad.some((a) => a.result?.ok === false && a.result.error === 'tcp-failed') ? ', over TCP too: the answer is too big for UDP' : ''} (see underlay.dns.resolver-v6)`,
    )
    return fail({ ...base, remedy })
  })
})

export const noOrphanA = judgeUnderlay(DNS_NO_ORPHAN_A, (v) => {
  const check = DNS_NO_ORPHAN_A.id
  return perName(check, v, (name) => {
    const rs = answersFor(v, name, 'A')
    const answered = rs.filter(conclusive)
    if (!answered.length)
      return skipped(check, name, `no resolver answered the A query for ${name}, see underlay.dns.resolver-v6`)
    const a = [...new Set(answered.flatMap(recordData))]
    const evidence = lines(rs)
    const observed = a.length ? `A ${a.join(', ')}` : 'no A record'
    // An Ocata IPv6 migration write-up: an orphaned A record sent RabbitMQ to bind an IPv4 address the host no longer had.
    const why =
      'clients that pick the A record fail (an orphaned A record kept RabbitMQ from starting in an OpenStack IPv6 migration)'
    if (v.target.stack === 'ipv6-only') {
      const base = { check, subject: name, expected: 'no A record (the target is IPv6-only)', observed, evidence }
      if (!a.length) return pass(base)
      return fail({ ...base, remedy: `delete the A record for ${name} (${a.join(', ')}): ${why}` })
    }
    const base = { check, subject: name, expected: 'every A address held by a host of the target', evidence }
    if (!a.length) return pass({ ...base, observed })
    const joined = judgedWhenJoined(v, "every host's addresses")
    if (joined) return skipped(check, name, joined)
    if (!v.hostsKnown)
      return skipped(check, name, 'no host of the target was observed, so A records cannot be matched to hosts')
    const orphans = a.filter((x) => !v.hostAddresses.some((h) => sameAddress(h, x)))
    if (!orphans.length) return pass({ ...base, observed: `${observed}, each held by a host of the target` })
    return fail({
      ...base,
      observed: orphans.map((o) => `${o} is held by no host of the target`).join('; '),
      remedy: `delete the stale A record (${orphans.join(', ')}) for ${name}, or point it at the host that serves ${name}: ${why}`,
    })
  })
})

const CLASS_TEXT: Record<AddrClass, string> = {
  unspecified: 'the unspecified address',
  loopback: 'loopback',
  'v4-mapped': 'IPv4-mapped (IPv4 in disguise)',
  'link-local': 'link-local (valid on one link only, and no DNS answer carries the zone)',
  ula: 'unique local (fc00::/7, RFC 4193)',
  documentation: 'documentation space (RFC 3849, RFC 9637)',
  '6to4': '6to4 (2002::/16, ranked below IPv4 by RFC 6724)',
  teredo: 'Teredo (2001::/32, ranked below IPv4 by RFC 6724)',
  multicast: 'multicast',
  global: 'global unicast',
  other: 'outside global unicast (2000::/3)',
}

export const aaaaScope = judgeUnderlay(DNS_AAAA_SCOPE, (v) => {
  const check = DNS_AAAA_SCOPE.id
  const prefixes = v.target.prefixes
  const ownPrefix = (a: string) => prefixes.find((p) => inPrefix(a, p))
  return perName(check, v, (name) => {
    const rs = answersFor(v, name, 'AAAA')
    const all = uniqueAddresses(rs.flatMap(recordData))
    if (!all.length) return skipped(check, name, `no AAAA record for ${name}, see underlay.dns.aaaa`)
    const base = {
      check,
      subject: name,
      expected: `global unicast${prefixes.length ? `, or inside ${prefixes.join(', ')}` : ''}`,
      evidence: lines(rs),
    }
    const bad = all.filter((a) => !ownPrefix(a) && !isGlobalUnicast(a))
    if (!bad.length)
      return pass({ ...base, observed: all.map((a) => (ownPrefix(a) ? `${a} (in ${ownPrefix(a)})` : a)).join(', ') })
    return fail({
      ...base,
      observed: bad.map((a) => `${a} is ${CLASS_TEXT[classifyIPv6(a) ?? 'other']}`).join('; '),
      remedy: `publish the address ${name} is served on from a global prefix, never a link-local, mapped, 6to4 or Teredo one (RFC 6724); if the prefix is the target's own (a lab in 2001:db8::/32, a ULA), list it under \`prefixes\` in the targets file`,
    })
  })
})

/** `[2001:db8::53]:53` → `2001:db8::53`. */
const labelAddress = (label: string): string => /^\[(.*)\]:\d+$/.exec(label)?.[1] ?? label

/** `REFUSED (3 queries)`, or the error and its first detail: what one transport got back. */
function tally(rs: DnsResult[]): string {
  const counts = new Map<string, number>()
  for (const r of rs) {
    const key = r.ok ? r.rcode : `${r.error}: ${r.detail}`
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  return [...counts].map(([k, n]) => `${k} (${n} ${n === 1 ? 'query' : 'queries'})`).join(', ')
}

const refusedAll = (rs: DnsResult[]) =>
  rs.length > 0 && rs.every((r) => r.ok && (r.rcode === 'REFUSED' || r.rcode === 'SERVFAIL'))

export const resolverV6 = judgeUnderlay(DNS_RESOLVER_V6, (v) => {
  const check = DNS_RESOLVER_V6.id
  // A resolver is a subject of shard 1 alone (lib/targets/shard.ts), which leaves it to merge-reports.
  if (v.shard && v.shard.index !== 1) return []
  const joined = judgedWhenJoined(v, "every checked name's answers")
  if (joined) return v.underlay.resolvers.map((label) => skipped(check, label, joined))
  return v.underlay.resolvers.map((label) => {
    const rs = v.underlay.dns.filter((r) => r.server === label)
    const tcp = v.underlay.tcpOnly.find((r) => r.server === label)
    if (!rs.length && !tcp) return skipped(check, label, 'no name to ask')
    const address = labelAddress(label)
    // The client only ever opens IPv6 sockets, so any reply came over IPv6.
    const where = { address, ...([...rs, ...(tcp ? [tcp] : [])].some((r) => r.ok) && { family: 'IPv6' as const }) }
    // UDP answered when a reply came over it, even a truncated one that sent the query on to TCP.
    const udpOk = rs.some(
      (r) => (conclusive(r) && (r.transport === 'udp' || r.tc)) || (!r.ok && r.error === 'tcp-failed'),
    )
    const tcpOk = tcp !== undefined && conclusive(tcp)
    const shown = rs.slice(0, 12).map((r) => showDns(r, true))
    const evidence = [
      ...(tcp ? [`TCP only: ${showDns(tcp, true)}`] : []),
      ...shown,
      ...(rs.length > shown.length ? [`… and ${rs.length - shown.length} more`] : []),
    ].join('\n')
    const udpText = udpOk ? 'answers' : rs.length ? tally(rs) : 'not asked'
    const tcpText = tcpOk ? 'answers' : tcp ? tally([tcp]) : 'not asked'
    const base = {
      check,
      subject: label,
      expected: 'answers over IPv6 on UDP and on TCP port 53',
      observed: `UDP: ${udpText}; TCP: ${tcpText}`,
      evidence,
      where,
    }
    if (udpOk && tcpOk) return pass(base)
    if (refusedAll([...rs, ...(tcp ? [tcp] : [])]))
      return fail({
        ...base,
        observed: `refused our queries: ${base.observed}`,
        remedy: `allow the runner's address in the resolver's ACL (BIND allow-query/allow-recursion, Unbound access-control, dnsmasq local-service) and make it serve the names it is asked`,
      })
    const remedy = remedies(
      !udpOk &&
        `make the resolver listen on ${address} port 53 over UDP and let it in (ip6tables -I INPUT -p udp --dport 53 -j ACCEPT; BIND listen-on-v6, Unbound interface:, dnsmasq listen-address)`,
      !tcp && 'observe again: this observation has no TCP-only query for the resolver',
      !tcpOk &&
        !!tcp &&
        `open TCP 53 on ${address} (ip6tables -I INPUT -p tcp --dport 53 -j ACCEPT): RFC 7766 makes DNS over TCP mandatory, and large answers (big RRsets, DNSSEC) need it`,
    )
    return fail({ ...base, remedy })
  })
})

export const consistent = judgeUnderlay(DNS_CONSISTENT, (v) => {
  const check = DNS_CONSISTENT.id
  return perName(check, v, (name) => {
    const rs = answersFor(v, name, 'AAAA')
    const base = { check, subject: name, expected: 'the same AAAA set from every resolver', evidence: lines(rs) }
    if (v.underlay.resolvers.length === 1) return pass({ ...base, observed: 'one resolver' })
    // NXDOMAIN is an answer too: the empty set.
    const sets = rs
      .filter(conclusive)
      .map((r) => ({ server: r.server, set: r.rcode === 'NXDOMAIN' ? [] : uniqueAddresses(recordData(r)).sort() }))
    const [ref, ...others] = sets
    if (!ref || !others.length)
      return skipped(
        check,
        name,
        `fewer than two resolvers answered the AAAA query for ${name}, see underlay.dns.resolver-v6 and underlay.dns.aaaa`,
      )
    const observed = sets.map((s) => `${s.server} ${braces(s.set)}`).join(', ')
    const diffs = others.flatMap((o) => {
      const lacks = ref.set.filter((a) => !o.set.includes(a))
      const extra = o.set.filter((a) => !ref.set.includes(a))
      return [
        ...(lacks.length ? [`${o.server} lacks ${lacks.join(', ')}, which ${ref.server} has`] : []),
        ...(extra.length ? [`${o.server} has ${extra.join(', ')}, which ${ref.server} lacks`] : []),
      ]
    })
    if (!diffs.length) return pass({ ...base, observed })
    return fail({
      ...base,
      observed: `${observed}: ${diffs.join('; ')}`,
      remedy: `compare the zone's SOA serial at each resolver (dig @<resolver> <zone> SOA): a stale secondary needs NOTIFY and zone transfers (AXFR/IXFR) from the primary; split-horizon views must give the runner the same answer`,
    })
  })
})

interface Confirmation {
  ok: boolean
  text: string
  evidence: DnsResult[]
}

/** Forward-confirmed reverse DNS for one address: a PTR whose target's AAAA holds the address. */
function confirm(v: UnderlayView, addr: string): Confirmation {
  const ptrs = answersFor(v, ptrName(addr) ?? '', 'PTR')
  const targets = [...new Set(ptrs.flatMap(recordData))]
  if (!targets.length) {
    const nx = ptrs.length > 0 && ptrs.every((r) => r.ok && r.rcode === 'NXDOMAIN')
    const why = nx
      ? 'NXDOMAIN at every resolver'
      : ptrs.length
        ? ptrs.map((r) => `${r.server}: ${statusOf(r, 'PTR')}`).join('; ')
        : 'not asked'
    return { ok: false, text: `${addr}: no PTR (${why})`, evidence: ptrs }
  }
  const forward = targets.map((t) => ({ t, rs: answersFor(v, t, 'AAAA') }))
  const evidence = [...ptrs, ...forward.flatMap((f) => f.rs)]
  // Any one PTR record that leads back is enough (a PTR RRset may hold several names).
  const hit = forward.find((f) => f.rs.some((r) => recordData(r).some((x) => sameAddress(x, addr))))
  if (hit) return { ok: true, text: `${addr} → PTR ${hit.t} → AAAA ${addr}`, evidence }
  const why = forward.map((f) =>
    f.rs.some(conclusive)
      ? `PTR ${f.t} whose AAAA is ${braces(uniqueAddresses(f.rs.flatMap(recordData)))}, not ${addr}`
      : `no AAAA answer for PTR target ${f.t}`,
  )
  return { ok: false, text: `${addr}: ${why.join('; ')}`, evidence }
}

export const reverse = judgeUnderlay(DNS_REVERSE, (v) => {
  const check = DNS_REVERSE.id
  if (!v.target.dns?.reverse) return []
  return perName(check, v, (name) => {
    const addrs = uniqueAddresses(answersFor(v, name, 'AAAA').flatMap(recordData)).filter(dialable)
    if (!addrs.length) return skipped(check, name, `no dialable AAAA for ${name}, see underlay.dns.aaaa`)
    const results = addrs.map((a) => ({ a, ...confirm(v, a) }))
    const base = {
      check,
      subject: name,
      expected: `a PTR for each AAAA of ${name} whose name resolves back to the address`,
      evidence: lines([...new Set(results.flatMap((r) => r.evidence))], true),
    }
    const bad = results.filter((r) => !r.ok)
    if (!bad.length) return pass({ ...base, observed: results.map((r) => r.text).join('; ') })
    const first = bad[0]?.a ?? ''
    return fail({
      ...base,
      observed: bad.map((r) => r.text).join('; '),
      remedy: `add the PTR in the ip6.arpa zone, matching the forward name (${ptrName(first)}. IN PTR ${name}.; dnsmasq host-record=${name},${first} writes both), as RFC 1912 §2.1 asks: sshd UseDNS, Kerberos, RabbitMQ and log tooling depend on it`,
    })
  })
})
