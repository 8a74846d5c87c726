// The firewall section (parts-script.ts FIREWALL_PARTS) → FirewallFacts: the IPv6 filter rules as
// ip6tables-save and nft list them, each read or with the reason it was not (tool-part.ts).
import type { FirewallFacts, Ip6tablesFilter, NftRuleset, RulesRead } from '../facts.ts'
import { FIREWALL_PARTS } from '../parts-script.ts'
import { parseIp6tablesFilter } from './ip6tables-filter.ts'
import { parseNftRuleset } from './nft-ruleset.ts'
import { partOf, type Part } from './parts.ts'
import { toolOutput } from './tool-part.ts'

const CUT = 'cut at the size limit: only the first part was read'

function read<T>(
  part: Part | undefined,
  label: string,
  parse: (text: string) => (T & { notes: string[] }) | { error: string },
  partialOk: boolean,
  empty: T,
): RulesRead<T> {
  const out = toolOutput(part, label, partialOk)
  if (out.state === 'no-table') return { state: 'ok', value: empty, notes: [out.note] }
  if (out.state !== 'printed') return out
  const parsed = parse(out.text)
  if ('error' in parsed) return { state: 'failed', reason: `${label}: ${parsed.error}` }
  const { notes, ...value } = parsed
  return {
    state: 'ok',
    value: value as T,
    notes: out.truncated ? [...notes, CUT] : notes,
    ...(out.truncated ? { partial: true as const } : {}),
  }
}

export function firewallFacts(parts: readonly Part[]): FirewallFacts {
  const { ip6tables, nft } = FIREWALL_PARTS
  return {
    // A cut listing would judge a chain without its last rules: neither is read when cut.
    ip6tables: {
      command: ip6tables,
      read: read<Ip6tablesFilter>(partOf(parts, ip6tables), ip6tables, parseIp6tablesFilter, false, {
        chains: [],
        rules: [],
        incompatible: false,
      }),
    },
    nft: {
      command: nft,
      read: read<NftRuleset>(partOf(parts, nft), nft, parseNftRuleset, false, {
        chains: [],
        rules: [],
        sets: [],
        otherTables: [],
      }),
    },
  }
}
