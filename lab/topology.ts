// Namespaces, the two bridged links, addresses, routes and per-namespace sysctls.
// Sysctls go into each namespace's `default` before its interfaces exist, so every interface is
// born with them: a link never comes up with the kernel's accept_ra=1 for a moment.
import type { FaultSet } from './faults.ts'
import { loadFirewalls } from './firewalls.ts'
import {
  BRIDGES,
  CONTAINERS,
  containerNs,
  HOSTS,
  JUMBO,
  METADATA_V4,
  METADATA_V6,
  MGMT,
  NAMESPACES,
  RTR,
  ns,
} from './plan.ts'
import { daemon, ipBatch, sh, writeSysctls } from './proc.ts'

const ROUTER_LINKS = [
  {
    ifname: 'eth0',
    bridge: 'br-mgmt',
    v6: `${RTR.mgmt6}/64`,
    extra6: [`${RTR.dns}/64`, `${RTR.dns2}/64`],
    v4: `${RTR.mgmt4}/26`,
  },
  { ifname: 'eth1', bridge: 'br-guest', v6: `${RTR.guest6}/64`, extra6: [], v4: `${RTR.guest4}/26` },
  { ifname: 'eth2', bridge: 'br-dhcp', v6: `${RTR.dhcp6}/64`, extra6: [], v4: `${RTR.dhcp4}/26` },
] as const

/** Sysctls every judged host starts from: nothing redirects it, nothing forwards unless its role does. */
const HOST_DEFAULTS = {
  'net.ipv6.conf.all.accept_redirects': 0,
  'net.ipv6.conf.default.accept_redirects': 0,
  'net.ipv6.conf.all.forwarding': 0,
}

async function sysctls(faults: FaultSet): Promise<void> {
  await Promise.all([
    // The switch only bridges frames.
    writeSysctls(ns('sw'), { 'net.ipv6.conf.all.disable_ipv6': 1, 'net.ipv6.conf.default.disable_ipv6': 1 }),
    // The router's metadata alias is nodad; without accept_dad=0 its first RAs leave from the
    // alias before the EUI-64 link-local finishes DAD, and guests take it as a router (docs/lab-notes.md §1).
    writeSysctls(ns('rtr'), {
      'net.ipv6.conf.all.forwarding': 1,
      'net.ipv4.ip_forward': 1,
      'net.ipv6.conf.all.accept_dad': 0,
      'net.ipv6.conf.default.accept_dad': 0,
      'net.ipv6.conf.default.accept_ra': 0,
    }),
    writeSysctls(ns('ctl'), { ...HOST_DEFAULTS, 'net.ipv6.conf.default.accept_ra': 0 }),
    writeSysctls(ns('cmp'), {
      ...HOST_DEFAULTS,
      'net.ipv6.conf.all.forwarding': 1,
      'net.ipv4.ip_forward': 1,
      // A forwarding host needs accept_ra=2 to keep taking RAs; 1 is silently ignored.
      'net.ipv6.conf.default.accept_ra': faults.has('ra-ignored-by-forwarding') ? 1 : 2,
    }),
    writeSysctls(ns('vm1'), {
      ...HOST_DEFAULTS,
      'net.ipv6.conf.default.accept_redirects': faults.has('redirects') ? 1 : 0,
    }),
    writeSysctls(ns('vm2'), {
      ...HOST_DEFAULTS,
      'net.ipv6.conf.default.use_tempaddr': faults.has('temporary-addresses') ? 2 : 0,
    }),
    writeSysctls(ns('vm3'), HOST_DEFAULTS),
    writeSysctls(ns('vm4'), HOST_DEFAULTS),
    writeSysctls(ns('vm5'), HOST_DEFAULTS),
    writeSysctls(ns('vm6'), HOST_DEFAULTS),
    writeSysctls(ns('app'), HOST_DEFAULTS),
    // A container host routes for its containers; its own address is static.
    writeSysctls(ns('ctr'), {
      ...HOST_DEFAULTS,
      'net.ipv6.conf.all.forwarding': 1,
      'net.ipv6.conf.default.accept_ra': 0,
    }),
    ...CONTAINERS.list.map((c) => writeSysctls(containerNs(c.name), { 'net.ipv6.conf.default.accept_ra': 0 })),
    writeSysctls(ns('mgmt'), { ...HOST_DEFAULTS, 'net.ipv6.conf.default.accept_ra': 0 }),
  ])
}

