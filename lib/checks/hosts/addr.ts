// hosts.addr: The addresses a host holds, and those it must not.
import { hostCheck } from '../define.ts'
import { interfacesWhere, perInterface } from '../subjects.ts'

export const ADDR_REQUIRED = hostCheck({
  id: 'hosts.addr.required',
  tags: ['smoke'],
  title: 'Expected IPv6 addresses are on their interfaces and usable',
  why: 'A tentative address is not yet usable, a dadfailed one is a duplicate on the link, and a deprecated one is not chosen for new connections (RFC 4862 §5.5.4).',
  fix: 'Configure the address on the interface (netplan, ifupdown or NetworkManager); for dadfailed find the other node holding it.',
  subjects: (h) => interfacesWhere(h, (e) => e.ipv6 === 'required' || e.addresses.length > 0),
})

export const ADDR_FORBIDDEN = hostCheck({
  id: 'hosts.addr.forbidden',
  tags: ['security'],
  title: 'No global IPv6 appears on an IPv4-only interface',
  why: "An interface left with accept_ra on takes a SLAAC address from any router that speaks on the link (the SLAAC leak Cloud Foundry's BOSH IPv6 notes describe).",
  fix: 'Set net.ipv6.conf.<if>.accept_ra=0 and autoconf=0 (or disable_ipv6=1) and remove the leaked address.',
  subjects: (h) => interfacesWhere(h, (e) => e.ipv6 === 'forbidden'),
})

export const ADDR_DAD = hostCheck({
  id: 'hosts.addr.dad',
  tags: [],
  title: 'No address failed duplicate address detection',
  why: 'A dadfailed address is held by another node on the link; the kernel keeps it but never uses it (RFC 4862 §5.4.5).',
  fix: 'Find the node that holds the same address (ip -6 neigh, switch tables) and give one of them another address.',
  subjects: perInterface,
})

export const ADDR_LINK_LOCAL = hostCheck({
  id: 'hosts.addr.link-local',
  tags: [],
  title: 'Every IPv6 interface has a link-local address',
  why: 'Neighbour discovery, RAs and the metadata service at fe80::a9fe:a9fe all need a link-local address (RFC 4291 §2.1); addr_gen_mode 1 creates none.',
  fix: 'Set net.ipv6.conf.<if>.addr_gen_mode to 0 (EUI-64) or 2/3 (stable privacy), then toggle the link or disable_ipv6 to regenerate it.',
  subjects: perInterface,
})

/** The hosts.addr checks, in report order: a new one is appended here. */
export const ADDR_CHECKS = [ADDR_REQUIRED, ADDR_FORBIDDEN, ADDR_DAD, ADDR_LINK_LOCAL] as const
