// overlay.bulk: Bulk operations.
import { overlayCheck } from '../define.ts'

export const BULK = overlayCheck({
  id: 'overlay.bulk',
  tags: [],
  title: 'IPv6 networks, subnets and ports are created by one bulk request and deleted again',
  why: "Orchestration (Heat, Terraform, Kubernetes' cloud provider) creates many resources at once with Neutron's bulk API ({\"networks\": [...]}), which takes another code path than single creates. Tempest's BulkNetworkOpsIpV6Test: test_bulk_create_delete_network, _subnet and _port (all smoke).",
  fix: "If the bulk request is refused the plugin lacks native bulk support (or the policy forbids it): check neutron-server's log; if items come back wrong, the bulk path drops IPv6 attributes.",
  subjects: ['networks', 'subnets', 'ports'],
})