/**
 * Per-interface values, written once the interfaces exist and before they come up.
 * cmp forwards (all.forwarding 1 set every interface's forwarding), but eth1, on the provider
 * network, is in host behaviour: forwarding 0 there only changes how eth1 treats RAs, redirects and
 * its Neighbour Advertisements, not that cmp forwards. vm6's eth1 is set as initscripts' ifup-ipv6
 * sets it from ifcfg-eth1 (IPV6_AUTOCONF=no, IPV6_FORCE_ACCEPT_RA=no).
 */
async function interfaceSysctls(): Promise<void> {
  await Promise.all([
    writeSysctls(ns('cmp'), {
      'net.ipv6.conf.eth1.forwarding': 0,
      'net.ipv6.conf.eth1.accept_ra': 0,
      'net.ipv6.conf.eth1.accept_redirects': 0,
    }),
    writeSysctls(ns('vm6'), {
      'net.ipv6.conf.eth1.accept_ra': 0,
      'net.ipv6.conf.eth1.autoconf': 0,
      'net.ipv6.conf.eth1.accept_redirects': 0,
    }),
  ])
}

/** One veth per link: the bridge side in the switch, the other side named `ifname` in the host. */
function veth(host: string, ifname: string, mac?: string): string {
  return `link add ${host}-${ifname} netns ${ns('sw')} type veth peer name ${ifname} netns ${ns(host)}${mac ? ` address ${mac}` : ''}`
}

export async function buildTopology(faults: FaultSet): Promise<void> {
  for (const n of NAMESPACES) await sh('ip', ['netns', 'add', n])
  await sysctls(faults)
  // Every link: a veth whose bridge end sits in the switch, on a bridge unless `bridge` is null.
  const ports: { host: string; ifname: string; bridge: string | null; mac?: string }[] = [
    ...ROUTER_LINKS.map((l) => ({ host: 'rtr', ifname: l.ifname, bridge: l.bridge })),
    ...HOSTS.flatMap((h) => h.links.map((l) => ({ host: h.name, ifname: l.ifname, bridge: l.bridge, mac: l.mac }))),
    { host: 'mgmt', ifname: 'eth0', bridge: 'br-mgmt' },
    // cmp's tunnel endpoint: this kernel has no dummy or vxlan module, so a veth stands in, its
    // far end up in the switch and on no bridge.
    { host: 'cmp', ifname: 'tun0', bridge: null },
  ]
  await ipBatch(
    null,
    ports.map((p) => veth(p.host, p.ifname, p.mac)),
  )
  await interfaceSysctls()
  await ipBatch(ns('sw'), [
    ...BRIDGES.flatMap((b) => [`link add ${b} type bridge`, `link set ${b} up`]),
    ...ports.map((p) => `link set ${p.host}-${p.ifname}${p.bridge ? ` master ${p.bridge}` : ''} up`),
  ])

  // eth1 is IPv4-only; with the kernel's accept_ra=1 it takes SLAAC from the guest link.
  if (faults.has('slaac-leak')) await writeSysctls(ns('ctl'), { 'net.ipv6.conf.eth1.accept_ra': 1 })
  await ipBatch(ns('rtr'), [
    'link set lo up',
    ...ROUTER_LINKS.flatMap((l) => [
      `addr add ${l.v6} dev ${l.ifname} nodad`,
      ...l.extra6.map((a) => `addr add ${a} dev ${l.ifname} nodad`),
      `addr add ${l.v4} dev ${l.ifname}`,
      `link set ${l.ifname} up`,
    ]),
    // preferred_lft 0: dnsmasq sends RAs from the link-local with the longest preferred lifetime.
    `addr add ${METADATA_V6}/64 dev eth1 nodad preferred_lft 0`,
    `addr add ${METADATA_V4}/32 dev eth1`,
  ])

  for (const h of HOSTS) {
    const lines = ['link set lo up']
    for (const l of h.links) {
      if (l.v6) lines.push(`addr add ${l.v6} dev ${l.ifname} nodad`)
      if (l.v4) lines.push(`addr add ${l.v4} dev ${l.ifname}`)
      lines.push(`link set ${l.ifname} up`)
    }
    await ipBatch(ns(h.name), lines)
  }
  await ipBatch(ns('ctl'), [`route add default via ${RTR.mgmt4}`, `route add default via ${RTR.mgmt6}`])
  // cmp takes its IPv6 default route from the RA on eth0; IPv4 is static.
  await ipBatch(ns('cmp'), [
    `route add default via ${RTR.mgmt4}`,
    `link set tun0 mtu ${faults.has('low-mtu') ? 1200 : 1450} up`,
  ])
  await ipBatch(ns('vm1'), [`route add default via ${RTR.guest4}`])
  // A blocked metadata path, as a security group would drop it: refused at once, not a timeout.
  if (faults.has('metadata-blocked'))
    await sh('ip', ['-6', '-n', ns('vm2'), 'rule', 'add', 'to', `${METADATA_V6}/128`, 'prohibit'])
  await ipBatch(ns('mgmt'), [
    'link set lo up',
    `addr add ${MGMT.mgmt6}/64 dev eth0 nodad`,
    `addr add ${MGMT.mgmt4}/26 dev eth0`,
    'link set eth0 up',
    `route add default via ${RTR.mgmt6}`,
    `route add default via ${RTR.mgmt4}`,
  ])
  await ipBatch(ns('vm4'), [`route add default via ${RTR.dhcp4}`])
  // Jumbo frames set on a host and not on its switch port: the switch drops every frame above 1500
  // and sends no Packet Too Big, so full-size packets vanish (fault `jumbo-blackhole`).
  if (faults.has('jumbo-blackhole')) await ipBatch(ns(JUMBO.host), [`link set ${JUMBO.ifname} mtu ${JUMBO.mtu}`])
  await containerHost(faults)
  await loadFirewalls(faults)
}

