// overlay.network: Tenant networks over IPv6.
import { overlayCheck } from '../define.ts'

export const NETWORK_CRUD = overlayCheck({
  id: 'overlay.network.crud',
  tags: ['smoke'],
  title: 'An IPv6 tenant network, subnet and port are created, shown, listed, updated and deleted',
  why: "OPNFV's IPv6 overlay test starts here: Tempest's NetworksIpV6Test runs test_create_update_delete_network_subnet, test_show_network, test_list_networks, test_show_subnet, test_list_subnets, the _fields variants, test_delete_network_with_subnet and the create_delete_subnet_with_* tests with IPv6 data, and PortsIpV6TestJSON test_create_update_delete_port, test_show_port, test_list_ports and test_create_port_in_allowed_allocation_pools. v6ready creates one subnet with every optional attribute (gateway, allocation pools, DNS servers, host routes) and compares the answer as addresses, not text (RFC 5952: many texts, one address).",
  fix: "Read the finding: a refused call names its NeutronError type (PolicyNotAuthorized: allow create_network/create_subnet in neutron-server's policy for the project; InvalidInput: see the message; 5xx: neutron-server's log); an attribute not echoed points at a plugin or extension that drops it.",
  subjects: ['network', 'subnet', 'port'],
})

export const NETWORK_DUAL_STACK = overlayCheck({
  id: 'overlay.network.dual-stack',
  tags: [],
  title: 'A network with an IPv4 and an IPv6 subnet gives a port one address of each',
  why: "Dual-stack tenants are the migration path: a port must keep its IPv4 address and get its IPv6 one (EUI-64 on auto-address subnets), whichever subnet came first. Tempest's NetworksTestDHCPv6.test_dhcpv6_64_subnets (both orders) and NetworksIpV6Test.test_create_list_subnet_with_no_gw64_one_network (an IPv4 subnet without gateway beside an IPv6 one).",
  fix: 'A port missing one family needs a look at the plugin and IPAM (ipam_driver); a port with the wrong IPv6 address is the overlay.port.eui64 finding again.',
  subjects: ['slaac,ipv4', 'ipv4,slaac', 'dhcpv6-stateless,ipv4', 'ipv4,dhcpv6-stateless', 'dhcpv6-stateful,ipv4'],
})

export const NETWORK_MULTI_PREFIX = overlayCheck({
  id: 'overlay.network.multi-prefix',
  tags: [],
  title: 'Two IPv6 prefixes on one network give a port one address in each',
  why: "Renumbering and multi-prefix networks give guests one address per prefix (RFC 4862 per-prefix SLAAC); Neutron must record them all, or port security drops the guest's traffic from the other one. Tempest's scenario test_multi_prefix_slaac and _dhcpv6_stateless check this in guests; the API side is NetworksTestDHCPv6.test_dhcpv6_two_subnets (an auto-address subnet beside a stateful one, both orders).",
  fix: 'A port without an address in every auto-address prefix of its network has a plugin that allocates only on the named subnet: check the mechanism driver and IPAM.',
  subjects: [
    'slaac,slaac',
    'dhcpv6-stateless,dhcpv6-stateless',
    'slaac,dhcpv6-stateful',
    'dhcpv6-stateful,slaac',
    'dhcpv6-stateless,dhcpv6-stateful',
    'dhcpv6-stateful,dhcpv6-stateless',
  ],
})
