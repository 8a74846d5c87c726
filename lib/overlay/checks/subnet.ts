// overlay.subnet.*: which (ipv6_ra_mode, ipv6_address_mode) pairs Neutron accepts and refuses
// (Tempest: NetworksIpV6TestAttrs, NetworksTestDHCPv6.test_dhcpv6_invalid_options), and where a
// subnet's gateway lies (NetworksIpV6Test.test_create_delete_subnet_with_{gw,default_gw},
// NetworksTestDHCPv6.test_dhcp_stateful_router).
import { offsetAddress, parseCidr } from '../../net/index.ts'
import type { OverlayCheck } from '../check.ts'
import { addInterface, createNetwork, createPort, createRouter, createSubnet } from '../fixtures.ts'
import { judgeGateway, judgeInvalidPair, judgeMode } from '../judge/subnet.ts'
import { isAutoAddress, pairAttributes, pairText, parsePair, type ModePair } from '../../checks/overlay/modes.ts'
import type { Scope } from '../registry.ts'
import { step } from '../step.ts'
import { SUBNET_GATEWAY, SUBNET_INVALID_MODES, SUBNET_MODES } from '../../checks/overlay/subnet.ts'

const pairOfSubject = (subject: string): ModePair => parsePair(subject) ?? {}

/**
 * One network for every subnet here that no port stands on: the valid pairs without a port and
 * the mismatched ones (refused, or if wrongly accepted, on a /64 of their own). Each subject's
 * subnet is its own; only the network is shared, named for overlay.subnet.modes.
 */
const subnetsNetwork = (s: Scope) => s.fixture('subnets:net', (shared) => createNetwork(shared), SUBNET_MODES.id)

export const subnetModes: OverlayCheck = {
  check: SUBNET_MODES,
  expected: (subject) => {
    const p = pairOfSubject(subject)
    const auto = p.ra === p.address && isAutoAddress(p)
    return `Neutron accepts a subnet with ${pairText(p)} and echoes both${auto ? '; it can be deleted while a port holds its address, and the network then refuses deletion (409) while the port is on it' : ''}`
  },
  async run(s, base) {
    const pair = pairOfSubject(s.subject)
    // Tempest deletes auto-address subnets under a port (the slaac and stateless _with_ports tests):
    // those need a network of their own; the other pairs share one, each on its own /64.
    const withPort = pair.ra === pair.address && isAutoAddress(pair)
    if (!withPort) {
      const shared = await subnetsNetwork(s)
      return judgeMode(base, { pair, cidr: s.cidr(0), subnet: await createSubnet(s, shared, { pair }) })
    }
    const net = await createNetwork(s)
    const subnet = await createSubnet(s, net, { pair })
    const port = await createPort(s, net)
    const subnetDelete = await s.api.remove('subnet', subnet.id)
    if (subnetDelete.ok) s.forget('subnet', subnet.id)
    const subnetAfter = await s.api.show('subnet', subnet.id)
    const networkDelete = await s.api.remove('network', net.id)
    if (networkDelete.ok) s.forget('network', net.id)
    return judgeMode(base, {
      pair,
      cidr: s.cidr(0),
      subnet,
      withPort: { port, subnetDelete, subnetAfter, networkDelete },
    })
  },
}

export const subnetInvalidModes: OverlayCheck = {
  check: SUBNET_INVALID_MODES,
  expected: (subject) =>
    `a subnet with ${pairText(pairOfSubject(subject))} is refused with 400 Bad Request: when both are set they must be equal`,
  async run(s, base) {
    const pair = pairOfSubject(s.subject)
    // Every pair is tried on one network; each on its own /64, so an accepted one overlaps nothing.
    const net = await subnetsNetwork(s)
    const r = await s.api.create('subnet', {
      network_id: net.id,
      ip_version: 6,
      cidr: s.cidr(0),
      name: s.name('subnet'),
      ...pairAttributes(pair),
    })
    if (r.ok) s.track('subnet', r.value.id, { name: s.name('subnet') })
    return judgeInvalidPair(base, pair, r)
  },
}

/** `prefix::2`, the gateway Tempest's test_create_delete_subnet_with_gw asks for. */
const secondAddress = (cidr: string): string => offsetAddress(parseCidr(cidr)?.address ?? '', 2n) ?? ''

export const subnetGateway: OverlayCheck = {
  check: SUBNET_GATEWAY,
  expected: (subject) =>
    subject === 'explicit'
      ? 'the gateway asked for (prefix::2) is kept, left out of the pools, never handed to a port, and taken by a router interface added by subnet'
      : "Neutron's default gateway lies inside the subnet, outside the allocation pools, and is never handed to a port",
  async run(s, base) {
    const net = await createNetwork(s)
    const requested = s.subject === 'explicit' ? secondAddress(s.cidr(0)) : undefined
    // No modes: the pool allocates, so a port shows which addresses the pool gives out.
    const subnet = await createSubnet(s, net, { ...(requested && { gateway: requested }) })
    if (!requested) return judgeGateway(base, { subnet, port: await createPort(s, net) })
    const [port, router] = await Promise.all([createPort(s, net), createRouter(s)])
    const iface = await addInterface(s, router, { subnet_id: subnet.id })
    const routerPort = await step('show the router interface port', s.api.show('port', iface.port_id))
    return judgeGateway(base, { subnet, port, requested, routerPort })
  },
}
