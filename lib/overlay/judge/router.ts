// Judges of router interfaces on IPv6 subnets (RoutersIpV6Test; NetworksTestDHCPv6.
// test_dhcp_stateful_router): added and removed by subnet and by port, the router owning the
// port, and an interface added by subnet taking the subnet's gateway address.
import { sameAddress } from '../../net/index.ts'
import type { ApiResult } from '../../openstack/neutron.ts'
import type { PortT, RouterInterfaceT, RouterT, SubnetT } from '../../openstack/neutron-types.ts'
import type { Verdict } from '../../verdict.ts'
import { judged, type Base } from '../verdicts.ts'
import { addressesOn, showPort, showSubnet } from './addresses.ts'
import { echoProblems } from './echo.ts'
import { notGone } from './life.ts'

const ROUTER_OWNER = 'network:router_interface'

/** The interface's port belongs to the router, and its answer names the subnet. */
function ownedProblems(router: RouterT, added: RouterInterfaceT, subnet: SubnetT, port: PortT): string[] {
  return [
    added.subnet_id !== subnet.id ? `add_router_interface answered subnet ${added.subnet_id}, not ${subnet.id}` : '',
    port.device_id !== router.id
      ? `the interface port's device_id is ${port.device_id || 'empty'}, not the router ${router.id}`
      : '',
    !(port.device_owner ?? '').startsWith(ROUTER_OWNER)
      ? `the interface port's device_owner is ${port.device_owner || 'empty'}, not ${ROUTER_OWNER}`
      : '',
  ].filter(Boolean)
}

export interface BySubnetFacts {
  subnet: SubnetT
  router: RouterT
  added: RouterInterfaceT
  /** The interface's port, shown after the add. */
  port: PortT
  /** GET of that port after remove_router_interface. */
  portAfter: ApiResult<unknown>
}

export function judgeBySubnet(base: Base, f: BySubnetFacts): Verdict {
  const gw = f.subnet.gateway_ip
  const ips = addressesOn(f.port, f.subnet.id)
  const problems = [
    ...ownedProblems(f.router, f.added, f.subnet, f.port),
    gw === null
      ? 'the subnet has no gateway_ip for the interface to take'
      : !ips.some((ip) => sameAddress(ip, gw)) &&
        `the interface took ${ips.join(', ') || 'no address'}, not the gateway ${gw}`,
    notGone('the interface port (its interface removed)', f.portAfter),
  ]
  return judged(
    base,
    problems,
    `the interface took the gateway ${gw ?? ''}, belongs to the router, and went away with remove_router_interface`,
    [showSubnet(f.subnet), `router ${showPort(f.port)}`].join('\n'),
  )
}

export interface ByPortFacts {
  /** Created with admin_state_up false (RoutersTest.test_create_show_list_update_delete_router). */
  router: RouterT
  shown: RouterT
  listed: RouterT[]
  update: { name: string; admin_state_up: boolean }
  updated: RouterT
  subnet: SubnetT
  /** The port created first and added by port. */
  port: PortT
  added: RouterInterfaceT
  portShown: PortT
  /** A second interface, by subnet on another network (test_add_multiple_router_interfaces). */
  second: { subnet: SubnetT; added: RouterInterfaceT }
  /** GET ports?device_id=<router>. */
  devicePorts: PortT[]
  removed: RouterInterfaceT
}

export function judgeByPort(base: Base, f: ByPortFacts): Verdict {
  const kept = addressesOn(f.port, f.subnet.id)
  const now = addressesOn(f.portShown, f.subnet.id)
  const ids = new Set(f.devicePorts.map((p) => p.id))
  const problems = [
    f.router.admin_state_up !== false && 'the router asked to be created with admin_state_up false is up',
    f.shown.id !== f.router.id && 'showing the router gave another one',
    !f.listed.some((r) => r.id === f.router.id) && 'the router is missing from the list filtered by its name',
    ...echoProblems('the updated router', f.update, f.updated),
    f.added.port_id !== f.port.id && `add_router_interface by port answered port ${f.added.port_id}, not ${f.port.id}`,
    ...ownedProblems(f.router, f.added, f.subnet, f.portShown),
    kept.join() !== now.join() &&
      `the port's address changed from ${kept.join(', ')} to ${now.join(', ')} when it became an interface`,
    f.second.added.subnet_id !== f.second.subnet.id &&
      `the second interface answered subnet ${f.second.added.subnet_id}, not ${f.second.subnet.id}`,
    !(ids.has(f.port.id) && ids.has(f.second.added.port_id)) &&
      `the router's ports are ${[...ids].join(', ') || 'none'}, expected both interfaces`,
    f.removed.port_id !== f.port.id &&
      `remove_router_interface by port answered port ${f.removed.port_id}, not ${f.port.id}`,
  ]
  return judged(
    base,
    problems,
    'created down, shown, listed, updated up; an interface by port keeps its address, a second by subnet joins it, both are removed and the router deleted',
    [showSubnet(f.subnet), showPort(f.portShown), showSubnet(f.second.subnet)].join('\n'),
  )
}
