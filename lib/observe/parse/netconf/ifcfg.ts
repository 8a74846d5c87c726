// RHEL-family network configuration: /etc/sysconfig/network-scripts/ifcfg-<name> and the global
// /etc/sysconfig/network, as shell variable files. Two programs read the same files, each its own way:
//
// initscripts' network-scripts (ifup-eth, ifup-ipv6; the `network` service of RHEL 7 and, deprecated,
// RHEL 8) source /etc/sysconfig/network and then the ifcfg file, so a key in the file overrides the
// global one. IPv6 is set up unless IPV6INIT is false. IPV6_AUTOCONF defaults to the opposite of
// IPV6FORWARDING; yes gives accept_ra 1 and autoconf 1 (accept_ra 2 while forwarding), no gives
// accept_ra 0 unless IPV6_FORCE_ACCEPT_RA=yes. DHCPV6C=yes runs `dhclient -6 -1 $DHCPV6C_OPTIONS`,
// which asks for an address (IA_NA) unless the options say -S (Information-request only) or only
// -P/-T (a prefix, a temporary address). IPV6_PRIVACY=rfc3041 sets use_tempaddr 2.
// IPV6_SET_SYSCTLS=no leaves the sysctls alone. The kernel takes the RAs.
//
// NetworkManager's ifcfg-rh plugin (nms-ifcfg-rh-reader.c, make_ip6_setting) reads the file alone for
// most keys: IPV6INIT unset falls back to /etc/sysconfig/network's, else no, and then ipv6.method is
// ignore (IPv6 left to the kernel); IPV6_AUTOCONF unset is yes unless the file's own IPV6FORWARDING
// is yes; yes is method auto (SLAAC, and DHCPv6 as the RA's M/O flags say), else DHCPV6C=yes is
// method dhcp (DHCPv6 only, RAs ignored), else manual with IPV6ADDR or link-local without.
// DHCPV6C_OPTIONS is not read. IPV6_ADDR_GEN_MODE unset is eui64 (1.40 and later: default-or-eui64,
// NetworkManager.conf's ipv6.addr-gen-mode, else eui64); NetworkManager 1.40 and later write
// IPV6_ADDR_GEN_MODE=default themselves, which falls back to stable-privacy.
//
// Which of the two reads a file: NM_CONTROLLED=no leaves it to initscripts; otherwise NetworkManager
// when the guest has a NetworkManager.conf, else initscripts. NETWORKING_IPV6 in
// /etc/sysconfig/network is read by neither today: IPV6INIT decides.
import type { Part } from '../parts.ts'
import { nmGlobal, resolveAddrGen, type NmGlobal } from './nm-conf.ts'
import type { Intent, NetconfFile } from '../../facts.ts'
import { generatedBy } from './intent.ts'
import { bool, normMac } from './values.ts'

export const SYSCONFIG_NETWORK = '/etc/sysconfig/network'
export const isIfcfg = (label: string): boolean =>
  /^\/etc\/sysconfig\/network-scripts\/ifcfg-[^/:]+$/.test(label) && !/(~|\.(bak|orig|rej|rpmnew|rpmsave))$/.test(label)

interface Var {
  value: string
  line: number
}

