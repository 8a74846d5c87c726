// Judge of how a guest makes its IPv6 addresses, against what Neutron's port security allows.
//
// On slaac and dhcpv6-stateless subnets Neutron pre-computes the port address as the modified EUI-64
// of the port's MAC (RFC 4291 App. A) and its anti-spoofing rules allow only the port's addresses.
// A guest that generates another interface identifier (addr_gen_mode 2 or 3: RFC 7217 stable
// privacy, as NetworkManager does by default) or sends from temporary addresses (use_tempaddr > 0:
// RFC 4941) has its traffic dropped. ip-sysctl.rst gives the semantics. Tempest's scenario
// test_network_v6 expects the EUI-64 address Neutron computed, so such guests fail it too.
//
// On dhcpv6-stateful subnets the address comes from DHCPv6 (IA_NA), so the interface identifier the
// kernel would make does not matter; Neutron's RA there has A=0 (its config-ipv6.rst), so no prefix
// may make temporary addresses either: a temporary address means an RA from elsewhere, and its
// traffic is dropped too. That is all that is judged there.
//
// Each interface is judged by its own address mode (interfaces.<name>.address_mode, else the host's).
// A static interface must hold the fixed address Nova gives its MAC in network_data.json (config
// drive first, then the metadata service), when that was read, and no temporary address; a `none`
// interface is not judged. NetworkManager makes SLAAC addresses itself (the kernel's addr_gen_mode
// then reads 1), so its profile's addr-gen-mode is what decides there (parse/netconf/).
import type { Address, Interface, Intent, MetadataFacts, NetworkData6 } from '../observe/facts.ts'
import { intentsFor } from '../observe/parse/netconf/index.ts'
import { ipv6ConfName } from '../targets/sysctl-path.ts'
import { eui64Address, macToInterfaceId, sameAddress } from '../net/index.ts'
import { fail, pass, skipped, type Verdict } from '../verdict.ts'
import {
  conf,
  expectOf,
  ipv6On,
  isLoopback,
  isUp,
  modeOf,
  needs,
  subjectOf,
  whereOf,
  type HostView,
} from './host-view.ts'
import { PRIVACY_ADDR_GEN } from '../checks/hosts/privacy.ts'
import { judgeFacts } from './judged.ts'

const global6 = (i: Interface): Address[] => i.addresses.filter((a) => a.family === 'inet6' && a.scope === 'global')
const show = (a: Address): string => `${a.address}/${a.prefixlen}`

/**
 * Made by SLAAC (the kernel's, or NetworkManager's in user space): a /64 with a lifetime from the RA,
 * or the mngtmpaddr base. DHCPv6 clients install their leases as /128, so those are not taken for SLAAC.
 */
const isSlaac = (a: Address): boolean => !a.temporary && (a.dynamic || a.mngtmpaddr) && a.prefixlen === 64

/** addr_gen_mode values that do not derive the interface identifier from the MAC (ip-sysctl.rst). */
const STABLE_PRIVACY: Record<number, string> = {
  2: 'stable privacy with stable_secret, RFC 7217',
  3: 'stable privacy with a random secret, RFC 7217',
}

/**
 * Interfaces that carry IPv6 beyond the link: the default route's, or any with a global address; a
 * static one that is up is judged even without its address, since holding it is what is judged.
 */
function carriers(v: HostView): Interface[] {
  const routes = v.facts.routes.ok ? v.facts.routes.value : []
  const defaults = new Set(
    routes.filter((r) => r.dst === 'default').flatMap((r) => [r.dev, ...(r.nexthops ?? []).map((n) => n.dev)]),
  )
  return (v.facts.interfaces.ok ? v.facts.interfaces.value : []).filter(
    // forbidden interfaces are hosts.addr.forbidden's: any global address there is already a finding.
    (i) =>
      !isLoopback(i) &&
      ipv6On(v, i.name) &&
      expectOf(v, i.name).ipv6 !== 'forbidden' &&
      (defaults.has(i.name) || global6(i).length > 0 || (modeOf(v, i.name) === 'static' && isUp(i))),
  )
}

