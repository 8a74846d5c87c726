// hosts.config.overlay-mtu: Neutron's tunnel MTU against the tunnel endpoint's IP version and the
// MTU of the interface that holds it. The arithmetic is Neutron's own:
//   tenant MTU = min(global_physnet_mtu, path_mtu if set) - IP_HEADER_LENGTH[overlay_ip_version] - tunnel header
// (neutron/plugins/ml2/drivers/type_tunnel.py _TunnelTypeDriverBase.get_mtu, type_vxlan.py and
// type_geneve.py get_mtu), and a full-size tenant packet leaves the host as
//   tenant MTU + tunnel header + IP_HEADER_LENGTH[family of local_ip]
// which the underlay interface must carry.
import { CONFIG_OVERLAY_MTU } from '../checks/hosts/config.ts'
import { iniEntries } from '../config/ini.ts'
import { canonicalIPv6, isIPv4 } from '../net/index.ts'
import type { OvnEncap } from '../observe/facts.ts'
import { describeIdentity } from '../observe/parse/identity.ts'
import { fail, pass, skipped, type Verdict } from '../verdict.ts'
import { needs, subjectOf, whereOf, type HostView } from './host-view.ts'
import { judgeFacts } from './judged.ts'

/** neutron_lib/constants.py IP_HEADER_LENGTH. */
export const IP_HEADER_LENGTH = { 4: 20, 6: 40 } as const
/** neutron_lib/constants.py: outer Ethernet, UDP (or GRE) and the tunnel's own header. */
export const VXLAN_ENCAP_OVERHEAD = 30
export const GENEVE_ENCAP_MIN_OVERHEAD = 30
export const GRE_ENCAP_OVERHEAD = 22
/** neutron/conf/common.py global_physnet_mtu, neutron/conf/plugins/ml2/config.py overlay_ip_version. */
const DEFAULT_PHYSNET_MTU = 1500
const DEFAULT_OVERLAY_IP_VERSION = 4

/** One setting as written: its value, and where. */
export interface Setting {
  value: string
  at: string
}

/** `[section] key` → its last assignment across the host's ini files, in the order the targets file lists them. */
export function iniSettings(files: { path: string; text: string }[]): Map<string, Setting> {
  const out = new Map<string, Setting>()
  for (const f of files)
    for (const e of iniEntries(f.text))
      out.set(`[${e.section}] ${e.key}`, {
        value: e.lines.map((l) => l.text).join(' '),
        at: `${f.path}:${e.lines[0]?.line ?? 0}`,
      })
  return out
}

const shown = (name: string, s: Setting | undefined, dflt: string) =>
  s ? `${name} = ${s.value} (${s.at})` : `${name} unset (Neutron's default ${dflt})`

type Family = 4 | 6

interface Tunnel {
  type: string
  header: number
  source: string
}

function tunnelHeader(type: string, s: Map<string, Setting>): Tunnel | undefined {
  if (type === 'vxlan') return { type, header: VXLAN_ENCAP_OVERHEAD, source: 'VXLAN_ENCAP_OVERHEAD' }
  if (type === 'gre') return { type, header: GRE_ENCAP_OVERHEAD, source: 'GRE_ENCAP_OVERHEAD' }
  if (type === 'geneve') {
    const set = s.get('[ml2_type_geneve] max_header_size')
    const n = Number(set?.value)
    return set && Number.isInteger(n) && n > 0
      ? { type, header: n, source: `max_header_size (${set.at})` }
      : { type, header: GENEVE_ENCAP_MIN_OVERHEAD, source: 'GENEVE_ENCAP_MIN_OVERHEAD' }
  }
  return undefined
}

const intOf = (s: Setting | undefined): number | undefined => {
  const n = Number(s?.value)
  return s && Number.isInteger(n) ? n : undefined
}

/** Why OVN gave no endpoint, as the ovs section says it. */
function ovnWords(o: OvnEncap | undefined, who: string): string {
  if (!o) return "and OVN's ovn-encap-ip was not read (the observation has no ovs section)"
  if (o.state === 'absent') return 'and there is no ovs-vsctl (no OVN chassis)'
  if (o.state === 'not-root')
    return `and OVN's ovn-encap-ip is not readable by ${who}: ${o.reason}: set ssh.become: sudo for this host (docs/ssh.md)`
  if (o.state === 'failed') return `and OVN's ovn-encap-ip could not be read: ${o.reason}`
  return "and OVN's external_ids:ovn-encap-ip is not set in the Open vSwitch database"
}

