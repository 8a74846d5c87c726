// Judges of how a guest takes its IPv6 configuration from the network Neutron built for it.
//
// hosts.guest.dhcpv6-client: on a dhcpv6-stateful subnet the RA says M=1 and carries no autonomous
// prefix (the ipv6_ra_mode and ipv6_address_mode table of Neutron's config-ipv6.rst), so a guest
// whose network configuration only does SLAAC never gets a global address; on dhcpv6-stateless it
// gets one by SLAAC but not the DNS servers and options (O=1). Image builders report having to turn
// DHCPv6 on at first boot; Calico's IPv6 guide wants a DHCPv6 request on every interface. The configuration is read from ifupdown, netplan, NetworkManager and
// systemd-networkd (parse/netconf/); the leased address from the interface itself, corroborated
// by dhclient's lease file.
//
// hosts.guest.ra-solicit: on slaac and dhcpv6-stateless subnets the address and the default route
// come from RAs (RFC 4861, RFC 4862). The kernel takes them iff accept_ra is 2, or 1 while not
// forwarding (ip-sysctl.rst); networkd and NetworkManager take them in user space and set accept_ra
// to 0 on purpose. router_solicitations = 0 means no RS: the guest waits for the next unsolicited
// RA (Calico's IPv6 guide tunes router_solicitation_delay). The default route must be the
// RA-learned one (proto ra), not a static guess.
import type { Address, GuestFacts, Interface, Intent, Lease6, NetconfFile, NetSystem, Route } from '../observe/facts.ts'
import { intentsFor } from '../observe/parse/netconf/index.ts'
import { ipv6ConfName } from '../targets/sysctl-path.ts'
import type { AddressModeName } from '../targets/schema.ts'
import { fail, pass, skipped, type Verdict } from '../verdict.ts'
import { addressModesOf } from '../targets/resolve.ts'
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
import { acceptsRa } from './sysctl.ts'
import { GUEST_DHCPV6_CLIENT, GUEST_RA_SOLICIT } from '../checks/hosts/guest.ts'
import { judgeFacts } from './judged.ts'

const NAME: Record<NetSystem, string> = {
  ifupdown: 'ifupdown',
  netplan: 'netplan',
  networkmanager: 'NetworkManager',
  networkd: 'systemd-networkd',
  ifcfg: 'ifcfg',
}
const ORDER: NetSystem[] = ['ifupdown', 'netplan', 'networkmanager', 'networkd', 'ifcfg']
/** Where no file names the interface, remedies name the four systems a Debian or Ubuntu guest may use, and ifcfg where the guest has ifcfg files. */
const DEFAULT_SYSTEMS: NetSystem[] = ['ifupdown', 'netplan', 'networkmanager', 'networkd']

/** The IPv6 interfaces of a guest: up, IPv6 on, and not an interface the targets file forbids IPv6 on. */
const judged = (v: HostView): Interface[] =>
  (v.facts.interfaces.ok ? v.facts.interfaces.value : []).filter(
    (i) => !isLoopback(i) && isUp(i) && ipv6On(v, i.name) && expectOf(v, i.name).ipv6 !== 'forbidden',
  )

/** What the guest's files say; none when the guest section was not read (the kernel's settings then decide). */
const guestOf = (v: HostView): GuestFacts =>
  v.facts.guest.ok ? v.facts.guest.value : { netconf: [], leaseFiles: [], currentLeases: [] }
const where = (i: Intent): string => `${NAME[i.system]} ${i.file}:${i.line}`
const show = (a: Address): string => `${a.address}/${a.prefixlen}`
const global6 = (i: Interface): Address[] => i.addresses.filter((a) => a.family === 'inet6' && a.scope === 'global')

/** SLAAC made it: the kernel says so, or a /64 with the RA's lifetime (or the mngtmpaddr base). */
const isSlaac = (a: Address): boolean =>
  a.protocol === 'kernel_ra' || (a.prefixlen === 64 && (a.dynamic || a.mngtmpaddr))

