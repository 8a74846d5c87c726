// IPv6 router interfaces, by subnet in every mode and by port: the interface takes the gateway
// (RoutersIpV6Test, test_dhcp_stateful_router).
import { overlaySuite } from '../../lib/suite/overlay.ts'

overlaySuite(['overlay.router.interface'])
