// The lab's address plan and hosts: one source of truth for the build, targets.yaml and the tests.
// Only documentation space (2001:db8::/32, 198.51.100.0/24) and link-local addresses (DESIGN §7).
//
//              v6lab-sw: bridges only
//   br-mgmt 2001:db8:0:1::/64 198.51.100.0/26        br-guest 2001:db8:0:2::/64 198.51.100.64/26
//   rtr eth0 ::1 (RA, DNS ::53 and ::54)              rtr eth1 ::1 (RA), fe80::a9fe:a9fe, 169.254.169.254
//   ctl eth0 ::11   cmp eth0 ::21 (RA-configured)     ctl eth1 198.51.100.75 (IPv4 only)
//   mgmt eth0 ::100 (the runner)                      vm1 eth0 SLAAC   vm2 eth0 SLAAC (IPv6 only)
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
  links: { ifname: string; bridge: 'br-mgmt' | 'br-guest'; mac: string; v6?: string; v4?: string }[]
}

const GUEST_MAC = { vm1: 'fa:16:3e:00:00:31', vm2: 'fa:16:3e:00:00:32' } as const

export const guestAddress = (vm: keyof typeof GUEST_MAC): string => eui64Address(NET.guest6, GUEST_MAC[vm])

export const HOSTS: readonly LabHost[] = [
  {
    name: 'ctl',
    address: '2001:db8:0:1::11',
    roles: ['controller'],
    links: [
      { ifname: 'eth0', bridge: 'br-mgmt', mac: '02:00:5e:10:00:11', v6: '2001:db8:0:1::11/64', v4: '198.51.100.11/26' },
      { ifname: 'eth1', bridge: 'br-guest', mac: '02:00:5e:10:01:11', v4: '198.51.100.75/26' },
    ],
  },
  {
    name: 'cmp',
    address: '2001:db8:0:1::21',
    roles: ['compute'],
    links: [{ ifname: 'eth0', bridge: 'br-mgmt', mac: '02:00:5e:10:00:21', v6: '2001:db8:0:1::21/64', v4: '198.51.100.21/26' }],
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
]

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
export const NAMESPACES = ['sw', 'rtr', ...HOSTS.map((h) => h.name), 'mgmt'].map(ns)
