// What the host's IPv6 filter rules do with the ICMPv6 messages RFC 4890 says must not be dropped.
// Pure: the rules as ip6tables-save and nft list them in, one outcome per (hook, type) out.
//
// Netfilter's semantics, as the kernel applies them:
// - a hook runs every base chain registered on it, in priority order, across tables and families
//   (an ip6tables-legacy filter chain is one more, at priority 0): a packet passes only if every one
//   accepts it, so an accept in one table does not bypass a drop in another (nft(8), "Chains");
//   a packet for the host crosses prerouting then input, a forwarded one prerouting then forward;
// - within a chain, rules in order; jump returns at the end of the chain or at `return`, goto does
//   not come back; the end of a base chain is its policy;
// - conntrack: an ICMPv6 error about a tracked flow is RELATED (nf_conntrack_proto_icmpv6.c,
//   icmpv6_error_message); neighbour discovery and MLD are never tracked (the noct_valid_new types:
//   ct state untracked), so `ct state related` does not let them in;
// - ND packets arrive with hop limit 255 (RFC 4861 §6.1, §7.1), MLD with hop limit 1 (RFC 2710 §3,
//   RFC 3810 §5) from link-local sources; errors come from any source, with any hop limit.
// A match this code cannot decide for such a packet (an interface other than lo, a rate limit, an
// xtables match nft cannot show, a mark) forks the walk: when the outcomes differ, the answer is
// "cannot tell", naming the rule, unless only interfaces decide it (then it drops on those).
import { prefixContains, prefixesOverlap } from '../net/index.ts'
import type { Ip6tablesFilter, NftRuleset, NftSet } from '../observe/facts.ts'
import { isRecord, str, left as leftText } from '../observe/parse/nft-json.ts'

export type Path = 'input' | 'forward'

/** One message as the host receives it. */
export interface Probe {
  type: number
  path: Path
  source: 'link-local' | 'global'
  ct: 'related' | 'untracked'
  hoplimit?: number
}

export const ERRORS = [1, 2, 3, 4] as const
export const ND = [133, 134, 135, 136] as const
export const MLD = [130, 131, 132, 143] as const

/** nft's names (nft(8), ICMPV6 TYPE TYPE), ip6tables' numbers: the operator sees both. */
export const ICMPV6_NAMES: Record<number, string> = {
  1: 'destination-unreachable',
  2: 'packet-too-big',
  3: 'time-exceeded',
  4: 'parameter-problem',
  128: 'echo-request',
  129: 'echo-reply',
  130: 'mld-listener-query',
  131: 'mld-listener-report',
  132: 'mld-listener-done',
  133: 'nd-router-solicit',
  134: 'nd-router-advert',
  135: 'nd-neighbor-solicit',
  136: 'nd-neighbor-advert',
  137: 'nd-redirect',
  138: 'router-renumbering',
  141: 'ind-neighbor-solicit',
  142: 'ind-neighbor-advert',
  143: 'mld2-listener-report',
}
const NAME_TO_TYPE: Record<string, number> = {
  ...Object.fromEntries(Object.entries(ICMPV6_NAMES).map(([n, name]) => [name, Number(n)])),
  'mld-listener-reduction': 132,
  // ip6tables -p icmpv6 --help
  'no-route': 1,
  'communication-prohibited': 1,
  'address-unreachable': 1,
  'port-unreachable': 1,
  'beyond-scope': 1,
  'failed-policy': 1,
  'reject-route': 1,
  'ttl-exceeded': 3,
  'ttl-zero-during-transit': 3,
  'ttl-zero-during-reassembly': 3,
  'bad-header': 4,
  'unknown-header-type': 4,
  'unknown-option': 4,
  ping: 128,
  pong: 129,
  'router-solicitation': 133,
  'router-advertisement': 134,
  'neighbour-solicitation': 135,
  'neighbor-solicitation': 135,
  'neighbour-advertisement': 136,
  'neighbor-advertisement': 136,
  redirect: 137,
}
/** ip6tables names that stand for one code of a type: they match part of it. */
const CODE_NAMES = new Set([
  'no-route',
  'communication-prohibited',
  'address-unreachable',
  'port-unreachable',
  'beyond-scope',
  'failed-policy',
  'reject-route',
  'ttl-zero-during-transit',
  'ttl-zero-during-reassembly',
  'bad-header',
  'unknown-header-type',
  'unknown-option',
])