/** The IPv6 networks network_data.json gives a MAC, from the first source that gave the file. */
function networkDataFor(
  m: MetadataFacts | undefined,
  mac: string | undefined,
): { source: string; networks: NetworkData6[] } | undefined {
  if (!m || !mac) return undefined
  const drive = m.configDrive.devices.flatMap((d) => d.mounts.map((x) => ({ at: x.at, nd: x.networkData })))
  const sources = [
    ...drive.map((d) => ({ source: `the config drive (${d.at})`, body: d.nd?.ok ? d.nd.body : undefined })),
    { source: 'the metadata service over IPv4', body: m.networkData?.ipv4.networkData },
    { source: 'the metadata service over IPv6', body: m.networkData?.ipv6.networkData },
  ]
  const got = sources.find((x) => x.body?.json === 'valid')
  return got
    ? {
        source: `network_data.json from ${got.source}`,
        networks: got.body!.networks.filter((n) => n.mac === mac.toLowerCase()),
      }
    : undefined
}

function staticVerdict(check: string, v: HostView, i: Interface): Verdict {
  const subject = subjectOf(v, i.name)
  const nd = networkDataFor(v.facts.metadata.ok ? v.facts.metadata.value : undefined, i.mac)
  const fixed = (nd?.networks ?? []).filter((n) => n.type === 'ipv6' && n.address !== undefined)
  const held = global6(i)
  const holds = (a: NetworkData6): Address | undefined => held.find((h) => sameAddress(h.address, a.address!))
  const t = tempProblems(v, i)
  const want = fixed.map((n) => `${n.address}/${n.prefixlen ?? '?'}`)
  const base = {
    check,
    subject,
    expected: fixed.length
      ? `static: ${i.name} holds ${want.join(', ')} (${nd!.source}), usable, and no temporary addresses`
      : `static: ${i.name} holds a fixed global address, and no temporary addresses`,
    where: { ...whereOf(v, i.name), ...(fixed[0]?.address ? { address: fixed[0].address } : {}) },
    evidence: [
      `addresses of ${i.name}: ${held.map((a) => `${show(a)}${a.temporary ? ' temporary' : ''}${a.dynamic ? ' dynamic' : ''}${a.tentative ? ' tentative' : ''}${a.dadfailed ? ' dadfailed' : ''}`).join(', ') || 'no global address'}`,
      nd
        ? `${nd.source}: ${nd.networks.length ? nd.networks.map((n) => `${n.type}${n.address ? ` ${n.address}/${n.prefixlen ?? '?'}` : ''}`).join(', ') : `no IPv6 network for ${i.mac}`}`
        : 'network_data.json was not read (no config drive holding it, and the metadata service did not give it): the address is not compared',
    ].join('\n'),
  }
  if (nd && nd.networks.length && !fixed.length)
    return skipped(
      check,
      subject,
      `${nd.source} gives ${i.name} (${i.mac}) ${nd.networks.map((n) => n.type).join(', ')}, not a fixed address: its address_mode in the targets file is not static`,
      whereOf(v, i.name),
    )
  const problems: string[] = []
  const fixes: string[] = []
  for (const n of fixed) {
    const a = holds(n)
    if (!a) problems.push(`${n.address}/${n.prefixlen ?? '?'} from ${nd!.source} is not on ${i.name}`)
    else if (a.dadfailed || a.tentative)
      problems.push(`${show(a)} is ${a.dadfailed ? 'dadfailed: another node on the link holds it' : 'still tentative'}`)
  }
  if (problems.length)
    fixes.push(
      `configure ${fixed.map((n) => `${n.address}/${n.prefixlen ?? 64}`).join(', ')} on ${i.name} (ip -6 addr add ${fixed[0]!.address}/${fixed[0]!.prefixlen ?? 64} dev ${i.name}) and persist it in the guest's network configuration; cloud-init renders it from network_data.json at boot unless its network configuration is disabled`,
    )
  if (!fixed.length && !held.some((a) => !a.temporary && !a.dynamic)) {
    problems.push(`no fixed global address on ${i.name}`)
    fixes.push(
      `configure the port's fixed IPv6 address on ${i.name} (openstack port show <port> -c fixed_ips names it)`,
    )
  }
  problems.push(...t.problems)
  fixes.push(...t.fixes)
  if (!problems.length)
    return pass({
      ...base,
      observed: fixed.length
        ? `${fixed.map((n) => `${show(holds(n)!)} held`).join(', ')}; no temporary addresses`
        : `${held
            .filter((a) => !a.temporary && !a.dynamic)
            .map(show)
            .join(', ')} held; no temporary addresses`,
    })
  return fail({ ...base, observed: problems.join('; '), remedy: fixes.join('; ') })
}