/** KEY=value lines of a shell variable file: quotes removed, the last assignment wins. */
export function shvar(text: string): Map<string, Var> {
  const out = new Map<string, Var>()
  text.split('\n').forEach((l, i) => {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(l)
    if (!m) return
    let v = m[2]!.trim()
    if (v.startsWith('"'))
      v = v.slice(1, v.lastIndexOf('"') > 0 ? v.lastIndexOf('"') : undefined).replace(/\\(["\\$`])/g, '$1')
    else if (v.startsWith("'")) v = v.slice(1, v.lastIndexOf("'") > 0 ? v.lastIndexOf("'") : undefined)
    else v = v.replace(/\s+#.*$/, '')
    out.set(m[1]!, { value: v, line: i + 1 })
  })
  return out
}

/** initscripts' is_true / is_false: yes, true, y, t, 1 (any case) and their opposites. */
const truth = (s: string | undefined): boolean | undefined =>
  s === undefined ? undefined : /^(yes|true|y|t|1)$/i.test(s) ? true : /^(no|false|n|f|0)$/i.test(s) ? false : bool(s)

const ADDR_GEN: Record<string, string> = {
  '0': 'eui64',
  '1': 'stable-privacy',
  '2': 'default-or-eui64',
  '3': 'default',
}

function ifcfgIntent(file: string, text: string, global: Map<string, Var>, nm: NmGlobal | undefined): Intent[] {
  const v = shvar(text)
  const get = (k: string): Var | undefined => v.get(k)
  // Ports of a bond, bridge or team carry no IP configuration of their own.
  if (get('MASTER') ?? get('MASTER_UUID') ?? get('BRIDGE') ?? get('TEAM_MASTER')) return []
  const device = get('DEVICE')?.value ?? file.slice(file.lastIndexOf('ifcfg-') + 6)
  if (device === 'lo') return []
  const macRaw = get('HWADDR')?.value
  const mac = macRaw ? normMac(macRaw) : undefined
  const nmControlled = truth(get('NM_CONTROLLED')?.value)
  const reader: 'networkmanager' | 'initscripts' =
    nmControlled === false ? 'initscripts' : nm ? 'networkmanager' : 'initscripts'
  const by =
    reader === 'initscripts'
      ? `initscripts (${nmControlled === false ? 'NM_CONTROLLED=no' : 'no NetworkManager.conf'})`
      : 'NetworkManager (ifcfg-rh)'
  const said = (k: string, from = v): string | undefined => (from.has(k) ? `${k}=${from.get(k)!.value}` : undefined)
  const static6 = [get('IPV6ADDR')?.value, ...(get('IPV6ADDR_SECONDARIES')?.value.split(/\s+/) ?? [])].filter(
    (a): a is string => !!a,
  )
  const gateway6 = get('IPV6_DEFAULTGW')?.value ?? global.get('IPV6_DEFAULTGW')?.value
  const first = [...v.values()].sort((a, b) => a.line - b.line)[0]?.line ?? 1
  const keep = [
    'DEVICE',
    'HWADDR',
    'NAME',
    'NM_CONTROLLED',
    'IPV6INIT',
    'IPV6_AUTOCONF',
    'IPV6_FORCE_ACCEPT_RA',
    'IPV6FORWARDING',
    'DHCPV6C',
    'DHCPV6C_OPTIONS',
    'IPV6ADDR',
    'IPV6ADDR_SECONDARIES',
    'IPV6_DEFAULTGW',
    'IPV6_PRIVACY',
    'IPV6_ADDR_GEN_MODE',
    'IPV6_SET_SYSCTLS',
  ]
  // Evidence: the lines that decide, never the rest (an ifcfg file may hold a WPA key).
  const stanza = [...v.entries()]
    .filter(([k]) => keep.includes(k))
    .sort((a, b) => a[1].line - b[1].line)
    .map(([k, x]) => `${k}=${x.value}`)
    .join('\n')
  const base = {
    system: 'ifcfg' as const,
    file,
    match: get('DEVICE')?.value ?? (mac ? '' : device),
    ...(mac ? { mac } : {}),
    stanza,
    reader,
    ...(get('NAME') ? { connection: get('NAME')!.value } : {}),
    ...(static6.length ? { static6 } : {}),
    ...(gateway6 ? { gateway6 } : {}),
  }
  const lineOf = (...keys: string[]): number => keys.map((k) => get(k)?.line).find((l) => l !== undefined) ?? first

  if (reader === 'initscripts') {
    // ifup-ipv6 sources /etc/sysconfig/network, then the ifcfg file.
    const eff = (k: string): Var | undefined => get(k) ?? global.get(k)
    const init = truth(eff('IPV6INIT')?.value)
    if (init === false)
      return [
        {
          ...base,
          line: lineOf('IPV6INIT'),
          dhcp6: 'no',
          ra: undefined,
          raBy: 'kernel',
          detail: `IPV6INIT=${eff('IPV6INIT')!.value}, read by ${by}: IPv6 not configured`,
        },
      ]
    // ifup-ipv6 compares these with the literal strings yes and no.
    const fwd = eff('IPV6FORWARDING')?.value === 'yes'
    const autoconf = eff('IPV6_AUTOCONF')?.value
    const auto = fwd ? autoconf === 'yes' : autoconf !== 'no'
    const force = eff('IPV6_FORCE_ACCEPT_RA')?.value === 'yes'
    const sysctls = eff('IPV6_SET_SYSCTLS')?.value !== 'no'
    const ra = !sysctls ? undefined : fwd ? auto : auto || force
    const dhcp = truth(get('DHCPV6C')?.value) === true
    const opts = (get('DHCPV6C_OPTIONS')?.value ?? '').split(/\s+/).filter(Boolean)
    const dhcp6 = !dhcp
      ? 'no'
      : opts.includes('-S')
        ? 'stateless'
        : (opts.includes('-P') || opts.includes('-T')) && !opts.includes('-N')
          ? 'no'
          : 'stateful'
    const autoSaid =
      said('IPV6_AUTOCONF') ??
      (global.has('IPV6_AUTOCONF')
        ? `IPV6_AUTOCONF=${global.get('IPV6_AUTOCONF')!.value} (${SYSCONFIG_NETWORK})`
        : `IPV6_AUTOCONF unset (${fwd ? 'no while forwarding' : 'yes'})`)
    const words = [
      said('IPV6INIT') ?? 'IPV6INIT unset',
      autoSaid,
      ...(force ? ['IPV6_FORCE_ACCEPT_RA=yes'] : []),
      said('DHCPV6C') ?? 'DHCPV6C unset',
      ...(opts.length ? [`DHCPV6C_OPTIONS=${opts.join(' ')}`] : []),
    ]
    const what =
      dhcp6 === 'stateful'
        ? 'dhclient -6 asks for an address (IA_NA)'
        : dhcp6 === 'stateless'
          ? 'dhclient -6 -S sends Information-requests only'
          : dhcp
            ? 'dhclient -6 asks for no address (only -P or -T)'
            : 'no DHCPv6 client'
    const raWords =
      ra === undefined
        ? 'sysctls left alone (IPV6_SET_SYSCTLS=no)'
        : ra
          ? `RAs taken (accept_ra ${fwd ? 2 : 1})${auto ? '' : ', no SLAAC (autoconf 0)'}`
          : 'RAs ignored (accept_ra 0)'
    return [
      {
        ...base,
        line: lineOf(dhcp ? 'DHCPV6C' : 'IPV6_AUTOCONF', 'IPV6INIT'),
        dhcp6,
        ra,
        raBy: 'kernel',
        detail: `${words.join(', ')}, read by ${by}: ${what}; ${raWords}`,
      },
    ]
  }

  // NetworkManager's ifcfg-rh reader.
  const initVar = get('IPV6INIT') ?? global.get('IPV6INIT')
  const init = truth(initVar?.value) === true
  const disabled = truth(get('IPV6_DISABLED')?.value) === true
  const fwd = truth(get('IPV6FORWARDING')?.value) === true
  const autoRaw = get('IPV6_AUTOCONF')?.value
  const dhcp = truth(get('DHCPV6C')?.value) === true
  const method = disabled
    ? 'disabled'
    : !init
      ? 'ignore'
      : autoRaw === 'shared'
        ? 'shared'
        : (truth(autoRaw) ?? !fwd)
          ? 'auto'
          : dhcp
            ? 'dhcp'
            : static6.length
              ? 'manual'
              : 'link-local'
  const initSaid = get('IPV6INIT')
    ? `IPV6INIT=${get('IPV6INIT')!.value}`
    : global.has('IPV6INIT')
      ? `IPV6INIT=${global.get('IPV6INIT')!.value} (${SYSCONFIG_NETWORK})`
      : 'IPV6INIT unset (no)'
  const words = [
    initSaid,
    ...(init
      ? [
          said('IPV6_AUTOCONF') ?? `IPV6_AUTOCONF unset (${fwd ? 'no: IPV6FORWARDING=yes' : 'yes'})`,
          said('DHCPV6C') ?? 'DHCPV6C unset',
        ]
      : []),
  ].join(', ')
  const m = `${words}, read by ${by} as ipv6.method=${method}`
  const line = lineOf(...(method === 'auto' ? ['IPV6_AUTOCONF'] : method === 'dhcp' ? ['DHCPV6C'] : []), 'IPV6INIT')
  const genRaw = get('IPV6_ADDR_GEN_MODE')?.value
  const gen = genRaw === undefined ? 'default-or-eui64' : (ADDR_GEN[genRaw] ?? genRaw)
  const addrGen = resolveAddrGen(
    gen,
    genRaw === undefined
      ? 'IPV6_ADDR_GEN_MODE unset: default-or-eui64 (NetworkManager 1.40 and later; eui64 before)'
      : `IPV6_ADDR_GEN_MODE=${genRaw}`,
    nm,
  )
  switch (method) {
    case 'auto':
      return [
        {
          ...base,
          line,
          dhcp6: 'follow-ra',
          ra: true,
          raBy: 'networkmanager',
          addrGen,
          detail: `${m}: SLAAC, and DHCPv6 as the RA's M/O flags say`,
        },
      ]
    case 'dhcp':
      return [
        {
          ...base,
          line,
          dhcp6: 'stateful',
          ra: false,
          raBy: 'networkmanager',
          detail: `${m}: DHCPv6 only, RAs ignored`,
        },
      ]
    case 'ignore':
      return [
        {
          ...base,
          line,
          dhcp6: 'no',
          ra: undefined,
          raBy: 'kernel',
          detail: `${m}: IPv6 left to the kernel, SLAAC only, no DHCPv6`,
        },
      ]
    case 'manual':
      return [{ ...base, line, dhcp6: 'no', ra: false, raBy: 'networkmanager', detail: `${m}: fixed addresses` }]
    default:
      return [{ ...base, line, dhcp6: 'no', ra: false, raBy: 'networkmanager', detail: `${m}` }]
  }
}

/** Every ifcfg file, read with /etc/sysconfig/network and by whichever program reads it. */
export function ifcfgFiles(parts: readonly Part[], nmParts: readonly Part[]): NetconfFile[] {
  const globalPart = parts.find((p) => p.label === SYSCONFIG_NETWORK && p.exit === 0)
  const global = globalPart ? shvar(globalPart.text) : new Map<string, Var>()
  const nm = nmGlobal(nmParts)
  return parts
    .filter((p) => isIfcfg(p.label))
    .map((p): NetconfFile => {
      if (p.exit !== undefined && p.exit !== 0)
        return {
          system: 'ifcfg',
          file: p.label,
          intents: [],
          error: p.text.trim().split('\n')[0] || `cat exited ${p.exit}`,
          unread: true,
        }
      const by = generatedBy(p.label, p.text)
      const gen = by ? { generatedBy: by } : {}
      const cut = p.truncated ? { error: 'cut at the read limit: judged on the first part' } : {}
      return { system: 'ifcfg', file: p.label, intents: ifcfgIntent(p.label, p.text, global, nm), ...cut, ...gen }
    })
}
