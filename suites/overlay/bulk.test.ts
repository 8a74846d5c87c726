// Bulk create and delete of IPv6 networks, subnets and ports: one request each (BulkNetworkOpsIpV6Test).
import { bulkOps } from '../../lib/overlay/checks/bulk.ts'
import { overlaySuite } from '../../lib/suite/overlay.ts'

overlaySuite([
  bulkOps, // IPv6 networks, subnets and ports are created by one bulk request and deleted again
])