export const overlayMtu = judgeFacts(CONFIG_OVERLAY_MTU, (v: HostView): Verdict[] => {
  const check = CONFIG_OVERLAY_MTU.id
  const ini = v.host.configs.filter((c) => c.format === 'ini')
  if (!ini.length) return []
  return needs(check, v, ['configs', 'interfaces'], () => {
    const subject = subjectOf(v)
    const where = whereOf(v)
    const configs = v.facts.configs.ok ? v.facts.configs.value : []
    const read = ini.flatMap((spec) => {
      const f = configs.find((c) => c.path === spec.path)
      return f?.state === 'ok' && f.text !== undefined ? [{ path: spec.path, text: f.text }] : []
    })
    const unread = ini.filter((spec) => !read.some((r) => r.path === spec.path)).map((spec) => spec.path)
    const denied = configs.some((c) => unread.includes(c.path) && c.denied)
    const who = describeIdentity(v.facts.identity.ok ? v.facts.identity.value : undefined)
    const notRead = unread.length ? ` (not read: ${unread.join(', ')}${denied ? `, not readable by ${who}` : ''})` : ''
    // Never a pass on files not read; hosts.config.* on each file says why it was not.
    if (!read.length)
      return [
        skipped(
          check,
          subject,
          `none of the ini files could be read (${unread.join(', ')})${denied ? `: not readable by ${who}: set ssh.become: sudo for this host (docs/ssh.md), or let that user read them` : ''}`,
          where,
        ),
      ]
    const s = iniSettings(read)
    const ovnRead = v.facts.ovn.ok ? v.facts.ovn.value : undefined
    const ovn = ovnRead?.state === 'ok' && ovnRead.ips.length ? ovnRead : undefined
    // A host whose files hold no ML2 or agent section, and that is no OVN chassis, runs no Neutron: nothing to judge.
    if (![...s.keys()].some((k) => /^\[(ml2|ovs|vxlan)\] /.test(k)) && !ovn) return []
    // The OVS agent's endpoint; the Linux bridge agent's, which tunnels VXLAN only; an OVN chassis's.
    const ovs = s.get('[ovs] local_ip')
    const lb = s.get('[vxlan] local_ip')
    const local: Setting | undefined =
      ovs ?? lb ?? (ovn && { value: ovn.ips[0] ?? '', at: `${ovn.command.replace(/ --timeout=\d+ --if-exists/, '')}` })
    const ep = ovs || lb ? 'local_ip' : 'ovn-encap-ip'
    if (!local)
      return [
        skipped(
          check,
          subject,
          `no tunnel endpoint in ${read.map((r) => r.path).join(', ') || 'the ini files'}: neither [ovs] local_ip (openvswitch_agent.ini) nor [vxlan] local_ip (linuxbridge_agent.ini) is set, ${ovnWords(ovnRead, who)}${notRead}`,
          where,
        ),
      ]
    const typesSetting: Setting | undefined = ovs
      ? s.get('[agent] tunnel_types')
      : !lb && ovn
        ? { value: ovn.types.join(','), at: 'ovn-encap-type' }
        : undefined
    const types =
      ovs || (!lb && ovn)
        ? (typesSetting?.value ?? '')
            .split(',')
            .map((t) => t.trim().toLowerCase())
            .filter(Boolean)
        : ['vxlan']
    const tunnels = types.map((t) => tunnelHeader(t, s)).filter((t): t is Tunnel => t !== undefined)
    if (!tunnels.length)
      return [
        skipped(
          check,
          subject,
          ovs
            ? `${shown('[ovs] local_ip', local, '')} but ${typesSetting ? `[agent] tunnel_types = ${typesSetting.value} (${typesSetting.at}) names no VXLAN, Geneve or GRE` : '[agent] tunnel_types is unset (no tunnels)'}: the agent builds no tunnel`
            : // Stryker disable next-line OptionalChaining: on an OVN chassis typesSetting is always set here (a Linux bridge agent always has VXLAN)
              `ovn-encap-ip = ${local.value} but ovn-encap-type ${typesSetting?.value ? `= ${typesSetting.value} names no Geneve or VXLAN` : 'is unset'}: ovn-controller builds no tunnel (${local.at})`,
          where,
        ),
      ]
    const addr = local.value.trim()
    const family: Family | undefined = isIPv4(addr) ? 4 : canonicalIPv6(addr) ? 6 : undefined
    const versionSetting = s.get('[ml2] overlay_ip_version')
    const hasMl2 = [...s.keys()].some((k) => k.startsWith('[ml2] '))
    if (family === undefined)
      return [
        fail({
          check,
          subject,
          expected: `${ep} an IPv4 or IPv6 address`,
          observed: `${ep} = ${local.value} (${local.at}) is not an IP address`,
          remedy:
            ep === 'local_ip'
              ? `set local_ip in ${local.at.replace(/:\d+$/, '')} to the address of this host's tunnel interface`
              : "set it to the address of this host's tunnel interface: ovs-vsctl set Open_vSwitch . external_ids:ovn-encap-ip=<address>",
          where,
        }),
      ]
    if (!hasMl2)
      return [
        skipped(
          check,
          subject,
          `${ep} = ${addr} (${local.at}), but no file this host names has an [ml2] section: overlay_ip_version is set in ml2_conf.ini on the neutron-server hosts, so name that file in this host's configs${notRead}`,
          where,
        ),
      ]
    const overlay = (intOf(versionSetting) ?? DEFAULT_OVERLAY_IP_VERSION) === 6 ? 6 : 4
    const physnetSetting = s.get('[DEFAULT] global_physnet_mtu')
    const pathSetting = s.get('[ml2] path_mtu')
    const physnet = intOf(physnetSetting) ?? DEFAULT_PHYSNET_MTU
    const path = intOf(pathSetting) ?? 0
    const base = path > 0 ? Math.min(physnet, path) : physnet
    const sums = tunnels.map((t) => {
      const tenant = base - IP_HEADER_LENGTH[overlay] - t.header
      return { ...t, tenant, needed: tenant + t.header + IP_HEADER_LENGTH[family] }
    })
    const needed = Math.max(...sums.map((x) => x.needed))
    const iface = (v.facts.interfaces.ok ? v.facts.interfaces.value : []).find((i) =>
      i.addresses.some((a) => a.address === (family === 6 ? canonicalIPv6(addr) : addr)),
    )
    const settings = [
      `${ep} = ${addr} (${local.at})`,
      ...(ovn && ovn.ips.length > 1 ? [`ovn-encap-ip lists ${ovn.ips.join(', ')}: the first is judged`] : []),
      typesSetting
        ? `${ep === 'local_ip' ? 'tunnel_types' : 'ovn-encap-type'} = ${typesSetting.value} (${typesSetting.at})`
        : 'linuxbridge: VXLAN',
      shown('overlay_ip_version', versionSetting, String(DEFAULT_OVERLAY_IP_VERSION)),
      shown('global_physnet_mtu', physnetSetting, String(DEFAULT_PHYSNET_MTU)),
      shown('path_mtu', pathSetting, '0, unset'),
      ...(s.get('[ml2] physical_network_mtus')
        ? [`physical_network_mtus = ${s.get('[ml2] physical_network_mtus')?.value} (flat and VLAN networks only)`]
        : []),
    ]
    const arithmetic = sums.map(
      (x) =>
        `${x.type}: tenant MTU ${base} - ${IP_HEADER_LENGTH[overlay]} (IPv${overlay} header) - ${x.header} (${x.source}) = ${x.tenant}; on the underlay ${x.tenant} + ${x.header} + ${IP_HEADER_LENGTH[family]} (IPv${family} header) = ${x.needed}`,
    )
    const evidence = [
      ...settings,
      ...arithmetic,
      ...(iface ? [`${iface.name} holds ${addr}, MTU ${iface.mtu}`] : []),
    ].join('\n')
    const expected = `overlay_ip_version matching ${ep}'s family, and the interface holding ${ep} with an MTU of at least the tenant MTU plus the tunnel overhead (${needed} here)`
    const problems: string[] = []
    const fixes: string[] = []
    const ml2File =
      [...s.entries()].find(([k]) => k.startsWith('[ml2] '))?.[1].at.replace(/:\d+$/, '') ?? 'ml2_conf.ini'
    if (family === 6 && overlay !== 6) {
      const tenant6 = Math.min(...sums.map((x) => base - IP_HEADER_LENGTH[6] - x.header))
      problems.push(
        `${ep} ${addr} is IPv6 but ${versionSetting ? `overlay_ip_version = ${versionSetting.value} (${versionSetting.at})` : "overlay_ip_version is unset (Neutron's default 4)"}: Neutron takes 20 bytes for the outer IP header where IPv6 takes 40, so tenant networks get MTU ${Math.min(...sums.map((x) => x.tenant))} where ${tenant6} fits`,
      )
      fixes.push(
        `set overlay_ip_version = 6 in [ml2] of ${ml2File} and restart neutron-server; networks made before keep their MTU (openstack network set --mtu ${tenant6} <network>)`,
      )
    }
    if (!iface) {
      problems.push(
        `no interface holds ${ep} ${addr}: the ${ep === 'local_ip' ? 'agent' : 'chassis'} cannot send from it`,
      )
      fixes.push(`give the tunnel interface ${addr}, or set ${ep} to an address this host holds`)
    } else if (iface.mtu < needed) {
      const worst = sums.find((x) => x.needed === needed)
      problems.push(
        `${iface.name} (holding ${addr}) has MTU ${iface.mtu}, and a full-size tenant packet (MTU ${worst?.tenant}, ${worst?.type}) leaves it as ${needed} bytes`,
      )
      if (!(family === 6 && overlay !== 6))
        fixes.push(
          `raise ${iface.name}'s MTU to ${needed} (ip link set dev ${iface.name} mtu ${needed}, persisted, with the switches along the path) or lower global_physnet_mtu (or path_mtu) to ${iface.mtu + base - needed}`,
        )
    }
    if (!problems.length)
      return [
        pass({
          check,
          subject,
          expected,
          observed: `${sums.map((x) => `${x.type} tenant MTU ${x.tenant}, ${x.needed} on the underlay`).join('; ')}; ${iface?.name} (holding ${addr}) has MTU ${iface?.mtu}${family === 4 && overlay === 6 ? ' (overlay_ip_version 6 with an IPv4 local_ip costs 20 bytes of tenant MTU for nothing)' : ''}${notRead}`,
          evidence,
        }),
      ]
    return [
      fail({
        check,
        subject,
        expected,
        observed: `${problems.join('; ')}${notRead}`,
        remedy: fixes.join('; '),
        evidence,
      }),
    ]
  })
})
