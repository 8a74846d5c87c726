// Judges of a Docker host's IPv6 (the OPNFV IPv6 project's container notes): daemon.json turns IPv6 on,
// the container prefix leaves room for MAC-derived addresses and fits the host's links, no NAT66,
// and, where containers share the uplink's prefix, the NDP proxy that makes them reachable.
//
// The docker bridge is found, not named: it is the interface holding a global address inside
// fixed-cidr-v6 (dockerd gives docker0 the prefix's gateway). The uplink, in ndp-proxy mode, is the
// interface whose on-link prefix holds fixed-cidr-v6: that is the link the NDP proxy answers on.
import { describeIdentity } from '../observe/parse/identity.ts'
import { addressValue, inPrefix, prefixContains, prefixesOverlap, prefixNetwork } from '../net/index.ts'
import type { ContainerFacts, DockerdVersion, FixedCidrV6, NatRead, Neighbour, NeighTable } from '../observe/facts.ts'
import { ipv6ConfName } from '../targets/sysctl-path.ts'
import { fail, pass, skipped, type Verdict } from '../verdict.ts'
import {
  conf,
  couldNotRead,
  isLoopback,
  needs,
  subjectOf,
  whereOf,
  type HostJudge,
  type HostView,
} from './host-view.ts'
import {
  CONTAINER_CIDR,
  CONTAINER_DAEMON_IPV6,
  CONTAINER_NDP_PROXY,
  CONTAINER_NO_NAT66,
} from '../checks/hosts/container.ts'
import { judgeFacts } from './judged.ts'

/**
 * Docker writes the container's 48-bit MAC into the last 48 bits of its address, so the prefix may
 * be at most 128 - 48 = 80 bits long (the OPNFV IPv6 notes: "at least a /80", so addresses end with the MAC and
 * NDP neighbour caches are not invalidated).
 */
const LONGEST_PREFIX = 80

/** The containers facts; only judged inside needs(['containers', …]), which skips a host without them. */
function containersOf(v: HostView): ContainerFacts {
  if (!v.facts.containers.ok) throw new Error(`containers judged without the fact: ${v.facts.containers.error}`)
  return v.facts.containers.value
}

// ---- what dockerd's release changes ----

/**
 * From Docker Engine 28.0 an IPv6 default bridge without "fixed-cidr-v6" takes a subnet from
 * "default-address-pools", as a user-defined bridge does (moby/moby#48319, closing #47990); before,
 * it took no IPv6 subnet at all. With no IPv6 base in the pools, that subnet comes from a ULA /48
 * derived from the engine's ID (moby/moby#47853, Docker Engine 27.0).
 */
const POOLED_BRIDGE_SINCE = 28

const dockerdNamed = (d: DockerdVersion): string =>
  d.state === 'ok' ? `dockerd ${d.version}` : `dockerd (its version not read: ${d.reason})`

/** dockerd's release, when it gives this host's IPv6 default bridge a pool subnet: "ipv6" true, no "fixed-cidr-v6", 28.0 or later. */
function pooledBridge(c: ContainerFacts): (DockerdVersion & { state: 'ok' }) | undefined {
  const d = c.daemon.json
  if (d.state !== 'ok' || d.settings.ipv6 !== true || d.settings['fixed-cidr-v6'] !== undefined) return undefined
  return c.dockerd.state === 'ok' && c.dockerd.major >= POOLED_BRIDGE_SINCE ? c.dockerd : undefined
}

/** The IPv6 bases of daemon.json's "default-address-pools", as written. */
function ipv6Pools(settings: Record<string, unknown>): string[] {
  const pools = settings['default-address-pools']
  if (!Array.isArray(pools)) return []
  return pools.flatMap((p: unknown) => {
    const base = typeof p === 'object' && p !== null ? (p as { base?: unknown }).base : undefined
    return typeof base === 'string' && base.includes(':') ? [base] : []
  })
}