function tempProblems(v: HostView, i: Interface): { problems: string[]; fixes: string[] } {
  const temps = global6(i).filter((a) => a.temporary)
  const use = conf(v, i.name, 'use_tempaddr')
  if (!temps.length && !(use !== undefined && use > 0)) return { problems: [], fixes: [] }
  const prefers = use !== undefined && use > 1 ? ', preferred as source' : use === 1 ? ', public preferred' : ''
  const problems = [
    `use_tempaddr = ${use ?? '?'}${prefers}: ${temps.length ? `temporary ${temps.map(show).join(', ')}` : 'temporary addresses at the next RA'} (RFC 4941)`,
  ]
  return {
    problems,
    fixes: [
      `sysctl -w ${ipv6ConfName(i.name, 'use_tempaddr')}=0 (NetworkManager: ipv6.ip6-privacy 0)${temps.length ? ' and remove the temporary addresses' : ''}`,
    ],
  }
}

function stateful(check: string, v: HostView, i: Interface): Verdict {
  const base = {
    check,
    subject: subjectOf(v, i.name),
    expected:
      'dhcpv6-stateful: no temporary addresses (the address comes from DHCPv6; port security drops any other source)',
    where: whereOf(v, i.name),
  }
  const t = tempProblems(v, i)
  const temps = global6(i).filter((a) => a.temporary)
  if (!temps.length) {
    const agm = conf(v, i.name, 'addr_gen_mode')
    const use = conf(v, i.name, 'use_tempaddr')
    const note = use !== undefined && use > 0 ? `; use_tempaddr = ${use}, but no prefix here allows SLAAC` : ''
    return pass({
      ...base,
      observed: `no temporary addresses; addr_gen_mode = ${agm ?? 'absent'} does not apply to DHCPv6 addresses${note}`,
    })
  }
  return fail({
    ...base,
    observed: t.problems.join('; '),
    remedy: t.fixes.join('; '),
    where: { ...whereOf(v, i.name), ...(temps[0] ? { address: temps[0].address } : {}) },
  })
}

/** NetworkManager profiles that make this interface's SLAAC addresses, and how they make them. */
const nmSlaac = (intents: Intent[]): Intent[] =>
  intents.filter((x) => x.raBy === 'networkmanager' && x.addrGen !== undefined)

function nmFix(x: Intent): string {
  // Without NAME= the ifcfg-rh plugin names the profile `System <the file's name after ifcfg->` (make_connection_name).
  if (x.system === 'ifcfg')
    return `IPV6_ADDR_GEN_MODE=eui64 in ${x.file}, then nmcli connection reload && nmcli connection up '${x.connection ?? `System ${x.file.slice(x.file.lastIndexOf('ifcfg-') + 6)}`}'`
  const conn = x.connection ? `'${x.connection}'` : '<conn>'
  return `nmcli connection modify ${conn} ipv6.addr-gen-mode eui64 (writes ${x.file}), then nmcli connection up ${conn}`
}