/**
 * A DHCPv6 (IA_NA) address as clients install it: global, not temporary, not SLAAC, with the
 * lease's finite lifetime (dhclient-script, networkd and NetworkManager add a /128 with valid_lft).
 */
const isLeased = (a: Address): boolean => !a.temporary && !a.dadfailed && !isSlaac(a) && Number.isFinite(a.validLft)

/** Intents of files that netplan generated say what the netplan YAML says: name the YAML only. */
function withoutGenerated(intents: Intent[], files: NetconfFile[]): Intent[] {
  if (!intents.some((i) => i.system === 'netplan')) return intents
  const generated = new Set(files.filter((f) => f.generatedBy === 'netplan').map((f) => f.file))
  return intents.filter((i) => !generated.has(i.file))
}

function asksFor(mode: AddressModeName, i: Intent): boolean {
  // stateful needs IA_NA: an RA-following client solicits, since Neutron's RA says M=1 there.
  if (mode === 'dhcpv6-stateful') return i.dhcp6 === 'stateful' || i.dhcp6 === 'follow-ra'
  return i.dhcp6 !== 'no'
}

function remedyFor(
  system: NetSystem,
  mode: AddressModeName,
  ifname: string,
  files: NetconfFile[],
  intents: Intent[],
): string {
  const mine = intents.find((i) => i.system === system)
  const file = mine?.file ?? files.find((f) => f.system === system)?.file
  const stateful = mode === 'dhcpv6-stateful'
  switch (system) {
    case 'ifupdown':
      return stateful
        ? `ifupdown: iface ${ifname} inet6 dhcp in ${file ?? '/etc/network/interfaces.d/'}, then ifdown ${ifname} && ifup ${ifname}`
        : `ifupdown: add \`dhcp 1\` under iface ${ifname} inet6 auto in ${file ?? '/etc/network/interfaces.d/'}, then ifdown ${ifname} && ifup ${ifname}`
    case 'netplan':
      return `netplan: dhcp6: true under ${mine?.id ?? ifname} in ${file ?? '/etc/netplan/*.yaml'}, then netplan apply`
    case 'networkmanager': {
      const conn = mine?.connection ? `'${mine.connection}'` : '<conn>'
      return `NetworkManager: nmcli connection modify ${conn} ipv6.method auto${stateful ? ' (or dhcp)' : ''}, then nmcli connection up ${conn}`
    }
    case 'networkd':
      return `systemd-networkd: [Network] DHCP=ipv6 (or yes) without DHCPv6Client=no or IPv6AcceptRA=no in ${file ?? `a .network file with [Match] Name=${ifname}`}, then networkctl reload && networkctl reconfigure ${ifname}`
    case 'ifcfg': {
      const at = file ?? `/etc/sysconfig/network-scripts/ifcfg-${ifname}`
      if (mine?.reader === 'networkmanager') {
        const conn = mine.connection ? `'${mine.connection}'` : `'System ${ifname}'`
        return `ifcfg (NetworkManager): IPV6INIT=yes and IPV6_AUTOCONF=yes in ${at}, then nmcli connection reload && nmcli connection up ${conn}`
      }
      return stateful
        ? `ifcfg (initscripts): IPV6INIT=yes and DHCPV6C=yes in ${at}, without -S, -P or -T in DHCPV6C_OPTIONS, then ifdown ${ifname} && ifup ${ifname}`
        : `ifcfg (initscripts): IPV6INIT=yes, DHCPV6C=yes and DHCPV6C_OPTIONS=-S in ${at}, then ifdown ${ifname} && ifup ${ifname}`
    }
  }
}