// ---- hosts.container.daemon-ipv6 ----

export const daemonIpv6 = judgeFacts(CONTAINER_DAEMON_IPV6, (v) => {
  const check = CONTAINER_DAEMON_IPV6.id
  if (!v.host.containers) return []
  return needs(check, v, ['containers'], () => {
    const { path: daemonJson, json: d } = containersOf(v).daemon
    const base = {
      check,
      subject: subjectOf(v),
      expected: `${daemonJson} with "ipv6": true and an IPv6 "fixed-cidr-v6" (from Docker Engine ${POOLED_BRIDGE_SINCE}.0, "ipv6": true alone)`,
      where: whereOf(v),
    }
    const remedy = `set "ipv6": true and "fixed-cidr-v6": "<prefix>/80" in ${daemonJson}, then restart dockerd`
    if (d.state === 'unreadable') return [skipped(check, base.subject, `${daemonJson}: ${d.note}`, base.where)]
    if (d.state === 'absent')
      return [
        fail({
          ...base,
          observed: `no ${daemonJson}: dockerd runs with "ipv6" false, so containers get no IPv6 (dockerd's command-line flags are not read)`,
          remedy: `create ${daemonJson} with {"ipv6": true, "fixed-cidr-v6": "<prefix>/80"}, then restart dockerd`,
          evidence: d.note,
        }),
      ]
    if (d.state === 'invalid')
      return [
        fail({
          ...base,
          observed: `${daemonJson} is ${d.note}: dockerd refuses to start with it`,
          remedy: `fix the file (${d.note}); ${remedy}`,
          evidence: d.text,
        }),
      ]
    const problems: string[] = []
    const ipv6 = d.settings.ipv6
    if (ipv6 === undefined) problems.push('no "ipv6" (it defaults to false)')
    else if (typeof ipv6 !== 'boolean')
      problems.push(`"ipv6" is ${JSON.stringify(ipv6)}, not a JSON boolean (dockerd refuses it)`)
    else if (!ipv6) problems.push('"ipv6" is false')
    const cidr = d.fixedCidrV6
    const containers = containersOf(v)
    const pooled = pooledBridge(containers)
    const unset = d.settings['fixed-cidr-v6'] === undefined
    if (!cidr.ok && !pooled)
      problems.push(
        unset
          ? `no "fixed-cidr-v6", which ${dockerdNamed(containers.dockerd)} needs: before Docker Engine ${POOLED_BRIDGE_SINCE}.0 the default bridge takes no IPv6 subnet without it`
          : cidr.why,
      )
    const evidence = [d.text.trimEnd(), containers.dockerd.state === 'ok' ? containers.dockerd.text : ''].join('\n')
    if (!problems.length && cidr.ok)
      return [
        pass({ ...base, observed: `"ipv6": true, "fixed-cidr-v6": ${JSON.stringify(cidr.written)}`, evidence: d.text }),
      ]
    if (!problems.length && pooled)
      return [
        pass({
          ...base,
          observed: `"ipv6": true without "fixed-cidr-v6": dockerd ${pooled.version} gives the default bridge a subnet from "default-address-pools" (hosts.container.cidr judges where it lies)`,
          evidence,
        }),
      ]
    const upgrade =
      unset && problems.length === 1 && !pooled
        ? ` (or run Docker Engine ${POOLED_BRIDGE_SINCE}.0 or later, where "ipv6": true alone gives the default bridge a subnet)`
        : ''
    return [
      fail({ ...base, observed: problems.join('; '), remedy: remedy + upgrade, evidence: unset ? evidence : d.text }),
    ]
  })
})

// ---- what the prefix checks share ----

/** fixed-cidr-v6 as dockerd uses it, only when daemon-ipv6 would accept the file. */
function containerPrefix(v: HostView): FixedCidrV6 {
  const { path: daemonJson, json: d } = containersOf(v).daemon
  if (d.state === 'absent') return { ok: false, why: `no ${daemonJson}` }
  if (d.state !== 'ok') return { ok: false, why: `${daemonJson}: ${d.note}` }
  if (d.settings.ipv6 !== true) return { ok: false, why: '"ipv6" is not true' }
  return d.fixedCidrV6
}

