// Bulk create and delete of IPv6 networks, subnets and ports: one request each (BulkNetworkOpsIpV6Test).
import { overlaySuite } from '../../lib/suite/overlay.ts'

overlaySuite(['overlay.bulk'])
