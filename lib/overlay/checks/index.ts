// Every overlay check's runner, by ID, for the tests that try one case at a time; the suites list theirs.
import type { OverlayCheck } from '../check.ts'
import type { OverlayCheckId } from '../subjects.ts'
import { bulkOps } from './bulk.ts'
import { networkCrud, networkDualStack, networkMultiPrefix } from './network.ts'
import { portEui64, portStatefulFixedIp } from './port.ts'
import { routerInterface } from './router.ts'
import { secgroupIpv6Rules } from './secgroup.ts'
import { subnetGateway, subnetInvalidModes, subnetModes } from './subnet.ts'

const RUNNERS: readonly OverlayCheck[] = [
  networkCrud,
  subnetModes,
  subnetInvalidModes,
  subnetGateway,
  portEui64,
  portStatefulFixedIp,
  routerInterface,
  secgroupIpv6Rules,
  networkDualStack,
  networkMultiPrefix,
  bulkOps,
]

export const OVERLAY_CHECK_DEFS = Object.fromEntries(RUNNERS.map((r) => [r.check.id, r])) as Record<
  OverlayCheckId,
  OverlayCheck
>
