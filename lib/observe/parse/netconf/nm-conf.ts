// NetworkManager's global connection defaults (NetworkManager.conf(5)): NetworkManager.conf, then
// conf.d/*.conf in name order, a later file overriding; `ipv6.addr-gen-mode` and `ipv6.ip6-privacy`
// under [connection] (or a [connection*] section) apply to profiles that leave them to the default.
// A guest with a NetworkManager.conf runs NetworkManager: ifcfg.ts takes that as who reads ifcfg files.
import type { Part } from '../parts.ts'
import type { AddrGen } from '../../facts.ts'
import { basename } from './intent.ts'
import { ini } from './ini.ts'

export const NM_CONF = '/etc/NetworkManager/NetworkManager.conf'
export const isNmConf = (label: string): boolean =>
  label === NM_CONF || /^\/(etc|run|usr\/lib)\/NetworkManager\/conf\.d\/[^/]+\.conf$/.test(label)

export interface NmGlobal {
  /** eui64 | stable-privacy, with the file and line that says so. */
  addrGen?: { mode: string; where: string }
  files: string[]
}

const ADDR_GEN: Record<string, string> = {
  '0': 'eui64',
  '1': 'stable-privacy',
  eui64: 'eui64',
  'stable-privacy': 'stable-privacy',
}

/** The global defaults, or undefined when no NetworkManager.conf (nor conf.d file) was read. */
export function nmGlobal(parts: readonly Part[]): NmGlobal | undefined {
  const read = parts.filter((p) => isNmConf(p.label) && p.exit === 0)
  if (!read.length) return undefined
  const main = read.filter((p) => p.label === NM_CONF)
  const dropIns = read
    .filter((p) => p.label !== NM_CONF)
    .sort((a, b) => (basename(a.label) < basename(b.label) ? -1 : 1))
  const out: NmGlobal = { files: read.map((p) => p.label) }
  for (const p of [...main, ...dropIns])
    for (const e of ini(p.text)) {
      if (!/^connection/.test(e.section) || e.key !== 'ipv6.addr-gen-mode') continue
      const mode = ADDR_GEN[e.value.trim()]
      if (mode) out.addrGen = { mode, where: `${p.label}:${e.line}` }
    }
  return out
}

/**
 * What a profile's addr-gen-mode comes to (nm-settings-nmcli(5)): eui64 and stable-privacy are
 * themselves; default and default-or-eui64 take NetworkManager.conf's ipv6.addr-gen-mode, else
 * stable-privacy and eui64 respectively.
 */
export function resolveAddrGen(mode: string, said: string, nm: NmGlobal | undefined): AddrGen {
  if (mode === 'eui64' || mode === 'stable-privacy') return { mode, why: said }
  const fallback = mode === 'default' ? 'stable-privacy' : 'eui64'
  if (nm?.addrGen)
    return {
      mode: nm.addrGen.mode as AddrGen['mode'],
      why: `${said}, and ${nm.addrGen.where} sets ipv6.addr-gen-mode=${nm.addrGen.mode}`,
    }
  return { mode: fallback, why: `${said}, no global ipv6.addr-gen-mode: ${fallback}` }
}
