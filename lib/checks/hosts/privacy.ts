// hosts.privacy: How a guest makes its addresses.
import { byMode } from '../subjects.ts'
import { hostCheck } from '../define.ts'

export const PRIVACY_ADDR_GEN = hostCheck({
  id: 'hosts.privacy.addr-gen',
  tags: [],
  title: "The guest's addresses are the ones Neutron's port security allows",
  why: "On slaac and dhcpv6-stateless subnets Neutron gives a port the modified EUI-64 of its MAC (RFC 4291 App. A) and port security drops every other source. addr_gen_mode 2 or 3 (RFC 7217 stable privacy, NetworkManager's default) makes another address, and use_tempaddr > 0 adds RFC 4941 temporary addresses (ip-sysctl.rst; Tempest's scenario test_network_v6 fails on such guests). On dhcpv6-stateful subnets DHCPv6 gives the address, so only temporary addresses are judged. Each interface is judged by its own address_mode (the host's is the default): a static interface must hold the fixed address Nova gives its MAC in network_data.json (read from the config drive, else the metadata service), and none is not judged. NetworkManager and systemd-networkd make SLAAC addresses themselves, so the profile decides there: NetworkManager's ipv6.addr-gen-mode from its keyfile or ifcfg file (IPV6_ADDR_GEN_MODE), where an unset value means default-or-eui64, and default falls back to NetworkManager.conf's ipv6.addr-gen-mode, else stable-privacy (profiles NetworkManager itself creates).",
  fix: 'sysctl -w net.ipv6.conf.<if>.addr_gen_mode=0 and use_tempaddr=0 (persisted), or with NetworkManager nmcli connection modify <conn> ipv6.addr-gen-mode eui64 ipv6.ip6-privacy 0; then bounce the interface so the addresses are made again.',
  subjects: (h) => byMode(h, (m) => m !== 'none'),
})

/** The hosts.privacy checks, in report order: a new one is appended here. */
export const PRIVACY_CHECKS = [PRIVACY_ADDR_GEN] as const
