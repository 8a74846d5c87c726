// overlay.port: Ports and the addresses Neutron gives them.
import { overlayCheck } from '../define.ts'

export const PORT_EUI64 = overlayCheck({
  id: 'overlay.port.eui64',
  tags: ['smoke'],
  title: 'On slaac and dhcpv6-stateless subnets a port gets exactly the modified EUI-64 address of its MAC',
  why: "The guest builds its SLAAC address from its MAC (RFC 4862 §5.5.3, modified EUI-64 of RFC 4291 App. A: ff:fe inserted, the U/L bit flipped), and port security drops any other source, so Neutron must record exactly that address. v6ready computes it itself, never from Neutron (Tempest's test_dhcpv6_stateless_eui64 and _no_ra use oslo's get_ipv6_addr_by_EUI64); with neither mode set the port must get a pool address instead (test_dhcpv6_stateless_no_ra_no_dhcp).",
  fix: "A port on an auto-address subnet without its EUI-64 address means Neutron's IPAM or a plugin broke the rule: check ipam_driver and the mechanism driver; the subnet must be a /64. Guests on such ports need the matching address (see hosts.privacy.addr-gen).",
  subjects: ['slaac', 'dhcpv6-stateless', 'none+slaac', 'none+dhcpv6-stateless', 'none'],
})

export const PORT_STATEFUL_FIXED_IP = overlayCheck({
  id: 'overlay.port.stateful-fixed-ip',
  tags: [],
  title:
    'On dhcpv6-stateful subnets a requested fixed IP is honoured; one after the pool gets 400; a taken one gets 409',
  why: "DHCPv6-stateful hands out what Neutron recorded (RFC 8415 IA_NA), so Neutron alone guarantees uniqueness and range. Tempest's test_dhcp_stateful, test_dhcp_stateful_fixedips (three mode pairs), test_dhcp_stateful_fixedips_outrange (pool end + 1 and + 2) and test_dhcp_stateful_fixedips_duplicate (a Conflict), one test per case.",
  fix: 'Neutron gave out an address it should have refused: check ipam_driver and the plugin; until fixed, watch for duplicate addresses (openstack port list --fixed-ip ip-address=<address>).',
  subjects: ['dhcpv6-stateful', 'dhcpv6-stateful+none', 'none+dhcpv6-stateful', 'out-of-pool', 'duplicate'],
})