/** Remedies for the systems the guest has (those of `intents`, else any file found), else all four. */
function remedies(mode: AddressModeName, ifname: string, files: NetconfFile[], intents: Intent[]): string {
  const present = new Set<NetSystem>(intents.length ? intents.map((i) => i.system) : files.map((f) => f.system))
  const systems = ORDER.filter((s) => present.has(s))
  const fixes = (systems.length ? systems : DEFAULT_SYSTEMS).map((s) => remedyFor(s, mode, ifname, files, intents))
  const generated = intents
    .map((i) => files.find((f) => f.file === i.file))
    .filter((f): f is NetconfFile => f?.generatedBy === 'cloud-init')
  const note = generated.length
    ? `. cloud-init rewrites ${[...new Set(generated.map((f) => f.file))].join(', ')} at boot from the metadata: make the change in the image (/etc/cloud/cloud.cfg.d) or the subnet's mode, not in the file`
    : ''
  return fixes.join('; ') + note
}

function configEvidence(intents: Intent[], unreadable: NetconfFile[], broken: NetconfFile[]): string[] {
  return [
    ...intents.map((i) => `${where(i)}: ${i.detail}\n${i.stanza.replace(/^/gm, '  ')}`),
    ...unreadable.map((f) => `${NAME[f.system]} ${f.file}: not read: ${f.error}`),
    ...broken.map((f) => `${NAME[f.system]} ${f.file}: ${f.error}`),
  ]
}

function clientVerdict(check: string, v: HostView, i: Interface, mode: AddressModeName, guest: GuestFacts): Verdict {
  const files = guest.netconf
  const all = intentsFor(files, i.name, i.mac)
  const intents = withoutGenerated(all, files)
  const asking = intents.filter((x) => asksFor(mode, x))
  const refusing = intents.filter((x) => !asksFor(mode, x))
  const unreadable = files.filter((f) => f.unread)
  const broken = files.filter((f) => f.error && !f.unread)
  const stateful = mode === 'dhcpv6-stateful'
  const held = global6(i)
  const leased = stateful ? held.filter(isLeased) : []
  const current = guest.currentLeases.filter((l) => l.interface === i.name)
  const fromFile = (a: Address): Lease6 | undefined => current.find((l) => l.address === a.address)
  const subject = subjectOf(v, i.name)
  const expected = stateful
    ? `dhcpv6-stateful: ${i.name} asks DHCPv6 for an address (IA_NA) and holds its lease`
    : `dhcpv6-stateless: ${i.name} asks DHCPv6 for its options (Information-request)`
  const evidence = [
    ...configEvidence(all, unreadable, broken),
    ...current.map((l) => `lease ${l.file}:${l.line}: ${l.text}`),
    ...guest.leaseFiles.filter((f) => f.error).map((f) => `lease ${f.file}: ${f.error}`),
    `addresses of ${i.name}: ${
      i.addresses
        .filter((a) => a.family === 'inet6')
        .map(
          (a) =>
            `${show(a)}${a.dynamic ? ' dynamic' : ''}${a.protocol ? ` proto ${a.protocol}` : ''}${Number.isFinite(a.validLft) ? ` valid ${a.validLft} s` : ''}`,
        )
        .join(', ') || 'none'
    }`,
  ].join('\n')
  const base = {
    check,
    subject,
    expected,
    evidence,
    where: { ...whereOf(v, i.name), ...(leased[0] ? { address: leased[0].address } : {}) },
  }
  const says = (x: Intent): string => `${where(x)} asks DHCPv6 (${x.detail})`
  // A stateless client on a stateful network asks, but only for options: it gets no address either.
  const refuses = refusing
    .map(
      (x) =>
        `${where(x)} ${x.dhcp6 === 'stateless' ? 'asks DHCPv6 only for options, not for an address' : 'does not ask DHCPv6'} (${x.detail})`,
    )
    .join('; ')
  const leaseText = leased
    .map((a) => {
      const l = fromFile(a)
      return `${show(a)} leased (${l ? `dhclient ${l.file}` : 'no dhclient lease file names it'}), valid ${a.validLft} s`
    })
    .join(', ')
  const globals = held.length
    ? `only ${held.map((a) => `${show(a)}${isSlaac(a) ? ' (SLAAC)' : ''}`).join(', ')}`
    : 'no global address'
  const noLease = `no lease, ${globals}`
  const nobody = `no network configuration read names ${i.name}${files.length ? '' : " (none of the five systems' files was found)"}${unreadable.length ? `; could not read ${unreadable.map((f) => `${f.file} (${f.error})`).join(', ')}` : ''}`

  if (asking.length && (!stateful || leased.length))
    return pass({ ...base, observed: [...(stateful ? [leaseText] : []), ...asking.map(says)].join('; ') })

  if (stateful && leased.length) {
    // A client holds a lease, so one asks; only a readable configuration that says otherwise is a finding.
    if (!refusing.length) return pass({ ...base, observed: `${leaseText}; ${nobody}: a DHCPv6 client holds the lease` })
    return fail({
      ...base,
      observed: `${i.name}: holds ${leaseText}, but ${refuses}: after a reboot nothing asks for it again`,
      remedy: remedies(mode, i.name, files, refusing),
    })
  }

  if (asking.length)
    return fail({
      ...base,
      observed: `${i.name}: ${asking.map(says).join('; ')}, but holds no lease: ${globals}${current.length ? `; the last lease in ${current[0]!.file} is ${current.map((l) => l.address).join(', ')}, which ${i.name} no longer holds` : ''}`,
      remedy: `the client asks and nothing answers: check the DHCPv6 server of the subnet (Neutron's DHCP agent: its dnsmasq for the network, the port's fixed IPv6 on the stateful subnet, security groups that let UDP 546/547 through) and that the RA says M=1; then restart the client on ${i.name}`,
    })

  if (!intents.length && !stateful && unreadable.length)
    return skipped(
      check,
      subject,
      `${nobody}: cannot tell whether ${i.name} asks DHCPv6 (run the observation as root)`,
      whereOf(v, i.name),
    )

  const what = stateful ? noLease : 'no DNS servers or other options from DHCPv6'
  return fail({
    ...base,
    observed: `${i.name}: ${mode} network, but ${refusing.length ? refuses : nobody}: ${what}`,
    remedy: remedies(mode, i.name, files, refusing),
  })
}

