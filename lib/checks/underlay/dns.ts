// underlay.dns: Names as the target's own resolvers answer them over IPv6.
import { names, resolvers } from '../subjects.ts'
import { underlayCheck } from '../define.ts'

export const DNS_AAAA = underlayCheck({
  id: 'underlay.dns.aaaa',
  tags: ['smoke'],
  title: 'Every checked name has an AAAA at every resolver',
  why: "A name without an AAAA cannot be reached by an IPv6-only client (RFC 3596 defines the AAAA record). Each of the target's resolvers is asked directly over IPv6, because clients use whichever one answers. An AAAA holding ::ffff:a.b.c.d is an IPv4 address in disguise and does not count (Internet.nl filters these out too).",
  fix: 'Add the AAAA record on the primary and check that every resolver serves it: dnsmasq host-record=<name>,<IPv6>; BIND <name>. IN AAAA <IPv6>; then dig @<resolver> <name> AAAA.',
  subjects: names,
})

export const DNS_NO_ORPHAN_A = underlayCheck({
  id: 'underlay.dns.no-orphan-a',
  tags: [],
  title: 'No A record leads clients to an address no host holds',
  why: 'A client that picks the A record (gethostbyname, a library that prefers IPv4, RFC 6724 §10.3) fails when the address is gone. Reported from an OpenStack Ocata IPv6 migration: an orphaned A record left from the dual-stack days made RabbitMQ try to bind an IPv4 address the host no longer had, and it would not start. On an IPv6-only target any A record is one; on a dual-stack target, one that no observed host holds.',
  fix: 'Delete the stale A record (or point it at the host that serves the name), and wait for its TTL before judging again.',
  subjects: names,
})

export const DNS_AAAA_SCOPE = underlayCheck({
  id: 'underlay.dns.aaaa-scope',
  tags: [],
  title: "AAAA records hold global addresses, or addresses in the target's own prefixes",
  why: 'A link-local AAAA needs a zone no DNS answer can carry, a ::ffff: one is IPv4, and 6to4 (2002::/16) or Teredo (2001::/32) addresses rank below IPv4 in the RFC 6724 policy table, so clients pick another address or fail. Documentation and ULA space are fine only where the target says they are its own (`prefixes`).',
  fix: "Publish the address the service is served on from a global prefix; if the prefix is really the target's own (a lab in 2001:db8::/32, a ULA), list it under `prefixes` in the targets file.",
  subjects: names,
})

export const DNS_RESOLVER_V6 = underlayCheck({
  id: 'underlay.dns.resolver-v6',
  tags: [],
  title: 'Each resolver answers over IPv6, on UDP and on TCP',
  why: 'Resolvers are queried over IPv6 only, as an IPv6-only client would. RFC 7766 makes DNS over TCP mandatory: an answer that does not fit in UDP (large RRsets, DNSSEC) is retried over TCP, and fails where TCP 53 is filtered. A resolver that REFUSEs every query has an ACL that leaves the runner out.',
  fix: 'Make the resolver listen on its IPv6 address (BIND listen-on-v6, Unbound interface:, dnsmasq listen-address) and open UDP and TCP 53 (ip6tables -I INPUT -p udp --dport 53 -j ACCEPT; the same with -p tcp); allow the runner in allow-query/access-control.',
  subjects: resolvers,
})

export const DNS_CONSISTENT = underlayCheck({
  id: 'underlay.dns.consistent',
  tags: [],
  title: 'All resolvers return the same AAAA set',
  why: 'Clients use whichever resolver answers first, so resolvers that disagree make the same name work from one host and fail from another. The usual cause is a secondary serving a stale zone (a missed NOTIFY, a failed transfer) or split-horizon views.',
  fix: 'Compare the SOA serial at each resolver (dig @<resolver> <zone> SOA); fix NOTIFY and zone transfers (AXFR/IXFR) from the primary, or make the views give the runner the same answer.',
  subjects: names,
})

export const DNS_REVERSE = underlayCheck({
  id: 'underlay.dns.reverse',
  tags: [],
  title: 'Every AAAA has a PTR that resolves back to it',
  why: 'RFC 1912 §2.1: every address should have a matching PTR. sshd with UseDNS, Kerberos, RabbitMQ clustering and log tooling look addresses up and compare the answer forward again (forward-confirmed reverse DNS). Judged only with dns.reverse: true.',
  fix: 'Add the PTR in the ip6.arpa zone (the nibble name, RFC 3596 §2.5) pointing at the forward name, whose AAAA holds the address; dnsmasq host-record=<name>,<IPv6> writes both.',
  subjects: (t) => (t.dns?.reverse ? names(t) : []),
})

/** The underlay.dns checks, in report order: a new one is appended here. */
export const DNS_CHECKS = [
  DNS_AAAA,
  DNS_NO_ORPHAN_A,
  DNS_AAAA_SCOPE,
  DNS_RESOLVER_V6,
  DNS_CONSISTENT,
  DNS_REVERSE,
] as const
