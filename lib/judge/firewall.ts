// hosts.firewall.icmpv6: the RFC 4890 ICMPv6 through the host's IPv6 filter rules, as both tools list
// them (lib/judge/icmpv6-policy.ts walks the rules). One verdict per host.
import { FIREWALL_ICMPV6 } from '../checks/hosts/firewall.ts'
import type { FirewallFacts, RulesRead } from '../observe/facts.ts'
import { describeIdentity } from '../observe/parse/identity.ts'
import { fail, pass, skipped, type Verdict } from '../verdict.ts'
import { conf, needs, subjectOf, whereOf, type HostView } from './host-view.ts'
import {
  ERRORS,
  ICMPV6_NAMES,
  ip6tablesBases,
  MLD,
  ND,
  nftBases,
  runPath,
  type BaseChain,
  type Chain,
  type PathOutcome,
  type Probe,
} from './icmpv6-policy.ts'
import { judgeFacts } from './judged.ts'

/** The base chains both listings give, with what could not be read and what the tools said. */
export function firewallBases(f: FirewallFacts): { bases: BaseChain[]; unread: string[]; notes: string[] } {
  const ipt = f.ip6tables.read
  const nft = f.nft.read
  const bases: BaseChain[] = []
  const unread: string[] = []
  const notes: string[] = []
  const readOk = <T>(r: RulesRead<T>, label: string): T | undefined => {
    if (r.state === 'ok') {
      notes.push(...r.notes.map((n) => `${label}: ${n}`))
      return r.value
    }
    unread.push(r.reason)
    return undefined
  }
  const i = readOk(ipt, f.ip6tables.command)
  const n = readOk(nft, f.nft.command)
  const nftIp6Filter = n?.chains.some((c) => c.family === 'ip6' && c.table === 'filter')
  // ip6tables-save (nf_tables) lists nft's `ip6 filter` table: judged there, where its xtables matches are readable.
  let ip6FilterFromIpt = false
  if (i) {
    if (i.backend !== 'nf_tables') bases.push(...ip6tablesBases(i))
    else if (i.incompatible) {
      if (!n)
        unread.push(`${f.ip6tables.command}: the ip6 filter table holds chains only nft lists, and nft was not read`)
    } else if (!n || nftIp6Filter) {
      bases.push(...ip6tablesBases(i))
      ip6FilterFromIpt = true
    }
    if (i.legacyHidden)
      unread.push(
        `${f.ip6tables.command} warns that ip6tables-legacy tables are present: their rules show in neither listing (ip6tables-legacy-save -t filter shows them)`,
      )
  }
  if (n) {
    bases.push(...nftBases(n, (family, table) => ip6FilterFromIpt && family === 'ip6' && table === 'filter'))
    if (n.otherTables.length) notes.push(`not judged: ${n.otherTables.map((t) => `table ${t}`).join(', ')}`)
  }
  return { bases, unread, notes }
}

type Kind = 'error' | 'nd' | 'mld'
interface Case {
  probe: Probe
  kind: Kind
}

function cases(forwarding: boolean): Case[] {
  const errors = (path: Probe['path']) =>
    ERRORS.map((type): Case => ({ kind: 'error', probe: { type, path, source: 'global', ct: 'related' } }))
  return [
    ...errors('input'),
    ...ND.map(
      (type): Case => ({
        kind: 'nd',
        probe: { type, path: 'input', source: 'link-local', ct: 'untracked', hoplimit: 255 },
      }),
    ),
    ...MLD.map(
      (type): Case => ({
        kind: 'mld',
        probe: { type, path: 'input', source: 'link-local', ct: 'untracked', hoplimit: 1 },
      }),
    ),
    ...(forwarding ? errors('forward') : []),
  ]
}

const typeName = (t: number) => `${ICMPV6_NAMES[t] ?? 'type'} (${t})`
const typeList = (ts: number[]) => ts.map(typeName).join(', ')

/** The accept rules that go before the drop, in the tool of the chain that drops. */
function remedyFor(chain: Chain, byKind: Map<Kind, number[]>): string[] {
  const out: string[] = []
  for (const [kind, types] of byKind) {
    const ins = chain.insert
    if (ins.tool === 'nft') {
      const qual = kind === 'nd' ? ' ip6 hoplimit 255' : ''
      const src = kind === 'mld' ? 'ip6 saddr fe80::/10 ' : ''
      out.push(
        `nft insert rule ${ins.family} ${ins.table} ${ins.chain} ${src}icmpv6 type { ${types.map((t) => ICMPV6_NAMES[t]).join(', ')} }${qual} accept`,
      )
    } else
      for (const t of types)
        out.push(
          `ip6tables -I ${ins.chain}${kind === 'mld' ? ' -s fe80::/10' : ''} -p ipv6-icmp --icmpv6-type ${t}${kind === 'nd' ? ' -m hl --hl-eq 255' : ''} -j ACCEPT`,
        )
  }
  return out
}

