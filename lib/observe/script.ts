// The one command a host runs to be observed: every fact in a single round trip.
// Sections are fenced by a random nonce, so a login banner or rc-file noise cannot pass for facts.
import { configScript } from './config-script.ts'
import { METADATA_SCRIPT } from './metadata-script.ts'
import { containersScript, firewallScript, guestScript, ovsScript, partsPrelude } from './parts-script.ts'
import { pathMtuScript, type PathMtuProbes } from './pathmtu-script.ts'
import { isSafeSysctlPath } from '../targets/sysctl-path.ts'

export const SECTIONS = [
  'id',
  'ip-addr',
  'ip-route',
  'sysctl',
  'ss',
  'resolv',
  'gai',
  'named-sysctl',
  'metadata',
  'config',
  'guest',
  'firewall',
  'containers',
  'pathmtu',
  'ovs',
] as const
export type Section = (typeof SECTIONS)[number]

// The rule lives beside sysctlPath, so that the targets schema refuses exactly what the script does.
export { isSafeSysctlPath }

/** Lines the script prints before a fallback's output: the text form of ip, netstat instead of ss. */
export const TEXT_MARK = '@@text@@'
export const NETSTAT_MARK = '@@netstat@@'

const fence = (nonce: string, name: string) => `printf '\\n@@v6ready:${nonce}:${name}@@\\n'`

/** What a host's script gathers beyond the facts every host gives. */
export interface ScriptOptions {
  /**
   * /proc/sys-relative paths such as net/ipv6/conf/eth0.100/accept_ra (a VLAN's dot is part of
   * the name, so paths, not dotted keys).
   */
  sysctls?: string[]
  /** Guests: fetch meta_data.json over IPv4 and IPv6 and look for a config drive (metadata-script.ts). */
  metadata?: boolean
  /** Absolute paths of config files to read for the hosts.config.* judges (config-script.ts). */
  configs?: string[]
  /** Guests with an address_mode: network configuration files and DHCPv6 leases (parts-script.ts). */
  guest?: boolean
  /** Container hosts: daemon.json, the IPv6 NAT rules and the neighbour tables (parts-script.ts). */
  containers?: boolean
  /** Hosts that list ini files: OVN's tunnel endpoint in the Open vSwitch database (parts-script.ts). */
  ovs?: boolean
  /** Hosts whose targets file asks for hosts.path.mtu: the pairs to ping (pathmtu-script.ts). */
  pathMtu?: PathMtuProbes
}

/** Build the POSIX sh script. */
export function observationScript(nonce: string, opts: ScriptOptions = {}): string {
  if (!/^[a-z0-9]+$/.test(nonce)) throw new Error(`bad nonce ${nonce}`)
  const namedSysctls = opts.sysctls ?? []
  for (const p of namedSysctls) if (!isSafeSysctlPath(p)) throw new Error(`refusing sysctl path ${p}`)
  const named = namedSysctls.map((p) => `/proc/sys/${p}`).join(' ')
  return [
    'export LC_ALL=C',
    'PATH=$PATH:/sbin:/usr/sbin; export PATH',
    // Who observes: a user who is not root cannot read some facts (docs/ssh.md); under sudo, who asked.
    `${fence(nonce, 'id')}; id -u; id -un; printf '%s\\n' "\${SUDO_USER:-}"`,
    // An ip without JSON (iproute2 before 4.13, BusyBox) prints why, then the text form after @@text@@.
    `${fence(nonce, 'ip-addr')}; ip -j addr show 2>&1 || { echo '${TEXT_MARK}'; ip addr show 2>&1; }`,
    `${fence(nonce, 'ip-route')}; ip -j -6 route show 2>&1 || { echo '${TEXT_MARK}'; ip -6 route show 2>&1; }`,
    // grep prints path:value for every readable file; stable_secret is unreadable by design.
    // stable_secret is unreadable until set, then it is a key (RFC 7217): keep only that it is set.
    `${fence(nonce, 'sysctl')}; grep -r . /proc/sys/net/ipv6/conf/ /proc/sys/net/ipv6/bindv6only 2>/dev/null | sed 's#^\\(.*/stable_secret\\):.*#\\1:(set)#'`,
    // Without ss (BusyBox, net-tools only): netstat's listeners after @@netstat@@.
    `${fence(nonce, 'ss')}; if command -v ss >/dev/null 2>&1; then ss -H -t -l -n -e -p 2>&1; else echo '${NETSTAT_MARK}'; netstat -tln 2>&1; fi`,
    `${fence(nonce, 'resolv')}; cat /etc/resolv.conf 2>&1`,
    `${fence(nonce, 'gai')}; if [ -e /etc/gai.conf ]; then cat /etc/gai.conf; else echo '@@absent@@'; fi`,
    `${fence(nonce, 'named-sysctl')}${named ? `; grep -H . ${named} 2>&1` : ''}`,
    ...(opts.metadata ? [fence(nonce, 'metadata'), METADATA_SCRIPT] : []),
    ...(opts.configs?.length ? [fence(nonce, 'config'), configScript(nonce, opts.configs)] : []),
    partsPrelude(nonce),
    ...(opts.guest ? [fence(nonce, 'guest'), guestScript()] : []),
    // Every host: ip6tables-save -t filter and nft -j list ruleset (hosts.firewall.icmpv6; container hosts' NAT too).
    fence(nonce, 'firewall'),
    firewallScript(),
    ...(opts.containers ? [fence(nonce, 'containers'), containersScript()] : []),
    ...(opts.ovs ? [fence(nonce, 'ovs'), ovsScript()] : []),
    // Last: the only section that sends packets, and the slowest (bounded in pathmtu-script.ts).
    ...(opts.pathMtu ? [fence(nonce, 'pathmtu'), pathMtuScript(opts.pathMtu)] : []),
    `${fence(nonce, 'end')}`,
    '',
  ].join('\n')
}

export interface SplitResult {
  sections: Partial<Record<Section, string>>
  /** Text outside the fences (banners, rc output): kept as evidence, never parsed. */
  noise: string
  complete: boolean
  /** Incomplete output stops inside this section: a fragment, which the caller should not judge. */
  cut?: Section
}

/** Cut the combined output back into sections. Pure, so replay and fixtures use the same path. */
export function splitSections(output: string, nonce: string): SplitResult {
  const re = new RegExp(`^@@v6ready:${nonce}:([a-z-]+)@@$`, 'gm')
  const fences = [...output.matchAll(re)]
  const sections: Partial<Record<Section, string>> = {}
  const noise = [output.slice(0, fences[0]?.index ?? output.length)]
  fences.forEach((m, i) => {
    const name = m[1] ?? ''
    const text = output.slice(m.index + m[0].length, fences[i + 1]?.index ?? output.length)
    // Each fence adds one newline on either side of the section's own output.
    if ((SECTIONS as readonly string[]).includes(name))
      sections[name as Section] = text.replace(/^\n/, '').replace(/\n+$/, '')
    else if (name === 'end') noise.push(text)
  })
  const complete = fences.some((m) => m[1] === 'end')
  const last = fences.at(-1)?.[1]
  const cut = !complete && last !== undefined && last in sections ? (last as Section) : undefined
  return { sections, noise: noise.join('\n').trim(), complete, ...(cut ? { cut } : {}) }
}
