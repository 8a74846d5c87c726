// The lab's address plan and hosts: one source of truth for the build, targets.yaml and the tests.
// Only documentation space (2001:db8::/32, 198.51.100.0/24) and link-local addresses (docs/design.md §7).
//
//              v6lab-sw: bridges only
//   br-mgmt 2001:db8:0:1::/64 198.51.100.0/26        br-guest 2001:db8:0:2::/64 198.51.100.64/26
//   rtr eth0 ::1 (RA, DNS ::53 and ::54)              rtr eth1 ::1 (RA), fe80::a9fe:a9fe, 169.254.169.254
//   ctl eth0 ::11   cmp eth0 ::21 (RA-configured)     ctl eth1 198.51.100.75 (IPv4 only)
//   mgmt eth0 ::100 (the runner)                      vm1 eth0 SLAAC   vm2 eth0 SLAAC (IPv6 only)
//   ctr eth0 ::41 (container host: docker0 2001:db8:0:1:d0c::/80, containers c1 c2 behind NDP proxy)
//
//   vm5 eth0 SLAAC (RHEL: ifcfg read by NetworkManager)   vm6 eth0 SLAAC + eth1 on br-prov (two NICs)
//   app eth0 ::51 (an appliance: BusyBox's ip and netstat, no ss; sshd on port 2222)
//
//   br-dhcp 2001:db8:0:3::/64 198.51.100.128/26: rtr eth2 ::1 (RA M=1, stateful DHCPv6)
//   vm3 eth0 DHCPv6 lease ::33 (ifupdown)   vm4 eth0 198.51.100.134 (netplan; DHCPv6 lease ::34 unless faulty)
//
//   br-prov 2001:db8:0:4::/64: a provider network with no router, so no RA; static addresses only
//   cmp eth1 ::21 (host behaviour: forwarding 0 while all.forwarding is 1)   vm6 eth1 ::46 (from network_data.json)
import { eui64Address } from '../lib/net/index.ts'

export const PREFIX = 'v6lab-'
export const ns = (name: string): string => `${PREFIX}${name}`

/** What the root namespace must not overlap and gets `unreachable` routes for. */
export const LAB_PREFIXES = ['2001:db8::/32', '198.51.100.0/24'] as const

export const NET = {
  mgmt6: '2001:db8:0:1::/64',
  guest6: '2001:db8:0:2::/64',
  mgmt4: '198.51.100.0/26',
  guest4: '198.51.100.64/26',
  dhcp6: '2001:db8:0:3::/64',
  dhcp4: '198.51.100.128/26',
  prov6: '2001:db8:0:4::/64',
} as const

export const DOMAIN = 'lab.test'
export const METADATA_V6 = 'fe80::a9fe:a9fe'
export const METADATA_V4 = '169.254.169.254'

export const RTR = {
  mgmt6: '2001:db8:0:1::1',
  dns: '2001:db8:0:1::53',
  /** The second resolver: our own authoritative server (services/dns-server.ts), not dnsmasq. */
  dns2: '2001:db8:0:1::54',
  guest6: '2001:db8:0:2::1',
  mgmt4: '198.51.100.1',
  guest4: '198.51.100.65',
  dhcp6: '2001:db8:0:3::1',
  dhcp4: '198.51.100.129',
} as const

export const RESOLVER = `[${RTR.dns}]:53`
export const RESOLVER2 = `[${RTR.dns2}]:53`

export const MGMT = { mgmt6: '2001:db8:0:1::100', mgmt4: '198.51.100.62' } as const

/** A host that v6ready judges over SSH. */
export interface LabHost {
  name: string
  /** Where SSH connects. */
  address: string
  roles: string[]
  links: { ifname: string; bridge: Bridge; mac: string; v6?: string; v4?: string }[]
  /** The tools its sessions find: Debian's (the default), or BusyBox's applets alone, as on an appliance (busybox.ts). */
  tools?: 'busybox'
  /** The port its sshd listens on, and only that one; 22 unless set. */
  sshPort?: number
}

export const BRIDGES = ['br-mgmt', 'br-guest', 'br-dhcp', 'br-prov'] as const
export type Bridge = (typeof BRIDGES)[number]

/**
 * The SLAAC guests' MACs. vm5's and vm6's are those the guest network fixtures were rendered for
 * (test/fixtures/observe/guest/render-configs.sh), so their ifcfg files match them as written.
 */
const GUEST_MAC = {
  vm1: 'fa:16:3e:00:00:31',
  vm2: 'fa:16:3e:00:00:32',
  vm5: 'fa:16:3e:00:00:30',
  vm6: 'fa:16:3e:00:00:40',
} as const
/** vm6's second port, on the provider network, and the fixed address Nova gives it there (network_data.json). */
export const VM6_PROVIDER = { mac: 'fa:16:3e:00:00:41', v6: '2001:db8:0:4::46/64' } as const
/** cmp's provider port. */
export const CMP_PROVIDER = '2001:db8:0:4::21'
/** hosts.path.mtu's pair on br-prov: vm6's provider port, set to jumbo frames under `jumbo-blackhole`. */
export const JUMBO = { host: 'vm6', ifname: 'eth1', mtu: 9000 } as const

/**
 * The DHCPv6 guests: a reservation by DUID-LL (dhclient -D LL makes it from the MAC), so each lease
 * is known before it is handed out and vm3 can be reached at it.
 */
export const DHCP_GUESTS = {
  vm3: { mac: 'fa:16:3e:00:00:33', lease: '2001:db8:0:3::33' },
  vm4: { mac: 'fa:16:3e:00:00:34', lease: '2001:db8:0:3::34' },
} as const
/** The stateful range, which the reservations lie outside of as dnsmasq wants. */
export const DHCP_RANGE = ['2001:db8:0:3::1000', '2001:db8:0:3::10ff'] as const

