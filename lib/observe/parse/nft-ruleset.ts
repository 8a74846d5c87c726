// nft -j list ruleset → the chains, rules and named sets of the tables that see IPv6 (inet, ip6).
// Pure. The JSON is read by nft-json.ts, as the NAT reading reads it; what each expression matches
// is the judge's business (lib/judge/icmpv6-policy.ts).
import type { NftChain, NftRule, NftRuleset, NftSet } from '../facts.ts'
import { isRecord, nftRuleText, readNftDocument, str } from './nft-json.ts'

/** Families whose tables see IPv6 packets on the input and forward hooks. */
const IPV6_FAMILIES = new Set(['inet', 'ip6'])
/** Families that can drop IPv6 before or beside those hooks: named, not judged. */
const OTHER_FAMILIES = new Set(['netdev', 'bridge'])

const num = (x: unknown): number | undefined => (typeof x === 'number' ? x : undefined)

export function parseNftRuleset(text: string): (NftRuleset & { notes: string[] }) | { error: string } {
  const doc = readNftDocument(text)
  if ('error' in doc) return { error: doc.error }
  const chains: NftChain[] = []
  const rules: NftRule[] = []
  const sets: NftSet[] = []
  const otherTables: string[] = []
  for (const item of doc.items) {
    if (!isRecord(item)) continue
    const [kind, body] = Object.entries(item)[0] ?? []
    if (!isRecord(body)) continue
    const family = str(body.family)
    if (kind === 'table' && OTHER_FAMILIES.has(family)) otherTables.push(`${family} ${str(body.name)}`)
    if (!IPV6_FAMILIES.has(family)) continue
    if (kind === 'chain') {
      const prio = num(body.prio)
      chains.push({
        family,
        table: str(body.table),
        name: str(body.name),
        ...(typeof body.type === 'string' ? { type: body.type } : {}),
        ...(typeof body.hook === 'string' ? { hook: body.hook } : {}),
        ...(prio !== undefined ? { prio } : {}),
        ...(typeof body.policy === 'string' ? { policy: body.policy } : {}),
      })
    } else if (kind === 'rule')
      rules.push({
        family,
        table: str(body.table),
        chain: str(body.chain),
        handle: num(body.handle) ?? -1,
        expr: Array.isArray(body.expr) ? body.expr : [],
        text: nftRuleText(body),
      })
    else if (kind === 'set' || kind === 'map')
      sets.push({
        family,
        table: str(body.table),
        name: str(body.name),
        elem: Array.isArray(body.elem) ? body.elem : [],
      })
  }
  return { chains, rules, sets, otherTables, notes: doc.notes }
}
