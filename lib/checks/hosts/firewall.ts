// hosts.firewall: what the host's packet filter does to the ICMPv6 that IPv6 needs.
import { hostCheck } from '../define.ts'
import { theHost } from '../subjects.ts'

export const FIREWALL_ICMPV6 = hostCheck({
  id: 'hosts.firewall.icmpv6',
  tags: [],
  title: "The host's firewall lets through the ICMPv6 that IPv6 needs",
  why: 'RFC 4890 lists the ICMPv6 a firewall must not drop. Addressed to the host (§4.4.1) and, on a host that forwards, in transit (§4.3.1): Destination Unreachable (1), Packet Too Big (2), Time Exceeded (3) and Parameter Problem (4); drop Packet Too Big and path MTU discovery blackholes (RFC 8201): small requests work and large answers hang. Addressed to the host from link-local sources (§4.4.1): Router Solicitation and Advertisement, Neighbour Solicitation and Advertisement (133-136) and MLD (130, 131, 132, 143); drop them and neighbours, routers and multicast listeners come and go. Redirect (137) is a policy choice (§4.4.4) and is not judged. Both ip6tables-save -t filter and nft -j list ruleset are read and judged as the kernel applies them: every base chain on prerouting and input (forward for transit) in every inet and ip6 table, in priority order, must accept, so an accept in one table does not undo a drop in another; rule order, jumps, gotos and returns, chain policies, verdict maps and named sets. A stateful firewall that accepts ct state related passes errors about the flows it tracks (conntrack makes them RELATED), but neighbour discovery and MLD are never tracked and need rules of their own. A rule whose match cannot be decided for such a packet (an xtables match nft does not show, a mark, a rate limit) is named, and the check is not judged rather than guessed; an iptables-nft table is judged from ip6tables-save, where its matches are readable. Reading the rules needs root (ssh.become: sudo, docs/ssh.md).',
  fix: "Insert accept rules before the rule (or policy) that drops: nft insert rule <family> <table> <chain> icmpv6 type { destination-unreachable, packet-too-big, time-exceeded, parameter-problem } accept, icmpv6 type { nd-router-solicit, nd-router-advert, nd-neighbor-solicit, nd-neighbor-advert } ip6 hoplimit 255 accept, ip6 saddr fe80::/10 icmpv6 type { mld-listener-query, mld-listener-report, mld-listener-done, mld2-listener-report } accept; with ip6tables, ip6tables -I <chain> -p ipv6-icmp --icmpv6-type <type> -j ACCEPT for each type (ND with -m hl --hl-eq 255, MLD with -s fe80::/10). Then keep them where the rules are kept (/etc/nftables.conf, /etc/ufw/before6.rules, the firewall manager's own configuration).",
  subjects: theHost,
})

/** The hosts.firewall checks, in report order: a new one is appended here. */
export const FIREWALL_CHECKS = [FIREWALL_ICMPV6] as const
