// Each guest's network_data.json, as Nova writes it on the config drive and the metadata service
// serves it (test/fixtures/observe/guest/network_data.*.json): one link per port, named by its MAC,
// and one network per fixed IP: `ipv6_slaac` on the guest link, whose address is the EUI-64 Neutron
// computes; `ipv6` on the provider network, a fixed address the guest must configure itself; `ipv4`.
import { eui64Address } from '../lib/net/index.ts'
import { NET, RTR, type Bridge, type LabHost } from './plan.ts'

/** Neutron's network of each bridge a guest has a port on (stable, so a day's evidence compares with the next). */
const NETWORK_ID: Partial<Record<Bridge, string>> = {
  'br-guest': '00000000-0000-4000-8000-000000000002',
  'br-prov': '00000000-0000-4000-8000-000000000004',
}

const NETMASK6 = (len: number): string => {
  if (len !== 64) throw new Error(`lab: network_data.json: a /${len} is not in the plan`)
  return 'ffff:ffff:ffff:ffff::'
}
const NETMASK4 = (len: number): string =>
  [0, 8, 16, 24].map((s) => (len - s >= 8 ? 255 : len - s <= 0 ? 0 : 256 - 2 ** (8 - (len - s)))).join('.')

export function networkData(h: LabHost): Record<string, unknown> {
  const links = h.links.map((l) => ({
    id: `tap-${h.name}-${l.ifname}`,
    type: 'ovs',
    mtu: 1500,
    ethernet_mac_address: l.mac,
  }))
  let n = 0
  const net = (l: LabHost['links'][number], type: string, address: string, netmask: string) => ({
    id: `network${n++}`,
    type,
    link: `tap-${h.name}-${l.ifname}`,
    network_id: NETWORK_ID[l.bridge] ?? '',
    ip_address: address,
    netmask,
    routes: [],
    services: [],
  })
  const networks = h.links.flatMap((l) => {
    const [a6, len6] = l.v6?.split('/') ?? []
    const [a4, len4] = l.v4?.split('/') ?? []
    return [
      ...(a6
        ? [net(l, 'ipv6', a6, NETMASK6(Number(len6)))]
        : l.bridge === 'br-guest'
          ? [net(l, 'ipv6_slaac', eui64Address(NET.guest6, l.mac), NETMASK6(64))]
          : []),
      ...(a4 ? [net(l, 'ipv4', a4, NETMASK4(Number(len4)))] : []),
    ]
  })
  return { links, networks, services: [{ type: 'dns', address: RTR.dns }] }
}
