// overlay.router: IPv6 router interfaces.
import { overlayCheck } from '../define.ts'

export const ROUTER_INTERFACE = overlayCheck({
  id: 'overlay.router.interface',
  tags: ['smoke'],
  title: 'IPv6 router interfaces are added and removed by subnet and by port; an interface by subnet takes the gateway',
  why: "Tenant IPv6 leaves its network through a router port holding the subnet's gateway, which also sends the RAs (radvd) for slaac and stateless subnets. Tempest's RoutersIpV6Test (test_create_show_list_update_delete_router, test_add_remove_router_interface_with_subnet_id and _with_port_id, test_add_multiple_router_interfaces) and NetworksTestDHCPv6.test_dhcp_stateful_router.",
  fix: "Check that the L3 service plugin is loaded (service_plugins = router) and its policy allows add_router_interface for the project; an interface that doesn't take the gateway needs the subnet's gateway_ip fixed (see overlay.subnet.gateway).",
  subjects: ['slaac', 'dhcpv6-stateless', 'dhcpv6-stateful', 'dhcpv6-stateful+none', 'by-port'],
})