const DHCP_MODES = new Set<AddressModeName>(['dhcpv6-stateful', 'dhcpv6-stateless'])
const RA_MODES = new Set<AddressModeName>(['slaac', 'dhcpv6-stateless'])
/** Whether any interface of the host may have one of these modes (its own, or the host's default). */
const anyMode = (v: HostView, modes: Set<AddressModeName>): boolean =>
  [...addressModesOf(v.host)].some((m) => modes.has(m))

export const dhcpv6Client = judgeFacts(GUEST_DHCPV6_CLIENT, (v: HostView): Verdict[] => {
  const check = GUEST_DHCPV6_CLIENT.id
  if (!anyMode(v, DHCP_MODES)) return []
  return needs(check, v, ['interfaces', 'sysctls', 'guest'], () => {
    const guest = guestOf(v)
    // Each interface by its own address mode: a static or SLAAC NIC beside a DHCPv6 one is not judged here.
    return judged(v).flatMap((i) => {
      const mode = modeOf(v, i.name)
      return mode === 'dhcpv6-stateful' || mode === 'dhcpv6-stateless' ? [clientVerdict(check, v, i, mode, guest)] : []
    })
  })
})

// ---- hosts.guest.ra-solicit ----

const hopsOf = (r: Route): string[] =>
  [r.dev, ...(r.nexthops ?? []).map((n) => n.dev)].filter((d): d is string => d !== undefined)
const showRoute = (r: Route): string =>
  `default${r.gateway ? ` via ${r.gateway}` : ''} dev ${hopsOf(r).join(',') || '?'} proto ${r.protocol} metric ${r.metric}`
const solicitations = (n: number | undefined): string =>
  n === undefined ? 'absent' : n < 0 ? `${n} (unlimited)` : String(n)

