// `ip -j addr show` (iproute2 JSON) → Interface[].
import type { Address, Interface } from '../facts.ts'
import { canonicalAddress, excerpt, FOREVER, isRecord, parseJsonArray } from './util.ts'

const CMD = 'ip -j addr show'

// ip -j prints each address flag as a boolean key (verified on iproute2 6.1).
const FLAGS = ['tentative', 'dadfailed', 'deprecated', 'temporary', 'dynamic', 'noprefixroute', 'mngtmpaddr'] as const

const lifetime = (x: unknown): number => (typeof x === 'number' ? (x >= FOREVER ? Infinity : x) : Infinity)

function parseAddress(a: Record<string, unknown>, where: string): Address | undefined {
  // iproute2 prints {} for an address it filtered out, and we only model inet/inet6.
  if (a.family !== 'inet' && a.family !== 'inet6') return undefined
  const c = typeof a.local === 'string' ? canonicalAddress(a.local) : undefined
  if (!c || c.family !== a.family) throw new Error(`${CMD}: ${where}: bad ${String(a.family)} address ${JSON.stringify(a.local)}`)
  if (typeof a.prefixlen !== 'number') throw new Error(`${CMD}: ${where}: ${c.address} has no prefixlen`)
  const flags = Object.fromEntries(FLAGS.map((f) => [f, a[f] === true])) as Record<(typeof FLAGS)[number], boolean>
  return {
    family: c.family,
    address: c.address,
    prefixlen: a.prefixlen,
    scope: String(a.scope ?? 'global'),
    ...flags,
    ...(typeof a.protocol === 'string' ? { protocol: a.protocol } : {}),
    validLft: lifetime(a.valid_life_time),
    preferredLft: lifetime(a.preferred_life_time),
  }
}

export function parseIpAddr(raw: string): Interface[] {
  return parseJsonArray(raw, CMD).map((l, i) => {
    if (!isRecord(l) || typeof l.ifname !== 'string' || typeof l.ifindex !== 'number')
      throw new Error(`${CMD}: entry ${i} has no ifname/ifindex: ${excerpt(JSON.stringify(l))}`)
    const name = l.ifname
    const addrs = Array.isArray(l.addr_info) ? l.addr_info : []
    const iface: Interface = {
      name,
      index: l.ifindex,
      mtu: typeof l.mtu === 'number' ? l.mtu : 0,
      operstate: typeof l.operstate === 'string' ? l.operstate : 'UNKNOWN',
      flags: Array.isArray(l.flags) ? l.flags.map(String) : [],
      linkType: typeof l.link_type === 'string' ? l.link_type : 'none',
      addresses: addrs.flatMap((a) => (isRecord(a) ? (parseAddress(a, name) ?? []) : [])),
    }
    // "link" names the parent of a VLAN/macvlan; it is null for @NONE, absent for a veth whose peer is in another netns.
    if (typeof l.link === 'string') iface.link = l.link
    if (typeof l.address === 'string') iface.mac = l.address
    return iface
  })
}
