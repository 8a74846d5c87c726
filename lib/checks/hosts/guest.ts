// hosts.guest: DHCPv6 and Router Advertisements on guests.
import { byMode } from '../subjects.ts'
import { hostCheck } from '../define.ts'

export const GUEST_DHCPV6_CLIENT = hostCheck({
  id: 'hosts.guest.dhcpv6-client',
  tags: [],
  title: 'Guests on DHCPv6 networks ask DHCPv6 on every IPv6 interface, and hold their lease',
  why: "On a dhcpv6-stateful subnet the RA carries M=1 and no autonomous prefix (Neutron's radvd configuration for the mode), so a guest that only does SLAAC gets no global address at all; on dhcpv6-stateless it gets its address but not its DNS servers and options. Images often ship SLAAC-only configurations (image builders report enabling DHCPv6 on first boot, and Calico's IPv6 guide asks for a DHCPv6 request on every interface). The configuration is read from ifupdown (inet6 dhcp; inet6 auto with dhcp 1), netplan (dhcp6, and its renderer: with NetworkManager an unset dhcp6 becomes ipv6.method=ignore), NetworkManager keyfiles (ipv6.method auto follows the RA's M/O flags, dhcp is DHCPv6 only, ignore leaves SLAAC to the kernel), systemd-networkd (which starts DHCPv6 itself when the RA sets M or O, unless [IPv6AcceptRA] DHCPv6Client=no; without RAs only DHCP=ipv6 with [DHCPv6] WithoutRA= starts it, and UseAddress=no takes no address; only the first matching .network file applies) and RHEL's ifcfg files with /etc/sysconfig/network (read by initscripts with NM_CONTROLLED=no or without NetworkManager: DHCPV6C=yes runs dhclient -6, -S in DHCPV6C_OPTIONS for options only; otherwise by NetworkManager's ifcfg-rh: IPV6INIT unset means ipv6.method ignore, IPV6_AUTOCONF=yes auto, DHCPV6C=yes alone dhcp). A stateful guest must also hold the leased address: a global, non-SLAAC address with the lease's lifetime, checked against dhclient's lease file when there is one.",
  fix: "ifupdown: iface <if> inet6 dhcp (stateless: dhcp 1 under inet6 auto); netplan: dhcp6: true, then netplan apply; NetworkManager: nmcli connection modify <conn> ipv6.method auto (or dhcp); systemd-networkd: [Network] DHCP=ipv6 (or yes) without DHCPv6Client=no; ifcfg: DHCPV6C=yes (stateless: DHCPV6C_OPTIONS=-S) with initscripts, IPV6INIT=yes and IPV6_AUTOCONF=yes with NetworkManager. Files written by cloud-init are rewritten at boot: fix the image or the subnet mode. If the client asks and gets no lease, check the subnet's DHCPv6 server (Neutron's DHCP agent) and that the RA says M=1.",
  subjects: (h) => byMode(h, (m) => m === 'dhcpv6-stateful' || m === 'dhcpv6-stateless'),
})

export const GUEST_RA_SOLICIT = hostCheck({
  id: 'hosts.guest.ra-solicit',
  tags: [],
  title: 'Guests on SLAAC networks take RAs, solicit them, and route by them',
  why: "On slaac and dhcpv6-stateless subnets the guest's address and default route come from Router Advertisements (RFC 4861, RFC 4862). The kernel takes RAs only with accept_ra 2, or 1 while not forwarding (ip-sysctl.rst); systemd-networkd and NetworkManager take them in user space and set accept_ra to 0 on purpose, so their configuration (IPv6AcceptRA, ipv6.method, or an ifcfg file's IPV6_AUTOCONF read by NetworkManager) decides there; with initscripts, IPV6_AUTOCONF and IPV6_FORCE_ACCEPT_RA set accept_ra. Only slaac and dhcpv6-stateless interfaces are judged (each interface's address_mode, the host's as the default): a static or stateful one takes no address from RAs. BusyBox's ip prints no route protocol, so where it is the host's ip the RA-learned route cannot be told and the check is skipped saying so. A guest with router_solicitations 0 sends no Router Solicitation and waits up to MaxRtrAdvInterval for an unsolicited RA after boot (Calico's IPv6 guide tunes the router solicitation delay; -1 means unlimited). The default route must be the one learned from the RA (proto ra), not a static guess; accept_ra_defrtr 0 takes RAs without it.",
  fix: "sysctl -w net.ipv6.conf.<if>.accept_ra=1 (2 if the guest forwards), router_solicitations=-1 (or 3) and accept_ra_defrtr=1, persisted in /etc/sysctl.d; netplan accept-ra: true; NetworkManager ipv6.method auto; systemd-networkd IPv6AcceptRA=yes. Remove static IPv6 default routes; if none is learned, check that the subnet's router sends RAs with a router lifetime.",
  subjects: (h) => byMode(h, (m) => m === 'slaac' || m === 'dhcpv6-stateless'),
})

/** The hosts.guest checks, in report order: a new one is appended here. */
export const GUEST_CHECKS = [GUEST_DHCPV6_CLIENT, GUEST_RA_SOLICIT] as const