const PROTOCOLS: Record<string, number> = {
  'ipv6-icmp': 58,
  icmpv6: 58,
  icmp6: 58,
  tcp: 6,
  udp: 17,
  icmp: 1,
  sctp: 132,
  udplite: 136,
  dccp: 33,
  esp: 50,
  ah: 51,
  gre: 47,
  ospf: 89,
  vrrp: 112,
  igmp: 2,
  'ipv6-frag': 44,
  'ipv6-route': 43,
  'ipv6-nonxt': 59,
  'ipv6-opts': 60,
}

// ---- three-valued matching ----

/** A match the walk cannot decide: `iface` when only the interface decides it. */
export interface Maybe {
  reason: string
  iface: boolean
}
type Tri = boolean | Maybe

const maybe = (reason: string, iface = false): Maybe => ({ reason, iface })
const not = (t: Tri): Tri => (typeof t === 'boolean' ? !t : t)
function all(ts: Tri[]): Tri {
  if (ts.some((t) => t === false)) return false
  const open = ts.filter((t): t is Maybe => t !== true)
  if (!open.length) return true
  return { reason: open.map((m) => m.reason).join(', '), iface: open.every((m) => m.iface) }
}
function any(ts: Tri[]): Tri {
  if (ts.some((t) => t === true)) return true
  const open = ts.filter((t): t is Maybe => t !== false)
  if (!open.length) return false
  return { reason: open.map((m) => m.reason).join(', '), iface: open.every((m) => m.iface) }
}

const LINK_LOCAL = 'fe80::/10'
/** Sources an error to this host cannot have: link-local is possible (an on-link router), these not. */
const NEVER_SOURCES = ['ff00::/8', '::1/128', '::/128']

/** Whether a source prefix (or address) holds the probe's source. */
function sourceIn(prefix: string, p: Probe): Tri {
  const cidr = prefix.includes('/') ? prefix : `${prefix}/128`
  if (p.source === 'link-local') {
    if (prefixContains(cidr, LINK_LOCAL)) return true
    if (!prefixesOverlap(cidr, LINK_LOCAL)) return false
    return maybe(`source in ${prefix}`)
  }
  if (prefixContains(cidr, '::/0')) return true
  if (NEVER_SOURCES.some((n) => prefixContains(n, cidr))) return false
  return maybe(`source in ${prefix}`)
}

/** An interface name or pattern (`eth+` in ip6tables, `eth*` in nft): the packet arrived from the wire, not on lo. */
function ifaceIs(name: string, what: string): Tri {
  const n = name.replace(/^"|"$/g, '')
  if (n === 'lo') return false
  if (n === '+' || n === '*') return true
  return maybe(`${what} ${n}`, true)
}

// ---- the walk, shared by both tools ----

export type Action =
  | { kind: 'accept' }
  | { kind: 'drop' }
  | { kind: 'return' }
  | { kind: 'jump' | 'goto'; target: string }
  | { kind: 'unknown'; reason: string }

/** One way a rule can go for a probe: `action` null is no match (the next rule). */
interface Alt {
  cond?: string
  iface?: boolean
  action: Action | null
  /** It took ct state to get here (an accept of RELATED). */
  ct?: boolean
}

export interface Rule {
  /** As the operator reads it: the `-A` line, or `table inet filter chain input: …`. */
  text: string
  eval(p: Probe): Alt[]
}

export interface Chain {
  /** For messages: `INPUT`, `table inet filter chain input`. */
  label: string
  rules: Rule[]
  policy?: 'accept' | 'drop'
  /** Where an accept rule goes to come before a drop in this chain (the remedy). */
  insert: Insert
}