const EXPECTED_INPUT =
  'input accepts destination-unreachable (1), packet-too-big (2), time-exceeded (3) and parameter-problem (4), and from link-local sources neighbour discovery (133-136) and MLD (130, 131, 132, 143)'

export const icmpv6Firewall = judgeFacts(FIREWALL_ICMPV6, (v: HostView): Verdict[] => {
  const check = FIREWALL_ICMPV6.id
  return needs(check, v, ['firewall', 'sysctls'], () => {
    const f = v.facts.firewall.ok ? v.facts.firewall.value : undefined
    if (!f) return []
    const forwarding = conf(v, 'all', 'forwarding') === 1
    const base = {
      check,
      subject: subjectOf(v),
      expected: `${EXPECTED_INPUT}${forwarding ? '; forward (forwarding is on) accepts 1-4' : ''}`,
      where: whereOf(v),
    }
    const { ip6tables, nft } = f
    if (ip6tables.read.state !== 'ok' && nft.read.state !== 'ok') {
      const reads = [ip6tables.read, nft.read]
      const all = (s: string) => reads.every((r) => r.state === s)
      const why = all('missing')
        ? 'neither ip6tables-save nor nft is installed, so no IPv6 filter rules can be read'
        : all('not-root')
          ? `not readable by ${describeIdentity(v.facts.identity.ok ? v.facts.identity.value : undefined)}: both tools need root (set ssh.become: sudo for this host, docs/ssh.md)`
          : 'no IPv6 filter rules could be read'
      const reasons = reads.map((r) => r.reason)
      return [skipped(check, base.subject, `${why}: ${reasons.join('; ')}`, base.where)]
    }
    const { bases, unread, notes } = firewallBases(f)
    const judged = cases(forwarding).map((c) => ({ ...c, out: runPath(bases, c.probe) }))
    const chainsRead = bases.map((b) => `${b.chain.label} (hook ${b.hook}, priority ${b.prio})`)
    const evidence = [
      `base chains judged: ${chainsRead.length ? chainsRead.join('; ') : 'none'}`,
      ...notes,
      ...unread.map((u) => `not read: ${u}`),
    ].join('\n')
    const notRead = unread.length ? ` (not read: ${unread.join('; ')})` : ''

    const drops = judged.filter(
      (j): j is typeof j & { out: Extract<PathOutcome, { kind: 'drop' }> } => j.out.kind === 'drop',
    )
    const unknown = judged.filter((j) => j.out.kind === 'unknown')
    const cannot = unknown.map(
      (j) =>
        `cannot tell for ${typeName(j.probe.type)} on ${j.probe.path}: ${j.out.kind === 'unknown' ? j.out.reasons.join('; ') : ''}`,
    )
    if (drops.length) {
      // One line per path and deciding rule, the types it drops together.
      const groups = new Map<
        string,
        { path: string; by: string[]; when: string[]; chain: Chain; byKind: Map<Kind, number[]> }
      >()
      for (const d of drops) {
        const key = `${d.probe.path}|${d.out.by.join('|')}|${d.out.when.join('|')}`
        const g = groups.get(key) ?? {
          path: d.probe.path,
          by: d.out.by,
          when: d.out.when,
          chain: d.out.chain,
          byKind: new Map(),
        }
        g.byKind.set(d.kind, [...(g.byKind.get(d.kind) ?? []), d.probe.type])
        groups.set(key, g)
      }
      const lines = [...groups.values()].map(
        (g) =>
          `${g.path} drops ${typeList([...g.byKind.values()].flat())}: ${g.by.join(' or ')}${g.when.length ? ` when ${g.when.join(' and ')}` : ''}`,
      )
      const remedies = [...new Set([...groups.values()].flatMap((g) => remedyFor(g.chain, g.byKind)))]
      return [
        fail({
          ...base,
          observed: `${[...lines, ...cannot].join('; ')}${notRead}`,
          remedy: `${remedies.join('; ')}; then keep the rules where the firewall's configuration lives (/etc/nftables.conf, /etc/ufw/before6.rules, the firewall manager's own files)`,
          evidence,
        }),
      ]
    }
    if (unknown.length) return [skipped(check, base.subject, `${cannot.join('; ')}${notRead}`, base.where)]
    const related = [
      ...new Set(
        judged.filter((j) => j.out.kind === 'accept' && j.out.ct && j.kind === 'error').map((j) => j.probe.path),
      ),
    ]
    const relatedNote = related.length
      ? `; errors (1-4) on ${related.join(' and ')} are accepted as RELATED, which covers the flows conntrack tracks (an error about traffic it does not track is INVALID and meets the other rules)`
      : ''
    return [
      pass({
        ...base,
        observed: `${
          bases.length
            ? `accepted by every base chain on their way (${chainsRead.join('; ')})`
            : 'no IPv6 filter chain on prerouting, input or forward: nothing is filtered'
        }${relatedNote}${notRead}`,
        evidence,
      }),
    ]
  })
})
