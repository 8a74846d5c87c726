// A guest's network configuration files (parts-script.ts GUEST_FILES) → per file, per interface,
// what the file makes the guest do about DHCPv6 and Router Advertisements. One file per system,
// each stating that system's semantics: ifupdown.ts (interfaces(5)), netplan.ts (which only
// renders, to networkd or NetworkManager), keyfile.ts (NetworkManager), networkd.ts
// (systemd.network(5)), ifcfg.ts (RHEL's network-scripts, read by initscripts or NetworkManager);
// nm-conf.ts holds NetworkManager's global defaults; intent.ts what they all produce and which
// files apply to an interface.
// Pure: a file that cannot be read or parsed becomes an entry with an error and no intents.
import type { Part } from '../parts.ts'
import { ifcfgFiles } from './ifcfg.ts'
import { ifupdownIntents } from './ifupdown.ts'
import type { NetconfFile } from '../../facts.ts'
import { generatedBy, systemOf } from './intent.ts'
import { keyfileIntents } from './keyfile.ts'
import { netplanFiles } from './netplan.ts'
import { networkdIntents } from './networkd.ts'
import { nmGlobal } from './nm-conf.ts'
import { firstLine } from './values.ts'

export { globMatch, intentsFor, matches, systemOf } from './intent.ts'
export type { AddrGen, Dhcp6Ask, Intent, NetconfFile, NetSystem, RaHandler } from '../../facts.ts'

export function parseNetconf(parts: readonly Part[]): NetconfFile[] {
  const out: NetconfFile[] = []
  const netplan: Part[] = []
  const nm = nmGlobal(parts)
  for (const p of parts) {
    const system = systemOf(p.label)
    // ifcfg files are read together with /etc/sysconfig/network (ifcfgFiles below).
    if (!system || system === 'ifcfg') continue
    if (p.exit !== undefined && p.exit !== 0) {
      out.push({ system, file: p.label, intents: [], error: firstLine(p.text) || `cat exited ${p.exit}`, unread: true })
      continue
    }
    if (system === 'netplan') {
      netplan.push(p)
      continue
    }
    const gen = generatedBy(p.label, p.text)
    const cut = p.truncated ? { error: 'cut at the read limit: judged on the first part' } : {}
    try {
      const intents =
        system === 'ifupdown'
          ? ifupdownIntents(p.label, p.text)
          : system === 'networkmanager'
            ? keyfileIntents(p.label, p.text, nm)
            : networkdIntents(p.label, p.text)
      out.push({ system, file: p.label, intents, ...cut, ...(gen ? { generatedBy: gen } : {}) })
    } catch (e) {
      out.push({ system, file: p.label, intents: [], error: e instanceof Error ? e.message : String(e) })
    }
  }
  return [...out, ...netplanFiles(netplan), ...ifcfgFiles(parts, parts)]
}