/** The commands that put an accept rule at the top of a chain. */
export type Insert =
  | { tool: 'ip6tables'; chain: string }
  | { tool: 'nft'; family: string; table: string; chain: string }

export interface BaseChain {
  chain: Chain
  hook: 'prerouting' | 'input' | 'forward'
  prio: number
  /** Jump targets, by name. */
  chains: Map<string, Chain>
}

interface End {
  kind: 'accept' | 'drop' | 'unknown' | 'return'
  /** The rule that decided (or the policy), and the chain it is in. */
  by?: string
  chain?: Chain
  conds: { text: string; iface: boolean }[]
  ct: boolean
  reason?: string
}

const MAX_ENDS = 512
const MAX_DEPTH = 32

function ruleAlts(r: Rule, p: Probe, match: Tri, action: Action, ct = false): Alt[] {
  if (match === false) return [{ action: null }]
  if (match === true) return [{ action, ct }]
  return [
    { cond: match.reason, iface: match.iface, action, ct },
    { cond: `not ${match.reason}`, iface: match.iface, action: null },
  ]
}

function walk(
  b: BaseChain,
  chain: Chain,
  from: number,
  p: Probe,
  state: Pick<End, 'conds' | 'ct'>,
  depth: number,
  budget: { left: number },
): End[] {
  if (depth > MAX_DEPTH) return [{ kind: 'unknown', ...state, reason: `jumps nest deeper than ${MAX_DEPTH}` }]
  for (let i = from; i < chain.rules.length; i++) {
    const rule = chain.rules[i] as Rule
    const alts = rule.eval(p)
    if (alts.length === 1 && alts[0]?.action === null && alts[0].cond === undefined) continue
    const ends: End[] = []
    for (const a of alts) {
      if (--budget.left < 0) return [{ kind: 'unknown', ...state, reason: 'too many undecided rules to follow' }]
      const s = {
        conds: a.cond ? [...state.conds, { text: a.cond, iface: !!a.iface }] : state.conds,
        ct: state.ct || !!a.ct,
      }
      const act = a.action
      if (act === null) ends.push(...walk(b, chain, i + 1, p, s, depth, budget))
      else if (act.kind === 'accept' || act.kind === 'drop') ends.push({ kind: act.kind, by: rule.text, chain, ...s })
      else if (act.kind === 'unknown') ends.push({ kind: 'unknown', by: rule.text, chain, reason: act.reason, ...s })
      else if (act.kind === 'return') ends.push({ kind: 'return', ...s })
      else {
        const target = b.chains.get(act.target)
        if (!target) {
          ends.push({ kind: 'unknown', by: rule.text, chain, reason: `no chain ${act.target} listed`, ...s })
          continue
        }
        for (const e of walk(b, target, 0, p, s, depth + 1, budget)) {
          if (e.kind !== 'return') ends.push(e)
          // A jump comes back to the next rule; a goto returns from this chain.
          else if (act.kind === 'jump') ends.push(...walk(b, chain, i + 1, p, e, depth, budget))
          else ends.push(e)
        }
      }
    }
    return ends
  }
  return [{ kind: 'return', ...state }]
}

/** What one base chain does with a probe. */
export type ChainOutcome =
  | { kind: 'accept'; ct: boolean }
  | { kind: 'drop'; by: string[]; chain: Chain; when: string[] }
  | { kind: 'unknown'; reasons: string[] }

