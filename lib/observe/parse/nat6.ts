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
import { isRecord, nftRuleText, readNftDocument, str } from './nft-json.ts'
import { toolOutput } from './tool-part.ts'

// ---- ip6tables-save -t nat ----

/** Words of a saved rule, double quotes kept together (--comment "a b"); the filter reading uses it too. */
export const words = (line: string): string[] => line.match(/"(?:[^"\\]|\\.)*"|\S+/g) ?? []

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
  const doc = readNftDocument(text)
  if ('error' in doc) return { rules: [], notes: doc.notes, error: doc.error }
  const { notes } = doc
  const rules: NatRule[] = []
  for (const item of doc.items) {
    if (!isRecord(item) || !isRecord(item.rule)) continue
    const r = item.rule
    const expr = Array.isArray(r.expr) ? r.expr : []
    const family = str(r.family)
    const stmt = expr.map(natStatement).find((s) => s !== undefined)
    if (!stmt || !rewritesIPv6(family, stmt, expr)) continue
    const where = `${family} ${str(r.table)}`
    rules.push({
      text: nftRuleText(r),
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
  const out = toolOutput(part, label, partialOk)
  if (out.state === 'no-table') return { state: 'ok', rules: [], notes: [out.note] }
  if (out.state !== 'printed') return out
  const scan = parse(out.text)
  if (scan.error !== undefined) return { state: 'failed', reason: `${label}: ${scan.error}` }
  return {
    state: 'ok',
    rules: scan.rules,
    notes: out.truncated ? [...scan.notes, 'cut at the size limit: only the first part was read'] : scan.notes,
    ...(scan.legacyHidden ? { legacyHidden: true as const } : {}),
    ...(out.truncated ? { partial: true as const } : {}),
  }
}
