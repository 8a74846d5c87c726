// Judges of subnets: the (ipv6_ra_mode, ipv6_address_mode) pairs Neutron must accept and echo, the
// mismatched ones it must refuse with 400 (Neutron's config-ipv6.rst and db_base_plugin_v2.py), and where the gateway lies.
import { inPrefix, parseCidr, sameAddress } from '../../net/index.ts'
import type { ApiResult } from '../../openstack/neutron.ts'
import { showError } from '../../openstack/neutron-error.ts'
import type { PortT, SubnetT } from '../../openstack/neutron-types.ts'
import type { Verdict } from '../../verdict.ts'
import { pairText, type ModePair } from '../../checks/overlay/modes.ts'
import { judged, showRefusal, type Base } from '../verdicts.ts'
import { addressesOn, inPools, showPort, showPools, showSubnet } from './addresses.ts'
import { echoProblems } from './echo.ts'
import { notGone } from './life.ts'
import { judgeRefusals } from './refusal.ts'

export interface ModeFacts {
  pair: ModePair
  cidr: string
  subnet: SubnetT
  /** Auto-address pairs (Tempest's test_create_delete_{slaac,stateless}_subnet_with_ports): a port,
   *  the subnet deleted under it, the subnet shown again, and the network's delete. */
  withPort?: {
    port: PortT
    subnetDelete: ApiResult<undefined>
    subnetAfter: ApiResult<unknown>
    networkDelete: ApiResult<undefined>
  }
}

export function judgeMode(base: Base, f: ModeFacts): Verdict {
  const asked = {
    ip_version: 6,
    cidr: f.cidr,
    ipv6_ra_mode: f.pair.ra ?? null,
    ipv6_address_mode: f.pair.address ?? null,
    enable_dhcp: true,
  }
  const w = f.withPort
  const problems = [
    ...echoProblems('the subnet', asked, f.subnet),
    ...(w
      ? [
          addressesOn(w.port, f.subnet.id).length === 0 && 'a port on the network got no address on the subnet',
          !w.subnetDelete.ok &&
            `deleting the subnet while a port holds its auto address was refused: ${showError(w.subnetDelete.error)}`,
          w.subnetDelete.ok && notGone('the subnet', w.subnetAfter),
          w.networkDelete.ok
            ? 'the network was deleted while a port was still on it (expected 409 Conflict)'
            : w.networkDelete.error.status !== 409 &&
              `deleting the network with a port on it gave ${showError(w.networkDelete.error)}, expected 409 Conflict`,
        ]
      : []),
  ]
  const evidence = [
    showSubnet(f.subnet),
    ...(w ? [showPort(w.port), ...(w.networkDelete.ok ? [] : [showRefusal(w.networkDelete.error)])] : []),
  ].join('\n')
  const passed = `accepted with ${pairText(f.pair)} echoed${w ? '; deleted under a port holding its address, and the network then refused deletion while the port was on it' : ''}`
  return judged(base, problems, passed, evidence)
}

/** A mismatched pair: 400 passes; created, or refused for another reason, fails. */
export const judgeInvalidPair = (base: Base, pair: ModePair, r: ApiResult<SubnetT>): Verdict =>
  judgeRefusals(base, 400, [{ asked: pairText(pair), result: r }])

export interface GatewayFacts {
  subnet: SubnetT
  /** A port given an address from the pools. */
  port: PortT
  /** The gateway asked for; absent for Neutron's default. */
  requested?: string
  /** The router port of an interface added by subnet. */
  routerPort?: PortT
}

/** Which address the gateway is, in words: the subnet-router anycast address or the first one. */
export function gatewayKind(gw: string, cidr: string): string {
  const net = parseCidr(cidr)?.address
  if (net && sameAddress(gw, net)) return 'the subnet-router anycast address, RFC 4291 §2.6.1'
  return 'an address inside the subnet'
}

export function judgeGateway(base: Base, f: GatewayFacts): Verdict {
  const sn = f.subnet
  const gw = sn.gateway_ip
  const onSubnet = addressesOn(f.port, sn.id)
  // Stryker disable next-line ArrayDeclaration: read only when f.routerPort is set (below)
  const routerIps = f.routerPort ? addressesOn(f.routerPort, sn.id) : []
  const problems = gw
    ? [
        f.requested !== undefined && !sameAddress(gw, f.requested) && `gateway_ip is ${gw}, asked for ${f.requested}`,
        !inPrefix(gw, sn.cidr) && `the gateway ${gw} lies outside ${sn.cidr}`,
        inPools(gw, sn.allocation_pools) &&
          `the allocation pools (${showPools(sn.allocation_pools)}) include the gateway ${gw}`,
        onSubnet.some((ip) => sameAddress(ip, gw)) && `a port was given the gateway address ${gw}`,
        f.routerPort &&
          !routerIps.some((ip) => sameAddress(ip, gw)) &&
          `the router interface took ${routerIps.join(', ') || 'no address'}, not the gateway ${gw}`,
      ]
    : [`the subnet has no gateway_ip${f.requested ? `, asked for ${f.requested}` : ''}`]
  const evidence = [
    showSubnet(sn),
    showPort(f.port),
    ...(f.routerPort ? [`router ${showPort(f.routerPort)}`] : []),
  ].join('\n')
  const passed = gw
    ? `gateway ${gw} (${gatewayKind(gw, sn.cidr)}) is outside the pools, no port got it${f.routerPort ? ', and the router interface took it' : ''}`
    : // Stryker disable next-line StringLiteral: without a gateway there is always a problem, so no pass text is shown
      ''
  return judged(base, problems, passed, evidence)
}
