// hosts.sysctl: The kernel's effective IPv6 settings, per interface.
import { at, interfacesWhere, perInterface } from '../subjects.ts'
import { hostCheck } from '../define.ts'

export const SYSCTL_DISABLE_IPV6 = hostCheck({
  id: 'hosts.sysctl.disable-ipv6',
  tags: ['smoke'],
  title: 'IPv6 is enabled on every interface that may carry it',
  why: 'disable_ipv6=1 removes every IPv6 address and route from an interface. conf/all/disable_ipv6 means nothing when read (ip-sysctl.rst), so each interface is read on its own.',
  fix: 'sysctl -w net.ipv6.conf.<if>.disable_ipv6=0 and persist it in /etc/sysctl.d/; for an IPv4-only interface mark it `ipv6: forbidden` instead.',
  subjects: perInterface,
})

export const SYSCTL_ACCEPT_RA = hostCheck({
  id: 'hosts.sysctl.accept-ra',
  tags: [],
  title: 'Router advertisements are effectively accepted where expected',
  why: 'The kernel accepts RAs on an interface iff accept_ra == 2, or accept_ra == 1 and forwarding == 0 (ip-sysctl.rst). A host that turns forwarding on with accept_ra 1 silently stops SLAAC, and its RA-learned addresses and default route expire.',
  fix: 'On forwarding hosts that rely on RAs set net.ipv6.conf.<if>.accept_ra=2; where RAs must be ignored (static or IPv4-only interfaces) set accept_ra=0.',
  subjects: (h) => [
    ...interfacesWhere(h, (e) => e.accept_ra !== undefined || e.ipv6 === 'forbidden'),
    at(h, '* (interfaces holding RA-learned state)'),
  ],
})

export const SYSCTL_FORWARDING = hostCheck({
  id: 'hosts.sysctl.forwarding',
  tags: [],
  title: 'IPv6 forwarding matches the role',
  why: "Compute and router hosts route tenant traffic and need IPv6 forwarding (the OPNFV IPv6 project's release notes, Calico's IPv6 guide); other hosts should not route. The kernel forwards IPv6 packets when net.ipv6.conf.all.forwarding is 1, and writing it sets every interface's forwarding too (ip-sysctl.rst). A per-interface forwarding value does not forward anything: it picks that interface's host or router behaviour (RAs taken with accept_ra 1, redirects, the router flag in Neighbour Advertisements), which hosts.sysctl.accept-ra and hosts.sysctl.redirects judge; an interface with forwarding 0 on a forwarding host is no finding here. Linux 6.17's per-interface force_forwarding forwards what arrives on that interface whatever all.forwarding says, so a host that must not route needs it at 0.",
  fix: "sysctl -w net.ipv6.conf.all.forwarding=<0|1> and persist it in /etc/sysctl.d/ (it resets every interface's forwarding, and 0 clears force_forwarding); where a forwarding interface must keep taking RAs, set its accept_ra to 2.",
  subjects: (h) => (h.forwarding === undefined ? [] : [h.name]),
})

export const SYSCTL_REDIRECTS = hostCheck({
  id: 'hosts.sysctl.redirects',
  tags: ['security'],
  title: 'Interfaces with a global address ignore ICMPv6 redirects',
  why: "A host accepts redirects iff accept_redirects == 1 and forwarding == 0 (ip-sysctl.rst); a redirect from any on-link node can steer traffic through it (the man-in-the-middle risk Cloud Foundry's BOSH IPv6 notes warn of).",
  fix: 'sysctl -w net.ipv6.conf.<if>.accept_redirects=0 and net.ipv6.conf.default.accept_redirects=0, persisted in /etc/sysctl.d/.',
  subjects: perInterface,
})

export const SYSCTL_EXPECTED = hostCheck({
  id: 'hosts.sysctl.expected',
  tags: [],
  title: 'Every sysctl named in the targets file has its value',
  why: 'Goss-style kernel-param expectations, compared as numbers where both sides are numbers. VLAN interfaces (eth0.100) are read by path, so the dot in their name cannot be misread.',
  fix: 'Set the value with sysctl -w and persist it in /etc/sysctl.d/ (use the / separator for interface names that contain a dot).',
  subjects: (h) => Object.keys(h.sysctl).map((k) => at(h, k)),
})

/** The hosts.sysctl checks, in report order: a new one is appended here. */
export const SYSCTL_CHECKS = [
  SYSCTL_DISABLE_IPV6,
  SYSCTL_ACCEPT_RA,
  SYSCTL_FORWARDING,
  SYSCTL_REDIRECTS,
  SYSCTL_EXPECTED,
] as const
