// overlay.network.*: the life of an IPv6 network and subnet (NetworksIpV6Test), and networks with
// several subnets: IPv6 beside IPv4 (test_dhcpv6_64_subnets, test_create_list_subnet_with_no_gw64_
// one_network) and two IPv6 prefixes (test_dhcpv6_two_subnets, test_network_v6's multi-prefix).
import { offsetAddress, parseCidr } from '../../net/index.ts'
import type { SubnetT } from '../../openstack/neutron-types.ts'
import type { Verdict } from '../../verdict.ts'
import type { OverlayCheck } from '../check.ts'
import { createNetwork, createPort, createSubnet, deleteTracked, randomMac } from '../fixtures.ts'
import { judgeNetworkCrud, judgePortCrud, judgeSubnetCrud, judgeSubnetsPort } from '../judge/network.ts'
import { pairText, parsePair } from '../../checks/overlay/modes.ts'
import type { Scope } from '../registry.ts'
import { step } from '../step.ts'
import type { Base } from '../verdicts.ts'
import { NETWORK_CRUD, NETWORK_DUAL_STACK, NETWORK_MULTI_PREFIX } from '../../checks/overlay/network.ts'

/** `prefix::n` of the subject's `slot`-th /64. */
const at = (s: Scope, n: number, slot = 0): string =>
  offsetAddress(parseCidr(s.cidr(slot))?.address ?? '', BigInt(n)) ?? ''

async function networkLife(s: Scope, base: Base) {
  const net = await createNetwork(s, 'net', { description: 'v6ready' })
  const [fields, listed] = await Promise.all([
    step('show the network with fields=id,name', s.api.raw(`networks/${net.id}`, { fields: ['id', 'name'] })),
    step('list networks by name', s.api.list('network', { name: net.name ?? '' })),
  ])
  const update = { name: s.name('net', 'updated'), description: 'v6ready, updated' }
  const updated = await step('update the network', s.api.update('network', net.id, update))
  await deleteTracked(s, 'network', net.id)
  return judgeNetworkCrud(base, {
    created: net,
    fields,
    listed,
    update,
    updated,
    after: await s.api.show('network', net.id),
  })
}

async function subnetLife(s: Scope, base: Base) {
  const net = await createNetwork(s)
  // Every optional attribute at once (Tempest runs one test per attribute), from the subject's own prefixes.
  const extra = {
    allocation_pools: [{ start: at(s, 0x10), end: at(s, 0xff) }],
    dns_nameservers: [at(s, 0x53), at(s, 0x35)],
    host_routes: [{ destination: s.cidr(1), nexthop: at(s, 0xfe) }],
    enable_dhcp: true,
  }
  const created = await createSubnet(s, net, { gateway: at(s, 1), extra })
  const [fields, listed] = await Promise.all([
    step(
      'show the subnet with fields=id,network_id,cidr',
      s.api.raw(`subnets/${created.id}`, { fields: ['id', 'network_id', 'cidr'] }),
    ),
    step("list the network's subnets", s.api.list('subnet', { network_id: net.id })),
  ])
  const update = {
    name: s.name('subnet0', 'updated'),
    gateway_ip: at(s, 2),
    dns_nameservers: [at(s, 0x54)],
    host_routes: [{ destination: s.cidr(2), nexthop: at(s, 0xfd) }],
  }
  const updated = await step('update the subnet', s.api.update('subnet', created.id, update))
  await deleteTracked(s, 'network', net.id)
  const after = await s.api.show('subnet', created.id)
  if (!after.ok && after.error.status === 404) s.forget('subnet', created.id)
  const asked = { cidr: s.cidr(0), ip_version: 6, gateway_ip: at(s, 1), ...extra }
  return judgeSubnetCrud(base, { asked, created, fields, listed, update, updated, after })
}

