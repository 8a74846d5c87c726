// `ping -6 -M do -n -c N -s SIZE ADDR` (iputils) → what came back. Pure. The lines read:
//   PING 2001:db8:52::b(2001:db8:52::b) 1452 data bytes
//   PING fe80::1(fe80::1) from :: eth0: 1232 data bytes                (-I eth0)
//   From 2001:db8:51::1 icmp_seq=1 Packet too big: mtu=1400        (a router's Packet Too Big)
//   ping: local error: message too long, mtu: 1400                 (the kernel's path MTU for the peer)
//   2 packets transmitted, 0 received, +2 errors, 100% packet loss, time 206ms
// recorded in test/fixtures/observe/path-mtu/capture.sh.

/** IPv6 header + ICMPv6 echo header: `-s 1232` sends a 1280-byte packet. */
export const PING6_OVERHEAD = 48

export interface PingResult {
  /** The packet's size on the wire (IPv6 header included). */
  size: number
  transmitted: number
  received: number
  /** A router's Packet Too Big: who sent it and the MTU it named. */
  tooBig?: { from: string; mtu: number }
  /** The kernel refused to send: the MTU it holds for the path (the interface's, or one a Packet Too Big taught it). */
  localMtu?: number
}

export function parsePing(text: string): PingResult | { error: string } {
  const head = /^PING \S+ (?:from \S+ \S+: )?(\d+) data bytes/m.exec(text)
  const stats = /^(\d+) packets transmitted, (\d+) received/m.exec(text)
  if (!head || !stats) return { error: `not ping's output: ${text.trim().split('\n')[0] ?? ''}` }
  const ptb = /^From (\S+) icmp_seq=\d+ Packet too big: mtu=(\d+)/m.exec(text)
  const local = /^ping: local error: message too long, mtu[:=] ?(\d+)/m.exec(text)
  return {
    size: Number(head[1]) + PING6_OVERHEAD,
    transmitted: Number(stats[1]),
    received: Number(stats[2]),
    ...(ptb ? { tooBig: { from: ptb[1] ?? '', mtu: Number(ptb[2]) } } : {}),
    ...(local ? { localMtu: Number(local[1]) } : {}),
  }
}
