// IPv6 router interfaces, by subnet in every mode and by port: the interface takes the gateway
// (RoutersIpV6Test, test_dhcp_stateful_router).
import { routerInterface } from '../../lib/overlay/checks/router.ts'
import { overlaySuite } from '../../lib/suite/overlay.ts'

overlaySuite([
  routerInterface, // IPv6 router interfaces are added and removed by subnet and by port; an interface by subnet takes the gateway
])
