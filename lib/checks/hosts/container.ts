// hosts.container: Docker's IPv6 on container hosts.
import { at, containerHost } from '../subjects.ts'
import { hostCheck } from '../define.ts'

export const CONTAINER_DAEMON_IPV6 = hostCheck({
  id: 'hosts.container.daemon-ipv6',
  tags: [],
  title: "Docker's daemon.json turns IPv6 on with a container prefix",
  why: 'Docker gives containers IPv6 only when daemon.json sets "ipv6": true; before Docker Engine 28.0 the default bridge also needs a "fixed-cidr-v6" (the OPNFV IPv6 project\'s container notes), and from 28.0 it takes a subnet from "default-address-pools" without one (moby/moby#48319). The release is read with `dockerd --version`. Without these, containers are IPv4-only however the host is set up.',
  fix: 'Set {"ipv6": true, "fixed-cidr-v6": "<prefix>/80"} in /etc/docker/daemon.json and restart dockerd.',
  subjects: containerHost,
})

export const CONTAINER_CIDR = hostCheck({
  id: 'hosts.container.cidr',
  tags: [],
  title: 'The container prefix is at least a /80 and fits the host',
  why: "Docker puts a container's 48-bit MAC in the last 48 bits of its IPv6 address, so fixed-cidr-v6 may be at most 128 - 48 = 80 bits long (the OPNFV IPv6 notes: at least a /80, so addresses end with the MAC and NDP neighbour caches are not invalidated); a /96 leaves 32. In routed mode the prefix must overlap no on-link prefix of the host's other interfaces (the docker bridge, which holds the prefix's gateway, aside), or the router on that link asks for the containers by Neighbor Solicitation instead of routing to the host; in ndp-proxy mode it must sit inside the uplink's on-link prefix, which is what the proxy answers for.",
  fix: 'Give fixed-cidr-v6 a /80 (or shorter): routed, a prefix routed to this host and used nowhere else; ndp-proxy, a /80 inside the uplink /64. Restart dockerd.',
  subjects: containerHost,
})

export const CONTAINER_NO_NAT66 = hostCheck({
  id: 'hosts.container.no-nat66',
  tags: [],
  title: 'No IPv6 NAT on the container host',
  why: 'IPv6 has addresses enough for every container: NAT66 (ip6tables MASQUERADE/SNAT, or masquerade/snat of IPv6 in an nft ip6 or inet table) hides containers behind the host, breaks end-to-end reachability and inbound connections, and is what the OPNFV IPv6 notes recommend against. Both ip6tables-save and nft are read; an iptables-nft rule shows in both and is reported once per host. Legacy ip6tables rules show in neither, so when ip6tables-save warns of legacy tables the check is not judged. Route the container prefix, or proxy NDP for it.',
  fix: 'Remove the rule (ip6tables -t nat -D POSTROUTING <rule>, or nft delete rule ip6 nat <chain> handle <n>); for Docker set "ip6tables": false or drop "ipv6nat"/"experimental" NAT, and route the container prefix to the host.',
  subjects: containerHost,
})

export const CONTAINER_NDP_PROXY = hostCheck({
  id: 'hosts.container.ndp-proxy',
  tags: [],
  title: 'Containers sharing the uplink prefix are answered for by NDP proxy',
  why: "When containers take addresses from the uplink's own /64 (Docker's ndp-proxy setup in the OPNFV IPv6 notes), the router on the link asks for them by Neighbor Solicitation, and only the host can answer. The kernel answers for an address not its own only when the uplink forwards, proxy_ndp is set on the uplink or in all, and a proxy neighbour entry for that address exists on the uplink (net/ipv6/ndisc.c, ndisc_recv_ns). Containers are the neighbour entries inside fixed-cidr-v6 on the docker bridge; one without a proxy entry is unreachable from outside the host.",
  fix: 'sysctl -w net.ipv6.conf.<uplink>.forwarding=1 and net.ipv6.conf.<uplink>.proxy_ndp=1 (persisted), and ip -6 neigh add proxy <container address> dev <uplink> for each container (ndppd can maintain them).',
  subjects: (h) => (h.containers?.mode === 'ndp-proxy' ? [at(h, '* (the uplink)')] : []),
})

/** The hosts.container checks, in report order: a new one is appended here. */
export const CONTAINER_CHECKS = [
  CONTAINER_DAEMON_IPV6,
  CONTAINER_CIDR,
  CONTAINER_NO_NAT66,
  CONTAINER_NDP_PROXY,
] as const
