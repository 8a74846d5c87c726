// overlay.subnet: IPv6 subnets and their modes.
import { overlayCheck } from '../define.ts'
import { ALL_PAIRS, pairIsValid, pairSubject } from './modes.ts'

const pairs = (valid: boolean) => ALL_PAIRS.filter((p) => pairIsValid(p) === valid).map(pairSubject)

export const SUBNET_MODES = overlayCheck({
  id: 'overlay.subnet.modes',
  tags: ['smoke'],
  title: 'Subnets are accepted in every valid (ipv6_ra_mode, ipv6_address_mode) pair, with both echoed',
  why: "Neutron offers slaac, dhcpv6-stateless and dhcpv6-stateful (RFC 4862 SLAAC; RFC 8415 DHCPv6 with and without addresses), set by two attributes: the RA mode (radvd) and the address mode (dnsmasq). Equal values, or one of them unset, are valid (Neutron's _validate_ipv6_combination; Tempest NetworksIpV6TestAttrs.test_create_delete_subnet_with_v6_attributes_{slaac,stateless,stateful}, NetworksTestDHCPv6.test_dhcp_stateful). An auto-address subnet can be deleted while ports hold its addresses, and the network then still refuses deletion (test_create_delete_{slaac,stateless}_subnet_with_ports).",
  fix: "If a mode is refused by policy, allow it for tenants (or waive the subject where the cloud deliberately offers fewer modes); if the attributes come back empty, the ML2 mechanism driver or plugin ignores them: check neutron-server's log and the driver's IPv6 support.",
  subjects: ['slaac', 'dhcpv6-stateless', 'dhcpv6-stateful', ...pairs(true).filter((s) => s.includes('+')), 'none'],
})

export const SUBNET_INVALID_MODES = overlayCheck({
  id: 'overlay.subnet.invalid-modes',
  tags: [],
  title: 'Every mismatched (ipv6_ra_mode, ipv6_address_mode) pair is refused with 400',
  why: "If both attributes are set they must be equal (db_base_plugin_v2 _validate_ipv6_combination): a router advertising SLAAC while DHCPv6 hands out addresses gives guests two contradicting answers (RFC 4861 §4.2 M and O flags). Tempest's test_dhcpv6_invalid_options tries the six pairs in one loop; here each pair is its own test, so one accepted pair doesn't hide the others.",
  fix: "Neutron (or a plugin in front of it) accepted an inconsistent subnet: upgrade or fix the plugin's validation, and delete such subnets (openstack subnet list --ipv6-ra-mode/--ipv6-address-mode).",
  subjects: pairs(false),
})

export const SUBNET_GATEWAY = overlayCheck({
  id: 'overlay.subnet.gateway',
  tags: [],
  title:
    'The default gateway lies inside the subnet and is never handed to a port; an explicit gateway is honoured and a router interface takes it',
  why: "Guests route through the subnet's gateway, so a gateway outside the subnet or given to a VM breaks every guest's default route. Neutron's IPv6 default is the subnet-router anycast address (RFC 4291 §2.6.1: the subnet's first address, prefix::, as measured on Neutron 21), which pools must leave out. Tempest's test_create_delete_subnet_with_default_gw always sends ::1 itself, so it never sees Neutron's default; test_create_delete_subnet_with_gw asks for prefix::2, and test_dhcp_stateful_router expects the router interface to take the gateway.",
  fix: 'Set gateway_ip inside the subnet and keep it out of the allocation pools (openstack subnet set --gateway <address> and --allocation-pool start=,end=); a port holding the gateway address must be deleted or moved.',
  subjects: ['default', 'explicit'],
})
