// hosts.resolver: The host's own resolver configuration.
import { hostCheck } from '../define.ts'
import { theHost } from '../subjects.ts'

export const RESOLVER_V6_NAMESERVER = hostCheck({
  id: 'hosts.resolver.v6-nameserver',
  tags: ['smoke'],
  title: 'On IPv6-only targets, resolv.conf holds an IPv6 nameserver',
  why: 'An IPv6-only host cannot reach an IPv4 resolver, so every lookup times out.',
  fix: 'Add `nameserver <IPv6 address>` to resolv.conf (or the DHCPv6/RA RDNSS configuration that writes it).',
  subjects: (h) => (h.stack === 'ipv6-only' ? [h.name] : []),
})

export const RESOLVER_GAI_PRECEDENCE = hostCheck({
  id: 'hosts.resolver.gai-precedence',
  tags: [],
  title: 'gai.conf does not make IPv4 win address selection',
  why: 'glibc sorts getaddrinfo() results by the gai.conf policy table; `precedence ::ffff:0:0/96 100` puts IPv4 first, and any precedence line replaces the whole default table (gai.conf(5), RFC 6724 §2.1), so a partial table silently drops the defaults.',
  fix: 'Remove the precedence lines from /etc/gai.conf, or write the full RFC 6724 table with ::/0 above ::ffff:0:0/96.',
  subjects: theHost,
})

/** The hosts.resolver checks, in report order: a new one is appended here. */
export const RESOLVER_CHECKS = [RESOLVER_V6_NAMESERVER, RESOLVER_GAI_PRECEDENCE] as const