export function runBase(b: BaseChain, p: Probe): ChainOutcome {
  const budget = { left: MAX_ENDS }
  const ends = walk(b, b.chain, 0, p, { conds: [], ct: false }, 0, budget).map((e): End => {
    if (e.kind !== 'return') return e
    const policy = b.chain.policy ?? 'accept'
    return { ...e, kind: policy, by: `the policy ${policy} of ${b.chain.label}`, chain: b.chain }
  })
  // In transit, a drop that only the interfaces decide, beside an accept on others, is the host not
  // forwarding between those interfaces at all (Docker's FORWARD policy drop): errors about flows it
  // does not forward do not matter.
  const transitOnly = (e: End) => p.path === 'forward' && e.conds.length > 0 && e.conds.every((c) => c.iface)
  const accepts = ends.some((e) => e.kind === 'accept')
  const drops = ends.filter((e) => e.kind === 'drop' && !(accepts && transitOnly(e)))
  const unknown = ends.filter((e) => e.kind === 'unknown')
  const uniq = (xs: string[]) => [...new Set(xs)]
  // Dropped whatever the undecided rules did, or where only the interface decides.
  const definite = drops.filter((e) => e.conds.every((c) => c.iface))
  if ((drops.length && drops.length === ends.length) || definite.length)
    return {
      kind: 'drop',
      by: uniq((definite.length ? definite : drops).map((e) => e.by ?? '')),
      chain: ((definite.length ? definite : drops)[0] as End).chain as Chain,
      when: uniq((definite.length ? definite : []).flatMap((e) => e.conds.filter((c) => c.iface).map((c) => c.text))),
    }
  if (!drops.length && !unknown.length) return { kind: 'accept', ct: ends.some((e) => e.ct) }
  return {
    kind: 'unknown',
    reasons: uniq([
      ...unknown.map((e) => `${e.by ?? b.chain.label}: ${e.reason ?? ''}`),
      ...drops.map((e) => `dropped by ${e.by} if ${e.conds.map((c) => c.text).join(' and ')}`),
    ]),
  }
}

/** The outcome of a probe through every base chain its path crosses. */
export type PathOutcome =
  | { kind: 'accept'; ct: boolean }
  | { kind: 'drop'; by: string[]; chain: Chain; when: string[] }
  | { kind: 'unknown'; reasons: string[] }

const HOOK_ORDER = { prerouting: 0, input: 1, forward: 1 } as const

export function runPath(bases: BaseChain[], p: Probe): PathOutcome {
  const crossed = bases
    .filter((b) => b.hook === 'prerouting' || b.hook === p.path)
    .sort((x, y) => HOOK_ORDER[x.hook] - HOOK_ORDER[y.hook] || x.prio - y.prio)
  const outs = crossed.map((b) => runBase(b, p))
  const drop = outs.find((o) => o.kind === 'drop')
  if (drop) return drop
  const unknown = outs.filter((o) => o.kind === 'unknown')
  if (unknown.length) return { kind: 'unknown', reasons: unknown.flatMap((o) => o.reasons) }
  return { kind: 'accept', ct: outs.some((o) => o.kind === 'accept' && o.ct) }
}

// ---- ip6tables-save -t filter ----

const NON_TERMINATING = new Set([
  'LOG',
  'NFLOG',
  'ULOG',
  'TRACE',
  'MARK',
  'CONNMARK',
  'CT',
  'NOTRACK',
  'CLASSIFY',
  'DSCP',
  'TOS',
  'HL',
  'TCPMSS',
  'AUDIT',
  'CHECKSUM',
  'SET',
  'TEE',
  'IDLETIMER',
  'LED',
  'SECMARK',
  'CONNSECMARK',
])

/** --icmpv6-type 2, 1/4, packet-too-big. */
function icmpTypeIs(v: string, p: Probe): Tri {
  const [t, code] = v.split('/')
  const n = /^\d+$/.test(t ?? '') ? Number(t) : NAME_TO_TYPE[t ?? '']
  if (n === undefined) return maybe(`ICMPv6 type ${v}`)
  if (n !== p.type) return false
  return code !== undefined || CODE_NAMES.has(t ?? '') ? maybe(`only code ${code ?? t} of type ${n}`) : true
}

function protoIs(v: string): Tri {
  if (v === 'all' || v === '0') return true
  const n = /^\d+$/.test(v) ? Number(v) : PROTOCOLS[v.toLowerCase()]
  return n === undefined ? maybe(`protocol ${v}`) : n === 58
}

function ctStateIs(v: string, p: Probe): Tri {
  const states = v.toUpperCase().split(',')
  return states.includes(p.ct === 'related' ? 'RELATED' : 'UNTRACKED')
}