function autoconfigured(check: string, v: HostView, i: Interface, mode: string, intents: Intent[] = []): Verdict {
  const subject = subjectOf(v, i.name)
  const mac = i.mac
  if (!mac || /^(00:){5}00$/.test(mac) || !/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i.test(mac))
    return skipped(
      check,
      subject,
      `${i.name} has no Ethernet MAC (${mac ?? 'none'}): no EUI-64 to compare with`,
      whereOf(v, i.name),
    )
  const agm = conf(v, i.name, 'addr_gen_mode')
  const problems: string[] = []
  const fixes: string[] = []
  const held = global6(i)
  const slaac = held.filter(isSlaac)
  const eui = (a: Address): string | undefined =>
    a.prefixlen === 64 ? eui64Address(`${a.address}/64`, mac) : undefined
  const good = slaac.filter((a) => {
    const want = eui(a)
    return want !== undefined && sameAddress(a.address, want)
  })
  for (const a of slaac) {
    const want = eui(a)
    if (want !== undefined && !sameAddress(a.address, want))
      problems.push(`${show(a)} is not EUI-64: Neutron's port address is ${want}`)
  }
  // Without SLAAC (a static copy of the port address, as cloud-init writes from network_data.json),
  // an address equal to the EUI-64 of its prefix is what Neutron expects.
  const staticMatch = held.filter(
    (a) => !a.temporary && !isSlaac(a) && eui(a) !== undefined && sameAddress(a.address, eui(a) ?? ''),
  )
  if (!slaac.length && !staticMatch.length)
    problems.push(`no SLAAC address and no address equal to the EUI-64 of ${mac}`)
  const nm = nmSlaac(intents)
  const privateNm = nm.filter((x) => x.addrGen?.mode === 'stable-privacy')
  if (privateNm.length) {
    // NetworkManager makes the address: its profile decides, whatever the kernel's addr_gen_mode says.
    problems.unshift(
      ...privateNm.map(
        (x) =>
          `NetworkManager makes the SLAAC address with stable privacy (RFC 7217): ${x.system === 'ifcfg' ? 'ifcfg' : 'NetworkManager'} ${x.file}:${x.line}: ${x.addrGen!.why}`,
      ),
    )
    fixes.push(...privateNm.map(nmFix))
  } else if (agm !== undefined && STABLE_PRIVACY[agm] && !nm.length) {
    problems.unshift(`addr_gen_mode = ${agm} (${STABLE_PRIVACY[agm]})`)
    fixes.push(
      `sysctl -w ${ipv6ConfName(i.name, 'addr_gen_mode')}=0 and persist it, then toggle ${i.name} (or disable_ipv6) to regenerate the addresses`,
    )
  } else if (slaac.length > good.length) {
    // The kernel would make EUI-64 (addr_gen_mode 0, or 1: none for link-local, EUI-64 for SLAAC),
    // so the address comes from user space: NetworkManager (stable-privacy by default) or networkd.
    fixes.push(
      `make the network manager use EUI-64 on ${i.name}: nmcli connection modify <conn> ipv6.addr-gen-mode eui64 (as neutron-tempest-plugin does), or systemd-networkd Token=eui64`,
    )
  }
  if (!slaac.length && !staticMatch.length)
    fixes.push(
      `let ${i.name} autoconfigure from the RA (accept_ra, autoconf), or configure the port's address (interface identifier ${macToInterfaceId(mac)})`,
    )
  const t = tempProblems(v, i)
  problems.push(...t.problems)
  fixes.push(...t.fixes)
  const ok = [...good, ...staticMatch]
  const base = {
    check,
    subject,
    expected: `${mode}: the SLAAC address is EUI-64 of ${mac} (the address Neutron gives the port), addr_gen_mode 0, no temporary addresses`,
    where: { ...whereOf(v, i.name), ...((slaac[0] ?? ok[0]) ? { address: (slaac[0] ?? ok[0])!.address } : {}) },
    evidence: [
      ...held.map(
        (a) =>
          `${show(a)}${a.temporary ? ' temporary' : ''}${a.dynamic ? ' dynamic' : ''}${a.mngtmpaddr ? ' mngtmpaddr' : ''}${eui(a) && sameAddress(a.address, eui(a) ?? '') ? ' = EUI-64' : ''}`,
      ),
      `addr_gen_mode = ${agm ?? 'absent (EUI-64)'}, use_tempaddr = ${conf(v, i.name, 'use_tempaddr') ?? 'absent'}, mac ${mac}`,
      ...nm.map(
        (x) =>
          `${x.system === 'ifcfg' ? 'ifcfg' : 'NetworkManager'} ${x.file}:${x.line}: ${x.addrGen!.mode} (${x.addrGen!.why})`,
      ),
    ].join('\n'),
  }
  if (!problems.length)
    return pass({
      ...base,
      observed: `${ok.map((a) => `${show(a)} = EUI-64`).join(', ')}; addr_gen_mode = ${agm ?? 'absent'}, use_tempaddr = ${conf(v, i.name, 'use_tempaddr') ?? 'absent'}`,
    })
  return fail({ ...base, observed: problems.join('; '), remedy: fixes.join('; ') })
}

export const addrGen = judgeFacts(PRIVACY_ADDR_GEN, (v: HostView): Verdict[] => {
  const check = PRIVACY_ADDR_GEN.id
  if (!v.host.address_mode && !Object.values(v.host.interfaces).some((e) => e.address_mode)) return []
  return needs(check, v, ['interfaces', 'sysctls', 'routes'], () => {
    // The configuration, when read, names the profile that makes NetworkManager's SLAAC addresses.
    const files = v.facts.guest.ok ? v.facts.guest.value.netconf : []
    return carriers(v).flatMap((i): Verdict[] => {
      const mode = modeOf(v, i.name)
      if (mode === undefined || mode === 'none') return []
      if (mode === 'dhcpv6-stateful') return [stateful(check, v, i)]
      if (mode === 'static') return [staticVerdict(check, v, i)]
      return [autoconfigured(check, v, i, mode, intentsFor(files, i.name, i.mac))]
    })
  })
})