const noPrefix = (why: string): string => `no usable fixed-cidr-v6 (${why}): see hosts.container.daemon-ipv6`

interface OnLink {
  iface: string
  /** The network of a global address: `2001:db8:0:1::/64`. */
  prefix: string
}

/** Every non-loopback interface's on-link prefixes, from its global addresses (a /128 has none). */
function onLinkPrefixes(v: HostView): OnLink[] {
  const seen = new Set<string>()
  const out: OnLink[] = []
  for (const i of v.facts.interfaces.ok ? v.facts.interfaces.value : []) {
    if (isLoopback(i)) continue
    for (const a of i.addresses) {
      if (a.family !== 'inet6' || a.scope !== 'global' || a.dadfailed || a.prefixlen >= 128) continue
      const prefix = prefixNetwork(`${a.address}/${a.prefixlen}`)
      if (prefix && !seen.has(`${i.name} ${prefix}`)) {
        seen.add(`${i.name} ${prefix}`)
        out.push({ iface: i.name, prefix })
      }
    }
  }
  return out
}

/** The docker bridge(s): interfaces holding a global address inside the container prefix. */
function bridgesOf(v: HostView, prefix: string): Set<string> {
  const ifaces = v.facts.interfaces.ok ? v.facts.interfaces.value : []
  return new Set(
    ifaces
      .filter((i) =>
        i.addresses.some((a) => a.family === 'inet6' && a.scope === 'global' && inPrefix(a.address, prefix)),
      )
      .map((i) => i.name),
  )
}

const showOnLink = (os: OnLink[]): string => os.map((o) => `${o.iface} ${o.prefix}`).join(', ')

// ---- hosts.container.cidr ----

/**
 * A pool subnet (dockerd 28.0 and later, no "fixed-cidr-v6"): with no IPv6 base in the pools it is a
 * ULA of dockerd's own, which no router routes to this host and which is outside the uplink's
 * prefix, so neither mode can reach the containers; with an IPv6 base, which subnet dockerd took is
 * not in daemon.json.
 */
function pooledVerdict(check: string, v: HostView, mode: 'routed' | 'ndp-proxy'): Verdict | undefined {
  const c = containersOf(v)
  const pooled = pooledBridge(c)
  if (!pooled || c.daemon.json.state !== 'ok') return undefined
  const { path: daemonJson } = c.daemon
  const subject = subjectOf(v)
  const pools = ipv6Pools(c.daemon.json.settings)
  if (pools.length)
    return skipped(
      check,
      subject,
      `no "fixed-cidr-v6": dockerd ${pooled.version} takes the default bridge's subnet from "default-address-pools" (${pools.join(', ')}), and which one it took is not in ${daemonJson}; set "fixed-cidr-v6" to have it judged`,
      whereOf(v),
    )
  const needed = mode === 'routed' ? 'a prefix routed to this host' : "a prefix inside the uplink's /64"
  return fail({
    check,
    subject,
    expected: `"fixed-cidr-v6": ${needed} (${mode} mode)`,
    observed: `no "fixed-cidr-v6" and no IPv6 base in "default-address-pools": dockerd ${pooled.version} gives the default bridge a subnet of its own ULA /48, which ${mode === 'routed' ? 'no router routes to this host' : "the uplink's router never asks this host for"}, so the containers cannot be reached from outside it`,
    remedy: `set "fixed-cidr-v6": "<${needed}>/80" in ${daemonJson}, then restart dockerd`,
    where: whereOf(v),
    evidence: `${c.daemon.json.text.trimEnd()}\n${pooled.text}`,
  })
}

