// Judges of networks: create, show, list, update and delete (NetworksIpV6Test), and what a port
// gets on a network with several subnets: one address per subnet, each as its mode promises
// (NetworksTestDHCPv6.test_dhcpv6_64_subnets and _two_subnets; test_network_v6's multi-prefix).
import type { NetworkT, PortT, SubnetT } from '../../openstack/neutron-types.ts'
import type { Verdict } from '../../verdict.ts'
import { judged, type Base } from '../verdicts.ts'
import { addressesOn, addressProblems, showPort, showSubnet } from './addresses.ts'
import { echoProblems } from './echo.ts'
import { lifeProblems, type LifeFacts } from './life.ts'

/** A `?fields=` answer must hold exactly those fields, with the values the resource has. */
export function fieldsProblems(
  what: string,
  doc: unknown,
  key: string,
  fields: readonly string[],
  full: Record<string, unknown>,
): string[] {
  const got = (doc as Record<string, unknown> | undefined)?.[key]
  if (typeof got !== 'object' || got === null)
    return [`showing ${what} with fields=${fields.join(',')} gave no "${key}"`]
  const keys = Object.keys(got).sort()
  if (keys.join() !== [...fields].sort().join())
    return [`showing ${what} with fields=${fields.join(',')} gave the fields ${keys.join(',')}`]
  return echoProblems(
    `${what} (fields=)`,
    Object.fromEntries(fields.map((f) => [f, full[f]])),
    got as Record<string, unknown>,
  )
}

export interface NetworkCrudFacts extends LifeFacts<NetworkT> {
  /** GET networks/{id}?fields=id&fields=name, as it came. */
  fields: unknown
}

export function judgeNetworkCrud(base: Base, f: NetworkCrudFacts): Verdict {
  const problems = [
    f.created.status !== undefined &&
      f.created.status !== 'ACTIVE' &&
      `the new network is ${f.created.status}, not ACTIVE`,
    ...fieldsProblems('the network', f.fields, 'network', ['id', 'name'], f.created),
    ...lifeProblems('network', 'the list filtered by its name', f),
  ]
  return judged(
    base,
    problems,
    'created ACTIVE, shown (also with fields=), listed, updated and deleted',
    `network ${f.created.id} ${f.created.name ?? ''}`,
  )
}

export interface SubnetCrudFacts extends LifeFacts<SubnetT> {
  /** The attributes the subnet was created with. */
  asked: Record<string, unknown>
  fields: unknown
}

/** `after` is the subnet shown after its network's DELETE (test_delete_network_with_subnet). */
export function judgeSubnetCrud(base: Base, f: SubnetCrudFacts): Verdict {
  const problems = [
    ...echoProblems('the new subnet', f.asked, f.created),
    ...fieldsProblems('the subnet', f.fields, 'subnet', ['id', 'network_id', 'cidr'], f.created),
    ...lifeProblems('subnet', "its network's list", f),
  ]
  const passed =
    'created with gateway, pools, DNS servers and host routes echoed, shown, listed, updated, and deleted with its network'
  return judged(base, problems, passed, [showSubnet(f.created), `updated: ${showSubnet(f.updated)}`].join('\n'))
}

export interface PortCrudFacts extends LifeFacts<PortT> {
  /** A subnet with a narrow allocation pool (PortsTestJSON.test_create_port_in_allowed_allocation_pools). */
  subnet: SubnetT
  shown: PortT
}

export function judgePortCrud(base: Base, f: PortCrudFacts): Verdict {
  const problems = [
    ...addressProblems(f.created, f.subnet),
    f.created.admin_state_up === false && 'the new port is administratively down',
    ...echoProblems(
      'the shown port',
      { id: f.created.id, mac_address: f.created.mac_address, fixed_ips: f.created.fixed_ips },
      f.shown,
    ),
    ...lifeProblems('port', "its network's list", f),
  ]
  const passed = `created with ${addressesOn(f.created, f.subnet.id).join(', ')} from the pool, shown, listed, updated and deleted`
  return judged(base, problems, passed, [showSubnet(f.subnet), showPort(f.created)].join('\n'))
}

export interface SubnetsPortFacts {
  /** In creation order. */
  subnets: SubnetT[]
  port: PortT
  /** GET subnets?network_id=: every subnet listed on the network (test_create_list_subnet_with_no_gw64_one_network). */
  listed?: SubnetT[]
}

/** One address per subnet, each as its mode promises, and none elsewhere. */
export function judgeSubnetsPort(base: Base, f: SubnetsPortFacts, extra: readonly (string | false)[] = []): Verdict {
  const ids = new Set(f.subnets.map((s) => s.id))
  const stray = f.port.fixed_ips.filter((x) => !ids.has(x.subnet_id))
  const problems = [
    ...f.subnets.flatMap((sn) => addressProblems(f.port, sn)),
    stray.length > 0 && `the port also got ${stray.map((x) => x.ip_address).join(', ')} on other subnets`,
    ...(f.listed
      ? f.subnets
          .filter((s) => !f.listed?.some((l) => l.id === s.id))
          .map((s) => `subnet ${s.cidr} is missing from its network's list`)
      : []),
    ...extra,
  ]
  const passed = `the port got ${f.subnets.map((sn) => `${addressesOn(f.port, sn.id).join(',')} on ${sn.cidr}`).join(' and ')}`
  return judged(base, problems, passed, [...f.subnets.map(showSubnet), showPort(f.port)].join('\n'))
}