function hlIs(op: string, v: string, p: Probe): Tri {
  if (p.hoplimit === undefined) return maybe('hop limit')
  const n = Number(v)
  return op === 'eq' ? p.hoplimit === n : op === 'lt' ? p.hoplimit < n : p.hoplimit > n
}

/** Matches of modules that only TCP, UDP, SCTP or DCCP packets can meet. */
const PORT_OPTIONS = new Set([
  '--dport',
  '--sport',
  '--dports',
  '--sports',
  '--ports',
  '--destination-port',
  '--source-port',
  '--destination-ports',
  '--source-ports',
  '--tcp-flags',
  '--syn',
  '--tcp-option',
  '--chunk-types',
])

function ip6tablesRule(text: string, ws: string[], userChains: Set<string>): Rule {
  const rule: Rule = {
    text,
    eval(p) {
      const matches: Tri[] = []
      let ct = false
      let module = ''
      let action: Action = { kind: 'unknown', reason: 'no target' }
      let terminal = false
      for (let i = 0; i < ws.length; i++) {
        let w = ws[i] as string
        let neg = false
        if (w === '!') {
          neg = true
          w = ws[++i] ?? ''
        }
        const args: string[] = []
        while (i + 1 < ws.length && !/^-/.test(ws[i + 1] as string) && ws[i + 1] !== '!') args.push(ws[++i] as string)
        const a = args[0] ?? ''
        const put = (t: Tri) => matches.push(neg ? not(t) : t)
        if (w === '-j' || w === '-g' || w === '--jump' || w === '--goto') {
          terminal = true
          if (a === 'ACCEPT') action = { kind: 'accept' }
          else if (a === 'DROP' || a === 'REJECT') action = { kind: 'drop' }
          else if (a === 'RETURN') action = { kind: 'return' }
          else if (userChains.has(a)) action = { kind: w === '-g' || w === '--goto' ? 'goto' : 'jump', target: a }
          else if (NON_TERMINATING.has(a)) terminal = false
          else action = { kind: 'unknown', reason: `target ${a}` }
          break
        }
        if (w === '-p' || w === '--protocol') put(protoIs(a))
        else if (w === '-s' || w === '--source') put(any(a.split(',').map((x) => sourceIn(x, p))))
        else if (w === '-d' || w === '--destination') put(a === '::/0' ? true : maybe(`destination ${a}`))
        else if (w === '-i' || w === '--in-interface') put(ifaceIs(a, 'arriving on'))
        else if (w === '-o' || w === '--out-interface') put(p.path === 'input' ? false : ifaceIs(a, 'leaving by'))
        else if (w === '-m' || w === '--match') module = a
        else if (w === '--icmpv6-type') put(icmpTypeIs(a, p))
        else if (w === '--ctstate' || w === '--state') {
          const t = ctStateIs(a, p)
          if ((neg ? not(t) : t) === true) ct = true
          put(t)
        } else if (w === '--hl-eq' || w === '--hl-lt' || w === '--hl-gt') put(hlIs(w.slice(5), a, p))
        else if (w === '--comment') continue
        else if (module === 'rt')
          matches.push(false) // no routing header in these messages
        else if (PORT_OPTIONS.has(w)) matches.push(false)
        else if (module === 'limit' || module === 'hashlimit') put(maybe('rate limit'))
        else put(maybe(`-m ${module || '?'} ${w}${a ? ` ${a}` : ''}`))
      }
      if (!terminal) return [{ action: null }]
      return ruleAlts(rule, p, all(matches), action, ct)
    },
  }
  return rule
}