/** The container host: Docker's default bridge, with containers as child namespaces (docs/design.md §7). */
export const CONTAINERS = {
  bridge: 'docker0',
  cidr: '2001:db8:0:1:d0c::/80',
  gateway: '2001:db8:0:1:d0c::1',
  /** Docker makes a container's address from its MAC, 02:42:ac:11:00:0N. */
  list: [
    { name: 'c1', mac: '02:42:ac:11:00:02', address: '2001:db8:0:1:d0c:242:ac11:2' },
    { name: 'c2', mac: '02:42:ac:11:00:03', address: '2001:db8:0:1:d0c:242:ac11:3' },
  ],
} as const
export const containerNs = (c: string): string => ns(`ctr-${c}`)

export const guestAddress = (vm: keyof typeof GUEST_MAC): string => eui64Address(NET.guest6, GUEST_MAC[vm])

export const HOSTS: readonly LabHost[] = [
  {
    name: 'ctl',
    address: '2001:db8:0:1::11',
    roles: ['controller'],
    links: [
      {
        ifname: 'eth0',
        bridge: 'br-mgmt',
        mac: '02:00:5e:10:00:11',
        v6: '2001:db8:0:1::11/64',
        v4: '198.51.100.11/26',
      },
      { ifname: 'eth1', bridge: 'br-guest', mac: '02:00:5e:10:01:11', v4: '198.51.100.75/26' },
    ],
  },
  {
    name: 'cmp',
    address: '2001:db8:0:1::21',
    roles: ['compute'],
    links: [
      {
        ifname: 'eth0',
        bridge: 'br-mgmt',
        mac: '02:00:5e:10:00:21',
        v6: '2001:db8:0:1::21/64',
        v4: '198.51.100.21/26',
      },
      // In host behaviour (forwarding 0) while all.forwarding is 1 (topology.ts).
      { ifname: 'eth1', bridge: 'br-prov', mac: '02:00:5e:10:04:21', v6: `${CMP_PROVIDER}/64` },
    ],
  },
  {
    name: 'vm1',
    address: guestAddress('vm1'),
    roles: ['guest'],
    links: [{ ifname: 'eth0', bridge: 'br-guest', mac: GUEST_MAC.vm1, v4: '198.51.100.71/26' }],
  },
  {
    name: 'vm2',
    address: guestAddress('vm2'),
    roles: ['guest'],
    links: [{ ifname: 'eth0', bridge: 'br-guest', mac: GUEST_MAC.vm2 }],
  },
  {
    name: 'vm3',
    address: DHCP_GUESTS.vm3.lease,
    roles: ['dhcp-guest'],
    links: [{ ifname: 'eth0', bridge: 'br-dhcp', mac: DHCP_GUESTS.vm3.mac }],
  },
  {
    // Reached over IPv4: a guest that does only SLAAC on this network has no IPv6 address to reach.
    name: 'vm4',
    address: '198.51.100.134',
    roles: ['dhcp-guest'],
    links: [{ ifname: 'eth0', bridge: 'br-dhcp', mac: DHCP_GUESTS.vm4.mac, v4: '198.51.100.134/26' }],
  },
  {
    // A RHEL-family guest: cloud-init's ifcfg files, read by NetworkManager (host-files.ts).
    name: 'vm5',
    address: guestAddress('vm5'),
    roles: ['guest'],
    links: [{ ifname: 'eth0', bridge: 'br-guest', mac: GUEST_MAC.vm5 }],
  },
  {
    // Two ports: the SLAAC tenant network, and a provider network whose fixed address comes from
    // network_data.json (config drive and metadata service) as cloud-init configures it.
    name: 'vm6',
    address: guestAddress('vm6'),
    roles: ['guest'],
    links: [
      { ifname: 'eth0', bridge: 'br-guest', mac: GUEST_MAC.vm6 },
      { ifname: 'eth1', bridge: 'br-prov', mac: VM6_PROVIDER.mac, v6: VM6_PROVIDER.v6 },
    ],
  },
  {
    // An appliance: a static address, its default route from the RA, and BusyBox's tools only.
    name: 'app',
    address: '2001:db8:0:1::51',
    roles: ['appliance'],
    links: [{ ifname: 'eth0', bridge: 'br-mgmt', mac: '02:00:5e:10:00:51', v6: '2001:db8:0:1::51/64' }],
    tools: 'busybox',
    // Its management sshd on 2222, which the runner learns from an ssh_config alone (access.ts).
    sshPort: 2222,
  },
  {
    name: 'ctr',
    address: '2001:db8:0:1::41',
    roles: ['container-host'],
    links: [
      {
        ifname: 'eth0',
        bridge: 'br-mgmt',
        mac: '02:00:5e:10:00:41',
        v6: '2001:db8:0:1::41/64',
        v4: '198.51.100.41/26',
      },
    ],
  },
]

export const sshPortOf = (h: LabHost): number => h.sshPort ?? 22

export const hostByName = (name: string): LabHost => {
  const h = HOSTS.find((x) => x.name === name)
  if (!h) throw new Error(`no lab host ${name}`)
  return h
}

/** The IPv4 address of a host's first link (ctl's and cmp's management link), without its length. */
export const hostV4 = (name: string): string => {
  const a = hostByName(name).links[0]?.v4?.split('/')[0]
  if (!a) throw new Error(`lab host ${name} has no IPv4 address on its first link`)
  return a
}

/** Every namespace the lab makes, in build order (the switch first, the runner last). */
export const NAMESPACES = [
  'sw',
  'rtr',
  ...HOSTS.map((h) => h.name),
  ...CONTAINERS.list.map((c) => `ctr-${c.name}`),
  'mgmt',
].map(ns)
