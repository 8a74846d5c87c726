// Every overlay check by ID, for the suites (one file per topic picks its own).
import type { OverlayCheck } from '../check.ts'
import type { OverlayCheckId } from '../subjects.ts'
import { bulkOps } from './bulk.ts'
import { networkCrud, networkDualStack, networkMultiPrefix } from './network.ts'
import { portEui64, portStatefulFixedIp } from './port.ts'
import { routerInterface } from './router.ts'
import { secgroupIpv6Rules } from './secgroup.ts'
import { subnetGateway, subnetInvalidModes, subnetModes } from './subnet.ts'

export const OVERLAY_CHECK_DEFS: Record<OverlayCheckId, OverlayCheck> = {
  'overlay.network.crud': networkCrud,
  'overlay.subnet.modes': subnetModes,
  'overlay.subnet.invalid-modes': subnetInvalidModes,
  'overlay.subnet.gateway': subnetGateway,
  'overlay.port.eui64': portEui64,
  'overlay.port.stateful-fixed-ip': portStatefulFixedIp,
  'overlay.router.interface': routerInterface,
  'overlay.secgroup.ipv6-rules': secgroupIpv6Rules,
  'overlay.network.dual-stack': networkDualStack,
  'overlay.network.multi-prefix': networkMultiPrefix,
  'overlay.bulk': bulkOps,
}