export const containerCidr = judgeFacts(CONTAINER_CIDR, (v) => {
  const check = CONTAINER_CIDR.id
  const spec = v.host.containers
  if (!spec) return []
  return needs(check, v, ['containers', 'interfaces'], () => {
    const pooled = pooledVerdict(check, v, spec.mode)
    if (pooled) return [pooled]
    const p = containerPrefix(v)
    if (!p.ok) return [skipped(check, subjectOf(v), noPrefix(p.why), whereOf(v))]
    const bridge = bridgesOf(v, p.prefix)
    const others = onLinkPrefixes(v).filter((o) => !bridge.has(o.iface))
    const problems: string[] = []
    const fixes: string[] = []
    const notes: string[] = []
    if (p.prefixlen > LONGEST_PREFIX) {
      problems.push(
        `fixed-cidr-v6 ${p.prefix} is a /${p.prefixlen}: it leaves ${128 - p.prefixlen} bits, and Docker puts the container's 48-bit MAC in the last 48, so /80 is the longest prefix that fits (128 - 48)`,
      )
      fixes.push(`give fixed-cidr-v6 a /${LONGEST_PREFIX} (or a shorter prefix)`)
    }
    if (spec.mode === 'routed') {
      const hit = others.filter((o) => prefixesOverlap(o.prefix, p.prefix))
      for (const o of hit)
        problems.push(
          `${p.prefix} overlaps ${o.iface}'s on-link ${o.prefix}: on that link these addresses are on-link, so they are asked for by Neighbor Solicitation, not routed to this host`,
        )
      if (hit.length)
        fixes.push(
          'take fixed-cidr-v6 from a prefix routed to this host and on none of its links (or use mode ndp-proxy and proxy NDP for it)',
        )
      else
        notes.push(
          `disjoint from ${others.length ? showOnLink(others) : "every interface's on-link prefix (there are none besides the bridge)"}`,
        )
    } else {
      const uplinks = others.filter((o) => prefixContains(o.prefix, p.prefix))
      const straddled = others.filter((o) => !uplinks.includes(o) && prefixesOverlap(o.prefix, p.prefix))
      if (!uplinks.length) {
        problems.push(
          `${p.prefix} is inside no uplink's on-link prefix (${showOnLink(others) || 'none'}): an NDP proxy answers only for addresses on the uplink's own prefix`,
        )
        fixes.push("carve fixed-cidr-v6 (a /80) out of the uplink's on-link /64")
      } else
        notes.push(
          `inside ${uplinks.map((u) => `${u.iface}'s on-link ${u.prefix}`).join(' and ')}: the prefix the NDP proxy answers for`,
        )
      for (const o of straddled)
        problems.push(`${p.prefix} overlaps ${o.iface}'s on-link ${o.prefix} without lying inside it`)
      if (straddled.length && uplinks.length) fixes.push("keep fixed-cidr-v6 clear of every prefix but the uplink's")
    }
    const base = {
      check,
      subject: subjectOf(v),
      expected:
        spec.mode === 'routed'
          ? "fixed-cidr-v6 at least a /80 (room for the 48-bit MAC), disjoint from the on-link prefixes of the host's other interfaces"
          : 'fixed-cidr-v6 at least a /80 (room for the 48-bit MAC), inside the on-link prefix of the uplink that proxies NDP for it',
      where: whereOf(v),
      evidence: [
        `fixed-cidr-v6 ${p.written} = ${p.prefix}; bridge ${[...bridge].join(', ') || 'none found'}`,
        ...others.map((o) => `on-link ${o.prefix} dev ${o.iface}`),
      ].join('\n'),
    }
    if (!problems.length) return [pass({ ...base, observed: `${p.prefix} (a /${p.prefixlen}), ${notes.join('; ')}` })]
    return [fail({ ...base, observed: problems.join('; '), remedy: `${fixes.join('; ')}; then restart dockerd` })]
  })
})

// ---- hosts.container.no-nat66 ----

