// Host firewalls (hosts.firewall.icmpv6): nftables rule sets loaded into a host's namespace, where
// they filter only that host. The fault drops Packet Too Big, which blackholes path MTU discovery
// (RFC 4890 §4.3.1); the trap is a default-drop stateful firewall that still lets through all the
// ICMPv6 RFC 4890 says must pass: errors as RELATED, neighbour discovery with hop limit 255, MLD
// from link-local sources. It also accepts TCP, UDP and IPv4, so the other checks see the host as
// they would without it.
import type { FaultSet } from './faults.ts'
import { ns } from './plan.ts'
import { inNs } from './proc.ts'

/** The host whose input chain drops Packet Too Big (fault `ptb-dropped`). */
export const PTB_DROP_HOST = 'vm3'
/** The host with the clean default-drop firewall, in every lab. */
export const STATEFUL_TRAP_HOST = 'vm6'

const PTB_DROP = `table inet v6lab_fault {
	chain input {
		type filter hook input priority filter; policy accept;
		icmpv6 type packet-too-big drop
	}
}
`

const STATEFUL_TRAP = `table inet v6lab_trap {
	chain input {
		type filter hook input priority filter; policy drop;
		ct state established,related accept
		ct state invalid drop
		iifname "lo" accept
		icmpv6 type { nd-router-solicit, nd-router-advert, nd-neighbor-solicit, nd-neighbor-advert } ip6 hoplimit 255 accept
		ip6 saddr fe80::/10 icmpv6 type { mld-listener-query, mld-listener-report, mld-listener-done, mld2-listener-report } accept
		icmpv6 type echo-request accept
		meta l4proto { tcp, udp } accept
		meta nfproto ipv4 accept
	}
}
`

export async function loadFirewalls(faults: FaultSet): Promise<void> {
  await inNs(ns(STATEFUL_TRAP_HOST), 'nft', ['-f', '-'], { input: STATEFUL_TRAP })
  if (faults.has('ptb-dropped')) await inNs(ns(PTB_DROP_HOST), 'nft', ['-f', '-'], { input: PTB_DROP })
}