/** The filter table's INPUT and FORWARD, with the user chains they can reach. */
export function ip6tablesBases(f: Ip6tablesFilter, prio = 0): BaseChain[] {
  const user = new Set(f.chains.filter((c) => c.policy === undefined).map((c) => c.name))
  const chains = new Map<string, Chain>()
  for (const c of f.chains)
    chains.set(c.name, {
      label: c.name,
      rules: [],
      ...(c.policy === 'DROP'
        ? { policy: 'drop' as const }
        : c.policy === 'ACCEPT'
          ? { policy: 'accept' as const }
          : {}),
      insert: { tool: 'ip6tables', chain: c.name },
    })
  for (const r of f.rules) chains.get(r.chain)?.rules.push(ip6tablesRule(r.text, r.words, user))
  const bases: BaseChain[] = []
  for (const [name, hook] of [
    ['INPUT', 'input'],
    ['FORWARD', 'forward'],
  ] as const) {
    const chain = chains.get(name)
    if (chain) bases.push({ chain, hook, prio, chains })
  }
  return bases
}

// ---- nft -j list ruleset ----

/** A left-hand side's value for the probe. */
type Val =
  | { kind: 'num'; n: number | undefined; what: string }
  | { kind: 'str'; s: string }
  | { kind: 'ct'; state: string }
  | { kind: 'saddr' }
  | { kind: 'iface'; what: string }
  | { kind: 'never' }
  | { kind: 'open'; reason: string }

/** Transport headers an ICMPv6 message does not have: a rule matching one does not match it. */
const OTHER_L4 = new Set([
  'tcp',
  'udp',
  'udplite',
  'sctp',
  'dccp',
  'th',
  'esp',
  'ah',
  'comp',
  'ip',
  'icmp',
  'igmp',
  'arp',
])

function leftValue(l: unknown, p: Probe): Val {
  if (!isRecord(l)) return { kind: 'open', reason: str(l) }
  if (isRecord(l.payload)) {
    const proto = str(l.payload.protocol)
    const field = str(l.payload.field)
    if (OTHER_L4.has(proto)) return { kind: 'never' }
    if (proto === 'icmpv6' && field === 'type') return { kind: 'num', n: p.type, what: 'icmpv6 type' }
    if (proto === 'ip6' && field === 'nexthdr') return { kind: 'num', n: 58, what: 'ip6 nexthdr' }
    if (proto === 'ip6' && field === 'hoplimit') return { kind: 'num', n: p.hoplimit, what: 'ip6 hoplimit' }
    if (proto === 'ip6' && field === 'saddr') return { kind: 'saddr' }
    return { kind: 'open', reason: `${proto} ${field}` }
  }
  if (isRecord(l.meta)) {
    const key = str(l.meta.key)
    if (key === 'l4proto') return { kind: 'num', n: 58, what: 'meta l4proto' }
    if (key === 'nfproto') return { kind: 'str', s: 'ipv6' }
    if (key === 'protocol') return { kind: 'str', s: 'ip6' }
    if (key === 'iifname' || key === 'iif') return { kind: 'iface', what: 'arriving on' }
    if ((key === 'oifname' || key === 'oif') && p.path === 'forward') return { kind: 'iface', what: 'leaving by' }
    return { kind: 'open', reason: `meta ${key}` }
  }
  if (isRecord(l.ct)) {
    if (str(l.ct.key) === 'state') return { kind: 'ct', state: p.ct }
    return { kind: 'open', reason: `ct ${str(l.ct.key)}` }
  }
  return { kind: 'open', reason: leftText(l) }
}

/** The elements a right-hand side stands for: a value, an anonymous set, a named set. */
function elements(right: unknown, sets: Map<string, NftSet>): unknown[] | undefined {
  if (typeof right === 'string' && right.startsWith('@')) return sets.get(right.slice(1))?.elem
  if (Array.isArray(right)) return right
  if (isRecord(right) && 'set' in right) return Array.isArray(right.set) ? right.set : [right.set]
  return [right]
}

const toNum = (x: unknown, names: Record<string, number>): number | undefined =>
  typeof x === 'number' ? x : typeof x === 'string' ? (/^\d+$/.test(x) ? Number(x) : names[x]) : undefined