export const noNat66 = judgeFacts(CONTAINER_NO_NAT66, (v) => {
  const check = CONTAINER_NO_NAT66.id
  if (!v.host.containers) return []
  return needs(check, v, ['containers'], () => {
    const c = containersOf(v)
    const ipt = c.nat.ip6tables.command
    const reads: [string, NatRead][] = [
      [ipt, c.nat.ip6tables.read],
      [c.nat.nft.command, c.nat.nft.read],
    ]
    const read = reads.flatMap(([label, r]) => (r.state === 'ok' ? [{ label, ...r }] : []))
    const unread = reads.flatMap(([, r]) => (r.state === 'ok' ? [] : [r.reason]))
    const base = {
      check,
      subject: subjectOf(v),
      expected:
        'no IPv6 source NAT: no MASQUERADE or SNAT in ip6tables-save -t nat, no masquerade or snat of IPv6 in an nft ip6 or inet table',
      where: whereOf(v),
    }
    if (!read.length) {
      const all = (s: NatRead['state']) => reads.every(([, r]) => r.state === s)
      const why = all('missing')
        ? 'neither ip6tables-save nor nft is installed, so there are no NAT rules to read'
        : all('not-root')
          ? `not readable by ${describeIdentity(v.facts.identity.ok ? v.facts.identity.value : undefined)}: both tools need root (set ssh.become: sudo for this host, docs/ssh.md)`
          : 'no NAT rules could be read'
      return [skipped(check, base.subject, `${why}: ${unread.join('; ')}`, base.where)]
    }
    const notes = read.flatMap((r) => r.notes.map((n) => `${r.label}: ${n}`))
    const found = read.filter((r) => r.rules.length)
    const iptFound = found.some((r) => r.label === ipt)
    if (found.length) {
      const observed = found
        .map(
          (r) =>
            `${r.label}: ${r.rules.map((x) => `${x.text}${x.xtables ? ' (iptables-nft, the same rule as ip6tables lists)' : ''}`).join('; ')}`,
        )
        .join(' | ')
      // ip6tables -D removes an iptables-nft rule from both views; nft's own rules need nft.
      const removals = found.flatMap((r) => r.rules.filter((x) => !(x.xtables && iptFound)).map((x) => x.remove))
      const { path: daemonJson, json: docker } = c.daemon
      const readds = docker.state === 'ok' && docker.settings.ip6tables === true
      return [
        fail({
          ...base,
          observed: `${observed}${unread.length ? ` (not read: ${unread.join('; ')})` : ''}`,
          remedy: `${removals.join('; ')}${readds ? '; dockerd adds it again at start while daemon.json has "ip6tables": true, so set that to false' : ''}; route fixed-cidr-v6 to the host or proxy NDP for it instead`,
          evidence: [
            ...found.flatMap((r) => r.rules.map((x) => `${r.label}: ${x.text}`)),
            ...notes,
            ...(readds ? [`${daemonJson}: "ip6tables": true`] : []),
          ].join('\n'),
        }),
      ]
    }
    // Rules found are findings whatever was not read; "none" needs a full read, and no hidden legacy tables.
    const legacy = read.some((r) => r.legacyHidden)
    if (legacy)
      return [
        skipped(
          check,
          base.subject,
          `${ipt} warns that ip6tables-legacy tables are present: their rules show in neither ${ipt} (nf_tables) nor nft; read them with ip6tables-legacy-save -t nat`,
          base.where,
        ),
      ]
    const full = read.filter((r) => !r.partial)
    const partly = read
      .filter((r) => r.partial)
      .map((r) => `${r.label}: cut at the size limit, and no NAT rule in the part read`)
    if (!full.length) return [skipped(check, base.subject, [...partly, ...unread].join('; '), base.where)]
    const notJudged = [...partly, ...unread]
    return [
      pass({
        ...base,
        observed: `no IPv6 NAT rule in ${full.map((r) => r.label).join(' or ')}${notJudged.length ? ` (not read: ${notJudged.join('; ')})` : ''}`,
        ...(notes.length ? { evidence: notes.join('\n') } : {}),
      }),
    ]
  })
})