/**
 * ctr runs Docker's default bridge by hand (no Docker engine on this machine kind): docker0 holds the
 * gateway of fixed-cidr-v6, each container is a namespace on it, and because the prefix sits inside
 * the uplink's /64, ctr answers Neighbor Solicitations for the containers (proxy_ndp and one proxy
 * entry each). Faults: a proxy entry left out, and a NAT66 rule as `ip6tables: true` setups add.
 */
async function containerHost(faults: FaultSet): Promise<void> {
  const [, len] = CONTAINERS.cidr.split('/')
  await ipBatch(ns('ctr'), [
    `link add ${CONTAINERS.bridge} type bridge`,
    `addr add ${CONTAINERS.gateway}/${len} dev ${CONTAINERS.bridge} nodad`,
    ...CONTAINERS.list.flatMap((c) => [
      `link add veth-${c.name} type veth peer name eth0 netns ${containerNs(c.name)} address ${c.mac}`,
      `link set veth-${c.name} master ${CONTAINERS.bridge} up`,
    ]),
    `link set ${CONTAINERS.bridge} up`,
    `route add default via ${RTR.mgmt6}`,
    `route add default via ${RTR.mgmt4}`,
  ])
  await writeSysctls(ns('ctr'), { 'net.ipv6.conf.eth0.proxy_ndp': 1 })
  const proxied = CONTAINERS.list.filter(
    (c, i) => !(faults.has('ndp-proxy-missing') && i === CONTAINERS.list.length - 1),
  )
  await ipBatch(
    ns('ctr'),
    proxied.map((c) => `neigh add proxy ${c.address} dev eth0`),
  )
  for (const c of CONTAINERS.list)
    await ipBatch(containerNs(c.name), [
      'link set lo up',
      `addr add ${c.address}/${len} dev eth0 nodad`,
      'link set eth0 up',
      `route add default via ${CONTAINERS.gateway}`,
    ])
  if (faults.has('nat66'))
    await sh('ip', [
      'netns',
      'exec',
      ns('ctr'),
      'ip6tables',
      '-t',
      'nat',
      '-A',
      'POSTROUTING',
      '-s',
      CONTAINERS.cidr,
      '!',
      '-o',
      CONTAINERS.bridge,
      '-j',
      'MASQUERADE',
    ])
}

/**
 * Containers that talk: each pings its gateway every 10 s, so ctr keeps it in its neighbour table
 * (an idle entry is dropped after a minute or so, and the judge would then see no container).
 */
export function startContainerTraffic(): void {
  for (const c of CONTAINERS.list)
    daemon(`ping-${c.name}`, [
      'ip',
      'netns',
      'exec',
      containerNs(c.name),
      'ping',
      '-6',
      '-q',
      '-i',
      '10',
      CONTAINERS.gateway,
    ])
}