/** Whether one element holds the value. */
function elemHas(v: Val, e: unknown, p: Probe): Tri {
  if (isRecord(e) && 'elem' in e) return elemHas(v, (e as { elem: { val: unknown } }).elem.val, p)
  switch (v.kind) {
    case 'num': {
      const names = v.what === 'icmpv6 type' ? NAME_TO_TYPE : PROTOCOLS
      if (v.n === undefined) return maybe(v.what)
      if (isRecord(e) && Array.isArray(e.range)) {
        const [lo, hi] = e.range.map((x) => toNum(x, names))
        return lo === undefined || hi === undefined ? maybe(`${v.what} ${JSON.stringify(e)}`) : lo <= v.n && v.n <= hi
      }
      const n = toNum(e, names)
      return n === undefined ? maybe(`${v.what} ${str(e)}`) : n === v.n
    }
    case 'str':
      return e === v.s
    case 'ct':
      return e === v.state
    case 'saddr':
      if (isRecord(e) && isRecord(e.prefix)) return sourceIn(`${str(e.prefix.addr)}/${str(e.prefix.len)}`, p)
      if (typeof e === 'string') return sourceIn(e, p)
      return maybe(`ip6 saddr ${str(e)}`)
    case 'iface':
      return typeof e === 'string' ? ifaceIs(e, v.what) : maybe(`${v.what} ${str(e)}`, true)
    default:
      return maybe(str(e))
  }
}

function matchTri(m: Record<string, unknown>, p: Probe, sets: Map<string, NftSet>): { t: Tri; ct: boolean } {
  const l = m.left
  const op = str(m.op)
  // fib saddr . [mark .] iif oif missing: the reverse-path filter, which a genuine message passes.
  if (isRecord(l) && isRecord(l.fib) && str(l.fib.result) === 'oif') {
    const flags = Array.isArray(l.fib.flags) ? l.fib.flags.map(str) : []
    if (flags.includes('saddr') && flags.includes('iif') && m.right === false) return { t: op !== '==', ct: false }
  }
  const v = leftValue(l, p)
  if (v.kind === 'never') return { t: false, ct: false }
  if (v.kind === 'open') return { t: maybe(v.reason), ct: false }
  if (v.kind === 'num' && ['<', '>', '<=', '>='].includes(op)) {
    const r = toNum(m.right, {})
    if (v.n === undefined || r === undefined) return { t: maybe(`${v.what} ${op} ${str(m.right)}`), ct: false }
    const t = op === '<' ? v.n < r : op === '>' ? v.n > r : op === '<=' ? v.n <= r : v.n >= r
    return { t, ct: false }
  }
  const es = elements(m.right, sets)
  if (es === undefined) return { t: maybe(`set ${str(m.right)} not listed`), ct: false }
  const has = any(es.map((e) => elemHas(v, e, p)))
  const t = op === '!=' ? not(has) : has
  return { t, ct: v.kind === 'ct' && t === true }
}

function verdictOf(x: unknown): Action | undefined {
  if (!isRecord(x)) return undefined
  if ('accept' in x) return { kind: 'accept' }
  if ('drop' in x || 'reject' in x) return { kind: 'drop' }
  if ('return' in x) return { kind: 'return' }
  if (isRecord(x.jump)) return { kind: 'jump', target: str(x.jump.target) }
  if (isRecord(x.goto)) return { kind: 'goto', target: str(x.goto.target) }
  if ('queue' in x) return { kind: 'unknown', reason: 'queued to user space' }
  if (isRecord(x.xt) && x.xt.type === 'target') {
    const name = str(x.xt.name)
    if (name === 'REJECT') return { kind: 'drop' }
    if (NON_TERMINATING.has(name)) return undefined
    return { kind: 'unknown', reason: `iptables-nft target ${name}` }
  }
  return undefined
}