// ---- hosts.container.ndp-proxy ----

const byAddress = (a: Neighbour, b: Neighbour): number => {
  const [x, y] = [addressValue(a.dst)?.value ?? 0n, addressValue(b.dst)?.value ?? 0n]
  return x < y ? -1 : x > y ? 1 : 0
}
const nonzero = (n: number | undefined): boolean => n !== undefined && n !== 0
const show = (n: number | undefined): string => (n === undefined ? 'absent' : String(n))

function judgeUplink(
  check: string,
  v: HostView,
  uplink: string,
  prefix: string,
  bridges: Set<string>,
  neigh: NeighTable,
  proxy: NeighTable,
): Verdict {
  const subject = subjectOf(v, uplink)
  const where = whereOf(v, uplink)
  if (!neigh.ok) return skipped(check, subject, neigh.error, where)
  if (!proxy.ok) return skipped(check, subject, proxy.error, where)
  // net/ipv6/ndisc.c, ndisc_recv_ns(): a Neighbor Solicitation for an address that is not ours is
  // answered when
  //   READ_ONCE(idev->cnf.forwarding) &&
  //   (READ_ONCE(net->ipv6.devconf_all->proxy_ndp) || READ_ONCE(idev->cnf.proxy_ndp)) &&
  //   (is_router = pndisc_is_router(&msg->target, dev)) >= 0
  // so the uplink (dev, where the NS arrives) must forward, proxy_ndp must be on in `all` or on the
  // uplink, and a proxy entry for the target must exist on the uplink itself.
  const fwd = conf(v, uplink, 'forwarding')
  const own = conf(v, uplink, 'proxy_ndp')
  const all = conf(v, 'all', 'proxy_ndp')
  const problems: string[] = []
  const fixes: string[] = []
  if (!nonzero(fwd)) {
    problems.push(`forwarding = ${show(fwd)} on ${uplink}: the kernel proxies NDP only on an interface that forwards`)
    fixes.push(`sysctl -w ${ipv6ConfName(uplink, 'forwarding')}=1`)
  }
  if (!nonzero(own) && !nonzero(all)) {
    problems.push(
      `proxy_ndp = ${show(own)} on ${uplink} and ${show(all)} in all: Neighbor Solicitations for the containers go unanswered`,
    )
    fixes.push(`sysctl -w ${ipv6ConfName(uplink, 'proxy_ndp')}=1`)
  }
  const live = (e: Neighbour): boolean => !e.state.some((s) => s === 'FAILED' || s === 'INCOMPLETE')
  const containers = [
    ...new Map(
      neigh.entries
        .filter((e) => !e.proxy && e.dev !== uplink && live(e) && inPrefix(e.dst, prefix))
        .map((e) => [e.dst, e]),
    ).values(),
  ].sort(byAddress)
  const onUplink = new Set(proxy.entries.filter((e) => e.dev === uplink).map((e) => e.dst))
  const missing = containers.filter((c) => !onUplink.has(c.dst))
  for (const m of missing) {
    const elsewhere = proxy.entries.filter((e) => e.dst === m.dst).map((e) => e.dev)
    problems.push(
      `no proxy entry on ${uplink} for ${m.dst} (a container on ${m.dev})${elsewhere.length ? `: its entry is on ${elsewhere.join(', ')}, and the kernel looks it up on the interface the solicitation arrives on` : ''}`,
    )
  }
  fixes.push(...missing.map((m) => `ip -6 neigh add proxy ${m.dst} dev ${uplink}`))
  const settings = `forwarding = ${show(fwd)} and proxy_ndp = ${show(own)} on ${uplink}, proxy_ndp = ${show(all)} in all`
  const unread = [...(neigh.unreadable ?? []), ...(proxy.unreadable ?? [])]
  // A proxy entry we could not read may be the one that looks missing: not failed on that guess.
  const [proxyUnread] = proxy.unreadable ?? []
  if (proxyUnread && missing.length && problems.length === missing.length)
    return skipped(check, subject, couldNotRead(proxyUnread), where)
  const evidence = [
    settings,
    ...containers.map(
      (c) => `neigh ${c.dst} dev ${c.dev}${c.lladdr ? ` lladdr ${c.lladdr}` : ''} ${c.state.join(',')}`,
    ),
    ...proxy.entries.map((e) => `neigh proxy ${e.dst} dev ${e.dev}`),
    // ip6_forward() takes unicast NDP for a proxied address locally only when conf.all.proxy_ndp is
    // set: with the uplink's alone, a router's unicast NUD probe is forwarded to the container (hop
    // limit 254, so dropped) and the router falls back to multicast solicitations.
    ...(nonzero(own) && !nonzero(all)
      ? [
          'note: conf.all.proxy_ndp = 0: unicast NUD probes for the containers are forwarded, not answered; neighbour entries on the router expire and are solicited again',
        ]
      : []),
    ...unread.map(couldNotRead),
  ].join('\n')
  if (!containers.length && !problems.length)
    return skipped(
      check,
      subject,
      `no container seen: no neighbour entry inside ${prefix} on ${[...bridges].join(', ') || 'the docker bridge'} (a container shows there once it has sent a packet)`,
      where,
    )
  const base = {
    check,
    subject,
    expected: `${uplink} forwards and proxies NDP (forwarding = 1, proxy_ndp = 1 on ${uplink} or in all), with a proxy entry on ${uplink} for every container address in ${prefix}`,
    where: { ...where, ...(missing[0] ? { address: missing[0].dst } : {}) },
    evidence,
  }
  if (!problems.length)
    return pass({
      ...base,
      observed: `${settings}; proxy entries on ${uplink} for every container seen (${containers.length}): ${containers.map((c) => c.dst).join(', ')}`,
    })
  return fail({
    ...base,
    observed: `${problems.join('; ')}${containers.length ? '' : ' (no container seen yet)'}`,
    remedy: `${fixes.join('; ')} (persist the sysctls; ndppd or a Docker network plugin can keep the entries)`,
  })
}