function raVerdict(check: string, v: HostView, i: Interface, mode: AddressModeName, files: NetconfFile[]): Verdict {
  const intents = intentsFor(files, i.name, i.mac)
  // networkd and NetworkManager take RAs in user space and keep the kernel's accept_ra at 0.
  const daemon = intents.find((x) => x.raBy !== 'kernel' && x.ra === true)
  const refusing = intents.filter((x) => x.ra === false)
  const acceptRa = conf(v, i.name, 'accept_ra') ?? 1
  const fwd = conf(v, i.name, 'forwarding') ?? 0
  const rs = conf(v, i.name, 'router_solicitations')
  const delay = conf(v, i.name, 'router_solicitation_delay')
  const defrtr = conf(v, i.name, 'accept_ra_defrtr')
  const routes = v.facts.routes.ok ? v.facts.routes.value : []
  const defaults = routes.filter((r) => r.dst === 'default' && hopsOf(r).includes(i.name))
  const learned = defaults.filter((r) => r.protocol === 'ra')
  const kernel = acceptsRa(acceptRa, fwd)
  const sysctls = `accept_ra = ${acceptRa}, forwarding = ${fwd}`
  const problems: string[] = []
  const fixes: string[] = []

  let accepted: string
  const ignored = !daemon && !kernel && !learned.length
  if (daemon)
    accepted = `${sysctls}: RAs taken by ${daemon.raBy === 'networkd' ? 'systemd-networkd' : 'NetworkManager'} in user space (${where(daemon)})`
  else if (kernel) accepted = `${sysctls}: RAs accepted`
  // An RA route the kernel did not make: NetworkManager's in-memory default profile has no file.
  else if (learned.length)
    accepted = `${sysctls}, yet ${showRoute(learned[0]!)}: RAs taken in user space, by no configuration read`
  else {
    accepted = `${sysctls}: RAs ignored`
    problems.push(
      accepted + (refusing.length ? ` (${refusing.map((x) => `${where(x)}: ${x.detail}`).join('; ')})` : ''),
    )
    fixes.push(
      `sysctl -w ${ipv6ConfName(i.name, 'accept_ra')}=${fwd ? 2 : 1} and persist it in /etc/sysctl.d/${fwd ? ' (2 because the interface forwards)' : ''}`,
    )
    for (const x of refusing) {
      if (x.system === 'networkmanager')
        fixes.push(`nmcli connection modify ${x.connection ? `'${x.connection}'` : '<conn>'} ipv6.method auto`)
      if (x.system === 'netplan') fixes.push(`accept-ra: true in ${x.file}, then netplan apply`)
      if (x.system === 'networkd') fixes.push(`IPv6AcceptRA=yes in ${x.file}`)
      if (x.system === 'ifupdown') fixes.push(`accept_ra ${fwd ? 2 : 1} under iface ${i.name} inet6 in ${x.file}`)
      if (x.system === 'ifcfg')
        fixes.push(
          x.reader === 'networkmanager'
            ? `IPV6_AUTOCONF=yes in ${x.file}, then nmcli connection reload`
            : `IPV6_AUTOCONF=yes (or IPV6_FORCE_ACCEPT_RA=yes) in ${x.file}`,
        )
    }
  }

  // networkd's sd-ndisc sends its own solicitations; the kernel and NetworkManager count router_solicitations.
  const rsBy = daemon?.raBy === 'networkd' ? 'networkd' : 'sysctl'
  const rsText =
    rsBy === 'networkd'
      ? 'Router Solicitations sent by networkd'
      : `router_solicitations = ${solicitations(rs)}, router_solicitation_delay = ${delay ?? '?'} s`
  if (rsBy === 'sysctl' && rs === 0) {
    problems.push(
      `router_solicitations = 0: no Router Solicitation, so ${i.name} waits for the next unsolicited RA (up to MaxRtrAdvInterval, 600 s by default)`,
    )
    fixes.push(`sysctl -w ${ipv6ConfName(i.name, 'router_solicitations')}=-1 (or 3) and persist it in /etc/sysctl.d/`)
  }

  // BusyBox's ip prints no route protocol: an RA-learned default route cannot be told from a static one.
  const untold = !learned.length ? defaults.filter((r) => r.protocol === 'unknown') : []
  if (!learned.length && !untold.length) {
    const others = defaults.filter((r) => r.protocol !== 'ra')
    if (others.length) {
      problems.push(`${others.map(showRoute).join(', ')}: not learned from an RA`)
      const gw = intents.filter((x) => x.gateway6 !== undefined)
      fixes.push(
        `remove the static default route (ip -6 route del default dev ${i.name}) and its configuration${gw.length ? ` (${gw.map((x) => `IPV6_DEFAULTGW=${x.gateway6} for ${x.file}`).join(', ')})` : ''}, and let the RA provide it`,
      )
    } else if (!daemon && kernel && defrtr === 0) {
      problems.push(`no default route: accept_ra_defrtr = 0, so RAs give ${i.name} no default router`)
      fixes.push(`sysctl -w ${ipv6ConfName(i.name, 'accept_ra_defrtr')}=1 and persist it in /etc/sysctl.d/`)
    } else {
      problems.push(`no default route learned from an RA on ${i.name}`)
      if (!ignored)
        fixes.push(
          `check that the subnet's router advertises itself (Neutron: the subnet is on a router and has ipv6_ra_mode ${mode}; radvd runs in the router's namespace; a router lifetime above 0)`,
        )
    }
  }

  const evidence = [
    `${sysctls}, autoconf = ${conf(v, i.name, 'autoconf') ?? '?'}, accept_ra_defrtr = ${defrtr ?? '?'}`,
    `router_solicitations = ${solicitations(rs)}, router_solicitation_delay = ${delay ?? '?'}, router_solicitation_interval = ${conf(v, i.name, 'router_solicitation_interval') ?? '?'}`,
    ...(defaults.length ? defaults.map(showRoute) : [`no default route via ${i.name}`]),
    ...intents.map((x) => `${where(x)}: ${x.detail}`),
  ].join('\n')
  const base = {
    check,
    subject: subjectOf(v, i.name),
    expected: `${mode}: ${i.name} takes RAs (accept_ra 1, or 2 while forwarding, or networkd/NetworkManager), sends Router Solicitations (router_solicitations ≠ 0) and routes by the RA's default route (proto ra)`,
    evidence,
    where: whereOf(v, i.name),
  }
  if (!problems.length && untold.length)
    return skipped(
      check,
      base.subject,
      `${showRoute(untold[0]!).replace(' proto unknown', '')} was read from an ip that prints no route protocol (BusyBox's): whether it was learned from an RA cannot be told; iproute2's ip says proto ra (and prints JSON from 4.15 on for routes)`,
      base.where,
    )
  if (!problems.length)
    return pass({ ...base, observed: `${accepted}; ${rsText}; ${learned.map(showRoute).join(', ')}` })
  return fail({ ...base, observed: problems.join('; '), remedy: fixes.join('; ') })
}

export const raSolicit = judgeFacts(GUEST_RA_SOLICIT, (v: HostView): Verdict[] => {
  const check = GUEST_RA_SOLICIT.id
  if (!anyMode(v, RA_MODES)) return []
  return needs(check, v, ['interfaces', 'sysctls', 'routes'], () => {
    // The configuration only tells who takes RAs; without it the kernel's settings decide.
    const files = guestOf(v).netconf
    // A static, stateful or none interface takes no address from RAs: not judged here.
    return judged(v).flatMap((i) => {
      const mode = modeOf(v, i.name)
      return mode === 'slaac' || mode === 'dhcpv6-stateless' ? [raVerdict(check, v, i, mode, files)] : []
    })
  })
})
