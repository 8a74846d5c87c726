// What a port's addresses should be, judged on what Neutron answered: exactly one address per
// subnet; on an auto-address subnet the modified EUI-64 of the port's MAC, computed here and never
// taken from Neutron (RFC 4291 App. A, as Tempest's test_dhcp_ipv6 does with oslo's helper); on
// any other subnet an address from its allocation pools that is not the gateway.
import { eui64Address, inPrefix, inRange, sameAddress } from '../../net/index.ts'
import type { AllocationPool, PortT, SubnetT } from '../../openstack/neutron-types.ts'
import type { z } from 'zod'
import { isAutoAddress, pairText, type ModePair } from '../../checks/overlay/modes.ts'

type Pool = z.infer<typeof AllocationPool>

/** The pair as Neutron stored it on the subnet. */
export const pairOf = (sn: SubnetT): ModePair => ({
  ...(sn.ipv6_ra_mode && { ra: sn.ipv6_ra_mode }),
  ...(sn.ipv6_address_mode && { address: sn.ipv6_address_mode }),
})

export const addressesOn = (port: PortT, subnetId: string): string[] =>
  port.fixed_ips.filter((f) => f.subnet_id === subnetId).map((f) => f.ip_address)

export const inPools = (ip: string, pools: readonly Pool[]): boolean => pools.some((p) => inRange(ip, p.start, p.end))

export const showPools = (pools: readonly Pool[]): string =>
  pools.map((p) => `${p.start}-${p.end}`).join(', ') || 'none'

/** The EUI-64 address, or why there is none (not a /64, a malformed MAC). */
export function eui64Of(cidr: string, mac: string): { ok: true; address: string } | { ok: false; why: string } {
  try {
    return { ok: true, address: eui64Address(cidr, mac) }
  } catch (e) {
    return { ok: false, why: (e as Error).message }
  }
}

/** Every problem with the port's addresses on `sn`; none means it is what Neutron's modes promise. */
export function addressProblems(port: PortT, sn: SubnetT): string[] {
  const got = addressesOn(port, sn.id)
  const where = `on ${sn.cidr}`
  if (got.length !== 1)
    return [
      `the port has ${got.length === 0 ? 'no address' : `${got.length} addresses (${got.join(', ')})`} ${where}, expected exactly one`,
    ]
  const ip = got[0] ?? ''
  const pair = pairOf(sn)
  if (sn.ip_version === 6 && isAutoAddress(pair)) {
    const e = eui64Of(sn.cidr, port.mac_address)
    if (!e.ok) return [`no EUI-64 address can be made ${where}: ${e.why}`]
    return sameAddress(ip, e.address)
      ? []
      : [
          `the port got ${ip}, but shall be ${e.address} (the modified EUI-64 of ${port.mac_address}) when ${pairText(pair)}`,
        ]
  }
  const problems: string[] = []
  if (!inPrefix(ip, sn.cidr)) problems.push(`the port got ${ip}, outside ${sn.cidr}`)
  else if (!inPools(ip, sn.allocation_pools))
    problems.push(`the port got ${ip}, outside the allocation pools (${showPools(sn.allocation_pools)})`)
  if (sn.gateway_ip && sameAddress(ip, sn.gateway_ip)) problems.push(`the port was given the gateway address ${ip}`)
  if (sn.ip_version === 6) {
    const e = eui64Of(sn.cidr, port.mac_address)
    if (e.ok && sameAddress(ip, e.address))
      problems.push(`the port got its EUI-64 address ${ip} although ${pairText(pair)}: it shall come from the pool`)
  }
  return problems
}

/** `port fa:16:3e:12:34:56: 2001:db8:100::f816:3eff:fe12:3456 on subnet …` lines for evidence. */
export const showPort = (p: PortT): string =>
  `port ${p.name ?? p.id} ${p.mac_address}: ${p.fixed_ips.map((f) => `${f.ip_address} (subnet ${f.subnet_id})`).join(', ') || 'no fixed IPs'}`

export const showSubnet = (sn: SubnetT): string =>
  `subnet ${sn.id} ${sn.cidr} ip_version ${sn.ip_version}${sn.ip_version === 6 ? `, ${pairText(pairOf(sn))}` : ''}, gateway ${sn.gateway_ip ?? 'none'}, pools ${showPools(sn.allocation_pools)}, enable_dhcp ${sn.enable_dhcp}`