export const ndpProxy = judgeFacts(CONTAINER_NDP_PROXY, (v) => {
  const check = CONTAINER_NDP_PROXY.id
  // Routed containers are reached through a route to the host: nothing to proxy.
  if (v.host.containers?.mode !== 'ndp-proxy') return []
  return needs(check, v, ['containers', 'interfaces', 'sysctls'], () => {
    const pooled = pooledBridge(containersOf(v))
    if (pooled)
      return [
        skipped(
          check,
          subjectOf(v),
          `no "fixed-cidr-v6": dockerd ${pooled.version} gives the default bridge a pool subnet, which no NDP proxy answers for: see hosts.container.cidr`,
          whereOf(v),
        ),
      ]
    const p = containerPrefix(v)
    if (!p.ok) return [skipped(check, subjectOf(v), noPrefix(p.why), whereOf(v))]
    const bridges = bridgesOf(v, p.prefix)
    const uplinks = [
      ...new Set(
        onLinkPrefixes(v)
          .filter((o) => !bridges.has(o.iface) && prefixContains(o.prefix, p.prefix))
          .map((o) => o.iface),
      ),
    ]
    if (!uplinks.length)
      return [
        skipped(
          check,
          subjectOf(v),
          `no interface's on-link prefix holds fixed-cidr-v6 ${p.prefix}, so there is no uplink to proxy on: see hosts.container.cidr`,
          whereOf(v),
        ),
      ]
    const { neigh, proxyNeigh: proxy } = containersOf(v)
    return uplinks.map((u) => judgeUplink(check, v, u, p.prefix, bridges, neigh, proxy))
  })
})
