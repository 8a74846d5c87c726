// IPv6 source NAT rules from the two places a host keeps them: `ip6tables-save -t nat` and
// `nft -j list ruleset`. Pure and total: unreadable output comes back as a state with the reason.
//
// iptables-nft (the Debian default) writes its rules into an nf_tables `ip6 nat` table, so one
// MASQUERADE shows in both outputs: as a `-A` line, and in nft as an `xt` target (nft's JSON does not
// translate xtables targets). Both views are kept, each marked with its source, and the judge reports
// them once per host. Legacy ip6tables rules show in neither: ip6tables-save (nf_tables) only warns
// that legacy tables exist, and that warning is kept as `legacyHidden`.
import type { NatRead, NatRule, NatScan } from '../facts.ts'
import type { Part } from './parts.ts'
import { excerpt } from './util.ts'

// ---- ip6tables-save -t nat ----

/** Words of a saved rule, double quotes kept together (--comment "a b"). */
const words = (line: string): string[] => line.match(/"(?:[^"\\]|\\.)*"|\S+/g) ?? []

const LEGACY_WARNING = /ip6?tables-legacy tables present/

export function parseIp6tablesNat(text: string): NatScan {
  const rules: NatRule[] = []
  const notes: string[] = []
  let legacyHidden = false
  let table: string | undefined
  for (const raw of text.split('\n')) {
    const line = raw.trim()
    if (line.startsWith('*')) table = line.slice(1)
    else if (line.startsWith('# Warning') || line.startsWith('# Table')) {
      notes.push(line.replace(/^#\s*/, ''))
      if (LEGACY_WARNING.test(line)) legacyHidden = true
    } else if (line.startsWith('-A ') && (table === undefined || table === 'nat')) {
      const w = words(line)
      const j = w.indexOf('-j')
      const target = j < 0 ? undefined : w[j + 1]
      if (target === 'MASQUERADE' || target === 'SNAT')
        rules.push({ text: line, remove: `ip6tables -t nat -D ${line.slice(3)}` })
    }
  }
  return { rules, notes, ...(legacyHidden ? { legacyHidden: true as const } : {}) }
}

// ---- nft -j list ruleset ----

type Json = Record<string, unknown>
const isRecord = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x)
const str = (x: unknown): string =>
  typeof x === 'string' ? x : typeof x === 'number' ? String(x) : (JSON.stringify(x) ?? '?')

/** meta keys nft prints without the `meta` word. */
const BARE_META = new Set(['iif', 'oif', 'iifname', 'oifname', 'iiftype', 'oiftype', 'mark', 'skuid', 'skgid'])

function left(x: unknown): string {
  if (!isRecord(x)) return str(x)
  if (isRecord(x.payload)) return `${str(x.payload.protocol)} ${str(x.payload.field)}`
  if (isRecord(x.meta)) return BARE_META.has(str(x.meta.key)) ? str(x.meta.key) : `meta ${str(x.meta.key)}`
  if (isRecord(x.ct)) return `ct ${str(x.ct.key)}`
  return JSON.stringify(x)
}

function value(x: unknown, quote = false): string {
  if (typeof x === 'string') return quote ? JSON.stringify(x) : x
  if (Array.isArray(x)) return `{ ${x.map((e) => value(e, quote)).join(', ')} }`
  if (!isRecord(x)) return str(x)
  if (isRecord(x.prefix)) return `${str(x.prefix.addr)}/${str(x.prefix.len)}`
  if (Array.isArray(x.range)) return x.range.map((e) => value(e)).join('-')
  if ('set' in x) return Array.isArray(x.set) ? value(x.set, quote) : value([x.set], quote)
  return JSON.stringify(x)
}

/** `snat ip6 to 2001:db8::1`, `masquerade to :1024-2048`: the address, and the port after it. */
function natTarget(x: Json): string {
  const port = x.port === undefined ? '' : `:${value(x.port)}`
  const addr = x.addr === undefined ? '' : value(x.addr)
  if (!addr && !port) return ''
  return ` to ${addr.includes(':') && port ? `[${addr}]` : addr}${port}`
}

function statement(e: unknown): string {
  if (!isRecord(e)) return str(e)
  const [key, body] = Object.entries(e)[0] ?? ['?', null]
  if (key === 'match' && isRecord(body)) {
    const l = left(body.left)
    const op = body.op === '==' || body.op === 'in' ? '' : `${str(body.op)} `
    // nft quotes interface names (oifname != "docker0"); other values print bare.
    return `${l} ${op}${value(body.right, /ifname$/.test(l))}`
  }
  if (key === 'counter')
    return isRecord(body) ? `counter packets ${str(body.packets)} bytes ${str(body.bytes)}` : 'counter'
  if (
    (key === 'masquerade' || key === 'snat' || key === 'dnat' || key === 'redirect') &&
    (body === null || isRecord(body))
  ) {
    const b = body ?? {}
    const flags = b.flags === undefined ? '' : ` ${Array.isArray(b.flags) ? b.flags.map(str).join(',') : str(b.flags)}`
    return `${key}${b.family === undefined ? '' : ` ${str(b.family)}`}${natTarget(b)}${flags}`
  }
  if (key === 'xt' && isRecord(body)) return `xt ${str(body.type)} ${str(body.name)}`
  if ((key === 'jump' || key === 'goto') && isRecord(body)) return `${key} ${str(body.target)}`
  return key
}

/** A masquerade or snat statement: its family when nft wrote one (inet tables), and whether it is an xtables target. */
type NatStmt = { family?: string; xt: boolean }

function natStatement(e: unknown): NatStmt | undefined {
  if (!isRecord(e)) return undefined
  if ('masquerade' in e) return { xt: false }
  if (isRecord(e.snat)) return { ...(typeof e.snat.family === 'string' ? { family: e.snat.family } : {}), xt: false }
  if (isRecord(e.xt) && e.xt.type === 'target' && (e.xt.name === 'MASQUERADE' || e.xt.name === 'SNAT'))
    return { xt: true }
  return undefined
}

// Payload protocols that make nft add an implicit `meta nfproto ipv4` to a rule in an inet table.
const V4_PROTOCOLS = new Set(['ip', 'icmp', 'igmp'])

/** The rule matches IPv4 packets only: an IPv4 header field, or meta nfproto ipv4 (or != ipv6). */
function ipv4Only(expr: unknown[]): boolean {
  return expr.some((e) => {
    if (!isRecord(e) || !isRecord(e.match)) return false
    const { left: l, right: r, op } = e.match
    if (isRecord(l) && isRecord(l.payload) && V4_PROTOCOLS.has(str(l.payload.protocol))) return true
    if (isRecord(l) && isRecord(l.meta) && l.meta.key === 'nfproto')
      return (op === '==' && r === 'ipv4') || (op === '!=' && r === 'ipv6')
    return false
  })
}

/**
 * Whether a NAT statement rewrites IPv6 packets. An `ip6` table sees only IPv6, an `ip` table only
 * IPv4 (and bridge, arp and netdev tables cannot NAT). An `inet` table sees both, so there:
 * - `snat ip6 to …` is IPv6 and `snat ip to …` is IPv4: nft writes the family into the statement;
 * - masquerade (and a snat without family) rewrites whatever reaches it, so it is NAT66 unless the
 *   rule itself matches IPv4 only (`ip saddr …`, `meta nfproto ipv4`). A masquerade in a chain that
 *   only IPv4 rules jump to still counts: restrictions are read per rule, and erring this way means a
 *   finding to look at rather than a NAT66 passed over.
 * The chain type is not checked: the kernel accepts masquerade and snat only in nat chains
 * (nft_masq_validate, nft_nat_validate), so where they are is a nat chain.
 */
function rewritesIPv6(family: string, stmt: NatStmt, expr: unknown[]): boolean {
  if (family === 'ip6') return true
  if (family !== 'inet') return false
  if (stmt.family !== undefined) return stmt.family === 'ip6'
  return !ipv4Only(expr)
}

export function parseNftNat(text: string): NatScan & { error?: string } {
  // nft writes warnings to stderr, which the script merges: the JSON is the line that starts with it.
  const lines = text.split('\n')
  const at = lines.findIndex((l) => l.trimStart().startsWith('{'))
  const notes = lines.filter((l, i) => i !== at && l.trim() !== '').map((l) => l.trim())
  if (at < 0) return { rules: [], notes, error: `no JSON in the output: ${excerpt(text)}` }
  let doc: unknown
  try {
    doc = JSON.parse(lines[at] ?? '')
  } catch (e) {
    return { rules: [], notes, error: `not valid JSON (${e instanceof Error ? e.message : String(e)})` }
  }
  if (!isRecord(doc) || !Array.isArray(doc.nftables))
    return { rules: [], notes, error: `no "nftables" array: ${excerpt(lines[at] ?? '')}` }
  const rules: NatRule[] = []
  for (const item of doc.nftables) {
    if (!isRecord(item) || !isRecord(item.rule)) continue
    const r = item.rule
    const expr = Array.isArray(r.expr) ? r.expr : []
    const family = str(r.family)
    const stmt = expr.map(natStatement).find((s) => s !== undefined)
    if (!stmt || !rewritesIPv6(family, stmt, expr)) continue
    const where = `${family} ${str(r.table)}`
    rules.push({
      text: `table ${where} chain ${str(r.chain)}: ${expr.map(statement).join(' ')}`,
      remove: `nft delete rule ${where} ${str(r.chain)} handle ${str(r.handle)}`,
      ...(stmt.xt ? { xtables: true as const } : {}),
    })
  }
  return { rules, notes }
}

// ---- the two parts ----

/**
 * One NAT part read: `parse` runs only on output the tool printed in full, or cut at PART_LIMIT when
 * `partialOk` (saved rules are lines, so the first megabyte still shows the rules in it). Exit 127 is
 * sh's "not found"; both tools say "(you must be root)" when run as another user.
 */
export function readNat(
  part: Part | undefined,
  label: string,
  parse: (text: string) => NatScan & { error?: string },
  partialOk = false,
): NatRead {
  if (!part) return { state: 'failed', reason: `${label}: not in the observation (cut short?)` }
  if (part.truncated && !partialOk) return { state: 'failed', reason: `${label}: cut at the observation's size limit` }
  if (!part.truncated && part.exit !== 0) {
    if (part.exit === 127) return { state: 'missing', reason: `${label}: not installed (${excerpt(part.text)})` }
    const root = part.text.split('\n').find((l) => /you must be root/i.test(l))
    if (root !== undefined) return { state: 'not-root', reason: `${label}: ${JSON.stringify(root.trim())}` }
    // A legacy backend without the nat table loaded has no NAT rules to list.
    if (/Table does not exist/i.test(part.text)) return { state: 'ok', rules: [], notes: [part.text.trim()] }
    return { state: 'failed', reason: `${label} exited ${part.exit ?? '?'}: ${excerpt(part.text)}` }
  }
  const scan = parse(part.text)
  if (scan.error !== undefined) return { state: 'failed', reason: `${label}: ${scan.error}` }
  return {
    state: 'ok',
    rules: scan.rules,
    notes: part.truncated ? [...scan.notes, 'cut at the size limit: only the first part was read'] : scan.notes,
    ...(scan.legacyHidden ? { legacyHidden: true as const } : {}),
    ...(part.truncated ? { partial: true as const } : {}),
  }
}
