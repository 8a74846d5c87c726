// overlay.router.interface: IPv6 subnets on a router, by subnet for each mode (the interface takes
// the gateway: test_dhcp_stateful_router) and by port (RoutersIpV6Test's add/remove by port,
// multiple interfaces, and the router's own create/show/list/update/delete).
import type { OverlayCheck } from '../check.ts'
import {
  addInterface,
  createNetwork,
  createPort,
  createRouter,
  createSubnet,
  deleteTracked,
  removeInterface,
} from '../fixtures.ts'
import { judgeByPort, judgeBySubnet } from '../judge/router.ts'
import { pairText, parsePair } from '../../checks/overlay/modes.ts'
import type { Scope } from '../registry.ts'
import { step } from '../step.ts'
import type { Base } from '../verdicts.ts'
import { ROUTER_INTERFACE } from '../../checks/overlay/router.ts'

async function bySubnet(s: Scope, base: Base) {
  const net = await createNetwork(s)
  const [subnet, router] = await Promise.all([
    createSubnet(s, net, { pair: parsePair(s.subject) ?? {} }),
    createRouter(s),
  ])
  const added = await addInterface(s, router, { subnet_id: subnet.id })
  const port = await step('show the router interface port', s.api.show('port', added.port_id))
  await removeInterface(s, router, { subnet_id: subnet.id })
  return judgeBySubnet(base, { subnet, router, added, port, portAfter: await s.api.show('port', added.port_id) })
}

async function byPort(s: Scope, base: Base) {
  const [net1, net2, router] = await Promise.all([
    createNetwork(s, 'net1'),
    createNetwork(s, 'net2'),
    createRouter(s, 'router', { admin_state_up: false }),
  ])
  const [subnet, subnet2] = await Promise.all([createSubnet(s, net1, { slot: 0 }), createSubnet(s, net2, { slot: 1 })])
  const [shown, listed, port] = await Promise.all([
    step('show the router', s.api.show('router', router.id)),
    step('list routers by name', s.api.list('router', { name: router.name ?? '' })),
    createPort(s, net1, { fixedIps: [{ subnet_id: subnet.id }] }),
  ])
  const update = { name: s.name('router', 'updated'), admin_state_up: true }
  const updated = await step('update the router', s.api.update('router', router.id, update))
  const added = await addInterface(s, router, { port_id: port.id })
  const portShown = await step('show the interface port', s.api.show('port', port.id))
  const second = { subnet: subnet2, added: await addInterface(s, router, { subnet_id: subnet2.id }) }
  const devicePorts = await step("list the router's ports", s.api.list('port', { device_id: router.id }))
  const removed = await removeInterface(s, router, { port_id: port.id })
  await removeInterface(s, router, { subnet_id: subnet2.id })
  await deleteTracked(s, 'router', router.id)
  return judgeByPort(base, {
    router,
    shown,
    listed,
    update,
    updated,
    subnet,
    port,
    added,
    portShown,
    second,
    devicePorts,
    removed,
  })
}

export const routerInterface: OverlayCheck = {
  check: ROUTER_INTERFACE,
  expected: (subject) =>
    subject === 'by-port'
      ? 'a router is created down, shown, listed and updated up; a port added as its interface keeps its address and is owned by the router; a second interface by subnet joins it; both are removed and the router deleted'
      : `a router interface added by a subnet with ${pairText(parsePair(subject) ?? {})} takes the subnet's gateway address, is owned by the router, and goes away when removed`,
  run: (s, base) => (s.subject === 'by-port' ? byPort(s, base) : bySubnet(s, base)),
}