function nftRule(text: string, expr: unknown[], sets: Map<string, NftSet>): Rule {
  const rule: Rule = {
    text,
    eval(p) {
      const matches: Tri[] = []
      let ct = false
      for (const e of expr) {
        if (!isRecord(e)) continue
        if (isRecord(e.match)) {
          const r = matchTri(e.match, p, sets)
          matches.push(r.t)
          ct ||= r.ct
          continue
        }
        if ('limit' in e || 'quota' in e) {
          matches.push(maybe('rate limit'))
          continue
        }
        if (isRecord(e.xt) && e.xt.type === 'match') {
          matches.push(maybe(`iptables-nft match ${str(e.xt.name)}, which nft does not show`))
          continue
        }
        if (isRecord(e.vmap)) return vmapAlts(rule, p, all(matches), e.vmap, sets, ct)
        const action = verdictOf(e)
        if (action) return ruleAlts(rule, p, all(matches), action, ct)
        if ('continue' in e) return [{ action: null }]
      }
      return [{ action: null }]
    },
  }
  return rule
}

/** A verdict map: the element the key selects, if the key can be known; each candidate otherwise. */
function vmapAlts(
  r: Rule,
  p: Probe,
  before: Tri,
  vmap: Record<string, unknown>,
  sets: Map<string, NftSet>,
  ct: boolean,
): Alt[] {
  if (before === false) return [{ action: null }]
  const v = leftValue(vmap.key, p)
  if (v.kind === 'never') return [{ action: null }]
  const es = elements(vmap.data, sets)
  if (v.kind === 'open' || es === undefined)
    return ruleAlts(r, p, before, {
      kind: 'unknown',
      reason:
        es === undefined ? `map ${str(vmap.data)} not listed` : `verdict map on ${v.kind === 'open' ? v.reason : ''}`,
    })
  const open: Alt[] = []
  for (const pair of es) {
    if (!Array.isArray(pair)) continue
    const hit = elemHas(v, pair[0], p)
    if (hit === false) continue
    const action = verdictOf(pair[1]) ?? { kind: 'unknown' as const, reason: `map verdict ${str(pair[1])}` }
    const viaCt = ct || (v.kind === 'ct' && hit === true)
    const t = all([before, hit])
    if (t === true) return [...open, { action, ct: viaCt }]
    if (t !== false) open.push({ cond: `${t.reason} selects ${str(pair[0])}`, iface: t.iface, action, ct: viaCt })
  }
  if (!open.length) return [{ action: null }]
  return [...open, { cond: `no element of ${r.text} selected`, iface: open.every((a) => a.iface), action: null }]
}

const NFT_HOOKS = new Set(['prerouting', 'input', 'forward'])

/** Every filter base chain of an inet or ip6 table on prerouting, input or forward, with its table's chains. */
export function nftBases(r: NftRuleset, skipTable?: (family: string, table: string) => boolean): BaseChain[] {
  const byTable = new Map<string, { chains: Map<string, Chain>; sets: Map<string, NftSet> }>()
  const key = (family: string, table: string) => `${family} ${table}`
  const tableOf = (family: string, table: string) => {
    const k = key(family, table)
    let t = byTable.get(k)
    if (!t) {
      t = { chains: new Map(), sets: new Map() }
      byTable.set(k, t)
    }
    return t
  }
  for (const s of r.sets) tableOf(s.family, s.table).sets.set(s.name, s)
  for (const c of r.chains)
    tableOf(c.family, c.table).chains.set(c.name, {
      label: `table ${c.family} ${c.table} chain ${c.name}`,
      rules: [],
      ...(c.policy === 'drop'
        ? { policy: 'drop' as const }
        : c.policy === 'accept'
          ? { policy: 'accept' as const }
          : {}),
      insert: { tool: 'nft', family: c.family, table: c.table, chain: c.name },
    })
  for (const rule of r.rules) {
    const t = tableOf(rule.family, rule.table)
    t.chains.get(rule.chain)?.rules.push(nftRule(rule.text, rule.expr, t.sets))
  }
  const bases: BaseChain[] = []
  for (const c of r.chains) {
    if (c.hook === undefined || !NFT_HOOKS.has(c.hook) || (c.type ?? 'filter') !== 'filter') continue
    if (skipTable?.(c.family, c.table)) continue
    const t = tableOf(c.family, c.table)
    const chain = t.chains.get(c.name)
    if (chain) bases.push({ chain, hook: c.hook as BaseChain['hook'], prio: c.prio ?? 0, chains: t.chains })
  }
  return bases
}
