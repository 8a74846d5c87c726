// overlay.secgroup: IPv6 security group rules.
import { overlayCheck } from '../define.ts'

export const SECGROUP_IPV6_RULES = overlayCheck({
  id: 'overlay.secgroup.ipv6-rules',
  tags: [],
  title: 'IPv6 security group rules are created as asked; a prefix of the other family is refused',
  why: "Without ICMPv6 (ipv6-icmp) neighbour discovery, RAs and path MTU discovery break (RFC 4890); rules must keep ethertype IPv6 and ::/0. A new group must let IPv6 out as it does IPv4. Tempest's SecGroupIPv6Test (test_create_list_update_show_delete_security_group, test_create_show_delete_security_group_rule, test_create_security_group_rule_with_icmp_type_code with protocol ipv6-icmp, test_list_security_groups) and NegativeSecGroupIPv6Test.test_create_security_group_rule_wrong_ip_prefix_version.",
  fix: 'Use ethertype IPv6 with IPv6 prefixes and protocol ipv6-icmp (openstack security group rule create --ethertype IPv6 --protocol ipv6-icmp <group>); if the default groups lack the IPv6 egress rule, restore it in the default security group rules.',
  subjects: ['group', 'ipv6-icmp', 'icmpv6-echo-request', 'tcp-22', 'v4-prefix-with-ipv6', 'v6-prefix-with-ipv4'],
})