async function portLife(s: Scope, base: Base) {
  const net = await createNetwork(s)
  // A narrow pool, as PortsTestJSON.test_create_port_in_allowed_allocation_pools makes one.
  const subnet = await createSubnet(s, net, { extra: { allocation_pools: [{ start: at(s, 0x10), end: at(s, 0x1f) }] } })
  const created = await createPort(s, net)
  const [shown, listed] = await Promise.all([
    step('show the port', s.api.show('port', created.id)),
    step("list the network's ports", s.api.list('port', { network_id: net.id })),
  ])
  const update = { name: s.name('port', 'updated'), admin_state_up: false }
  const updated = await step('update the port', s.api.update('port', created.id, update))
  await deleteTracked(s, 'port', created.id)
  return judgePortCrud(base, {
    subnet,
    created,
    shown,
    listed,
    update,
    updated,
    after: await s.api.show('port', created.id),
  })
}

const LIVES: Record<string, { expected: string; run: (s: Scope, base: Base) => Promise<Verdict> }> = {
  network: {
    expected: 'an IPv6 tenant network is created ACTIVE, shown, listed, updated and deleted',
    run: networkLife,
  },
  subnet: {
    expected:
      'an IPv6 subnet with a gateway, pools, DNS servers and host routes is created with them echoed, shown, listed, updated, and deleted with its network',
    run: subnetLife,
  },
  port: {
    expected:
      "a port on an IPv6 subnet gets an address from the subnet's narrow allocation pool, and is shown, listed, updated and deleted",
    run: portLife,
  },
}

export const networkCrud: OverlayCheck = {
  check: NETWORK_CRUD,
  expected: (subject) => LIVES[subject]?.expected ?? '',
  run: (s, base) => (LIVES[s.subject] ?? LIVES.network!).run(s, base),
}

/** The subject's subnets, created one after the other in its order (the order is part of the case). */
async function subnetsInOrder(s: Scope, net: Parameters<typeof createSubnet>[1], kinds: string[]): Promise<SubnetT[]> {
  const out: SubnetT[] = []
  for (const [i, k] of kinds.entries())
    out.push(
      await (k === 'ipv4'
        ? createSubnet(s, net, { ipVersion: 4, gateway: null, role: 'subnet-v4' })
        : createSubnet(s, net, { slot: i, pair: parsePair(k) ?? {} })),
    )
  return out
}

const describeKinds = (subject: string) =>
  subject
    .split(',')
    .map((k) =>
      k === 'ipv4' ? 'an IPv4 subnet without gateway' : `an IPv6 subnet with ${pairText(parsePair(k) ?? {})}`,
    )

async function portOnSubnets(s: Scope, base: Base, withList: boolean) {
  const net = await createNetwork(s)
  const subnets = await subnetsInOrder(s, net, s.subject.split(','))
  const mac = randomMac()
  const [port, listed] = await Promise.all([
    createPort(s, net, { mac }),
    withList ? step("list the network's subnets", s.api.list('subnet', { network_id: net.id })) : undefined,
  ])
  const v4 = subnets.find((sn) => sn.ip_version === 4)
  return judgeSubnetsPort(base, { subnets, port, ...(listed && { listed }) }, [
    v4 !== undefined && v4.gateway_ip !== null && `the IPv4 subnet has gateway ${v4.gateway_ip}, asked for none`,
  ])
}

export const networkDualStack: OverlayCheck = {
  check: NETWORK_DUAL_STACK,
  expected: (subject) =>
    `on a network with ${describeKinds(subject).join(' then ')}, both are listed and a port gets one address in each: its EUI-64 on an auto-address subnet, a pool address otherwise`,
  run: (s, base) => portOnSubnets(s, base, true),
}

export const networkMultiPrefix: OverlayCheck = {
  check: NETWORK_MULTI_PREFIX,
  expected: (subject) =>
    `on a network with ${describeKinds(subject).join(' then ')}, a port gets one address in each prefix: its EUI-64 on an auto-address subnet, a pool address otherwise`,
  run: (s, base) => portOnSubnets(s, base, false),
}
