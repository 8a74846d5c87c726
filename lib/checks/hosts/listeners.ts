// hosts.listeners: Listening sockets, judged with v6only semantics, and a real connect over AF_INET6.
import { expectedPorts, listened } from '../subjects.ts'
import { hostCheck } from '../define.ts'

export const LISTENERS_IPV6 = hostCheck({
  id: 'hosts.listeners.ipv6',
  tags: ['smoke'],
  title: 'Expected listeners accept IPv6',
  why: 'A service bound to 0.0.0.0 is IPv4-only, and ::ffff:a.b.c.d is an IPv4 address in IPv6 notation (an Ocata IPv6 migration changed "0.0.0.0 to ::" throughout).',
  fix: 'Bind the service to :: (or its IPv6 address) instead of 0.0.0.0.',
  subjects: listened,
})

export const LISTENERS_DUAL_STACK = hostCheck({
  id: 'hosts.listeners.dual-stack',
  tags: [],
  title: 'On dual-stack targets, expected listeners accept IPv4 too',
  why: 'A [::] socket takes IPv4 through v4-mapped addresses unless it is v6only (ss -e v6only:1, defaulting to net.ipv6.bindv6only; RFC 3493 §5.3). Peers that ignore this (Goss #149) report the wrong answer.',
  fix: 'Add an IPv4 socket beside the v6only one, or bind [::] with IPV6_V6ONLY=0.',
  subjects: (h) => (h.stack === 'dual-stack' ? listened(h) : []),
})

export const LISTENERS_REACHABLE = hostCheck({
  id: 'hosts.listeners.reachable',
  tags: [],
  title: 'Named listeners answer a TCP connect over IPv6 from the runner',
  why: 'A listener can be bound right and still be filtered; only a real connect over AF_INET6, with the socket family recorded, shows that binds and firewalls agree (docs/design.md: never a silent IPv4 fallback).',
  fix: 'Open the port for IPv6 in ip6tables/nftables or the security group, and check the bind address.',
  subjects: expectedPorts,
})

/** The hosts.listeners checks, in report order: a new one is appended here. */
export const LISTENERS_CHECKS = [LISTENERS_IPV6, LISTENERS_DUAL_STACK, LISTENERS_REACHABLE] as const
