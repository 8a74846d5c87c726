// NetworkManager keyfiles: ipv6.method auto follows the RA's M/O flags (SLAAC and DHCPv6), dhcp is
// DHCPv6 only with RAs ignored, ignore leaves IPv6 to the kernel (SLAAC, no DHCPv6); a profile
// without [ipv6] is normalized to auto. NM handles RAs itself, and makes the SLAAC addresses itself
// with ipv6.addr-gen-mode: a keyfile without it means default-or-eui64 (nm-settings-nmcli(5), 1.40
// and later: NetworkManager.conf's default, else eui64), while profiles NetworkManager itself creates
// (nmcli, the installer) say stable-privacy, or default (1.40 and later), which falls back to it.
import { ini, last } from './ini.ts'
import type { Intent } from '../../facts.ts'
import { resolveAddrGen, type NmGlobal } from './nm-conf.ts'
import { normMac } from './values.ts'

const ADDR_GEN: Record<string, string> = {
  '0': 'eui64',
  '1': 'stable-privacy',
  '2': 'default-or-eui64',
  '3': 'default',
}

export function keyfileIntents(file: string, text: string, nm?: NmGlobal): Intent[] {
  const e = ini(text)
  // Ports of a bond or bridge carry no IP configuration of their own.
  if (last(e, 'connection', 'master') ?? last(e, 'connection', 'controller')) return []
  const id = last(e, 'connection', 'id')?.value
  const ifname = last(e, 'connection', 'interface-name')?.value ?? ''
  const macRaw = last(e, ['ethernet', '802-3-ethernet', 'wifi', '802-11-wireless'], 'mac-address')?.value
  const mac = macRaw ? normMac(macRaw) : undefined
  const methodEntry = last(e, 'ipv6', 'method')
  const method = methodEntry?.value ?? 'auto'
  const line = methodEntry?.line ?? e.find((x) => x.section === 'connection')?.line ?? 1
  const unset = methodEntry ? '' : 'no [ipv6] section, so NetworkManager normalizes it to '
  const m = `${unset}ipv6.method=${method}`
  const semantics: Record<string, Pick<Intent, 'dhcp6' | 'ra' | 'raBy' | 'detail'>> = {
    auto: {
      dhcp6: 'follow-ra',
      ra: true,
      raBy: 'networkmanager',
      detail: `${m}: SLAAC, and DHCPv6 as the RA's M/O flags say`,
    },
    dhcp: { dhcp6: 'stateful', ra: false, raBy: 'networkmanager', detail: `${m}: DHCPv6 only, RAs ignored` },
    ignore: {
      dhcp6: 'no',
      ra: undefined,
      raBy: 'kernel',
      detail: `${m}: IPv6 left to the kernel, SLAAC only, no DHCPv6`,
    },
    manual: { dhcp6: 'no', ra: false, raBy: 'networkmanager', detail: `${m}: fixed addresses` },
    'link-local': { dhcp6: 'no', ra: false, raBy: 'networkmanager', detail: `${m}: link-local only` },
    disabled: { dhcp6: 'no', ra: false, raBy: 'networkmanager', detail: `${m}: IPv6 disabled` },
    shared: { dhcp6: 'no', ra: false, raBy: 'networkmanager', detail: `${m}: shared (a router)` },
  }
  const sem = semantics[method] ?? {
    dhcp6: 'no',
    ra: undefined,
    raBy: 'networkmanager',
    detail: `${m}: unknown method`,
  }
  const genEntry = last(e, 'ipv6', 'addr-gen-mode')
  const gen = genEntry ? (ADDR_GEN[genEntry.value] ?? genEntry.value) : 'default-or-eui64'
  const addrGen =
    method === 'auto'
      ? {
          addrGen: resolveAddrGen(
            gen,
            genEntry ? `ipv6.addr-gen-mode=${genEntry.value}` : 'ipv6.addr-gen-mode unset: default-or-eui64',
            nm,
          ),
        }
      : {}
  // Evidence: only the lines that decide, never the rest (a keyfile may hold secrets).
  const keep: Record<string, string[]> = {
    connection: ['id', 'interface-name'],
    ethernet: ['mac-address'],
    '802-3-ethernet': ['mac-address'],
    ipv6: ['method', 'addr-gen-mode', 'ip6-privacy'],
  }
  let sec = ''
  const stanza = text
    .split('\n')
    .filter((l) => {
      const t = l.trim()
      const h = /^\[([^\]]+)\]$/.exec(t)
      if (h) sec = h[1]!
      return h ? sec in keep : (keep[sec] ?? []).includes(t.split('=')[0]!.trim())
    })
    .join('\n')
  return [
    {
      system: 'networkmanager',
      file,
      line,
      match: ifname,
      ...(mac ? { mac } : {}),
      ...sem,
      ...addrGen,
      stanza,
      ...(id ? { connection: id } : {}),
    },
  ]
}
