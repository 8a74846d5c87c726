// hosts.path: what the path between a host and its neighbours carries, measured on the wire.
import { PATH_MTU_BUDGET } from '../../observe/pathmtu-script.ts'
import { hostCheck } from '../define.ts'
import { pathPairs } from '../subjects.ts'

export const PATH_MTU = hostCheck({
  id: 'hosts.path.mtu',
  tags: [],
  title: "Full-size IPv6 packets reach the default router and the named peers, or a Packet Too Big says the path's MTU",
  why: `IPv6 routers never fragment: a packet too big for the next link is dropped and the sender told with an ICMPv6 Packet Too Big, which lowers its path MTU (RFC 8200 §5, RFC 8201). A switch or bridge port with a smaller MTU than the hosts (jumbo frames on the hosts but not on the switch), or a host on the link whose MTU is smaller, drops the frame without a word: small requests work and large answers hang, a path MTU blackhole; so does a firewall that drops Packet Too Big (RFC 4890 §4.3.1). Each pair is pinged with fragmentation forbidden (ping -6 -M do), twice at 1280 bytes (the IPv6 minimum MTU, which every link carries) and twice at the MTU of the host's interface that reaches the peer, under timeout 3 each, and no pair is started after ${PATH_MTU_BUDGET} s. An answer at 1280 alone, with no Packet Too Big, is a blackhole; no answer at 1280 means the peer is unreachable, which is reported as such, not as an MTU problem. The probes are active and opt-in: path_mtu in the targets file, on a target, a role or a host (docs/targets.md); true pings the default router, { peers: [...] } names peers on the same link too. BusyBox's ping has no -M: there the pair is not judged.`,
  fix: "Give every hop of the link the same MTU: the switch or bridge ports between the pair must carry the hosts' MTU (ip link set dev <port> mtu <n>, or the switch's jumbo-frame setting), or lower the host's interface to what the link carries (ip link set dev <if> mtu <n>, persisted in the network configuration); and let ICMPv6 Packet Too Big through every firewall on the way (hosts.firewall.icmpv6).",
  subjects: pathPairs,
})

/** The hosts.path checks, in report order: a new one is appended here. */
export const PATH_CHECKS = [PATH_MTU] as const
