// `ip -j addr show` (iproute2 JSON) → Interface[]. An entry or an address that cannot be read is
// left out and listed as unreadable, with its interface when it names one; the rest is kept.
import type { Address, Interface, Parsed, Unreadable } from '../facts.ts'
import { complaintOf, parseIpAddrText, textForm } from './ip-text.ts'
import { canonicalAddress, FOREVER, isRecord, parseJsonArray, quote, readInPart } from './util.ts'

const CMD = 'ip -j addr show'

// ip -j prints each address flag as a boolean key (verified on iproute2 6.1).
const FLAGS = ['tentative', 'dadfailed', 'deprecated', 'temporary', 'dynamic', 'noprefixroute', 'mngtmpaddr'] as const

const lifetime = (x: unknown): number => (typeof x === 'number' ? (x >= FOREVER ? Infinity : x) : Infinity)

/** An address, nothing for what we do not model, or why it cannot be read. */
function parseAddress(a: Record<string, unknown>): Address | undefined | { why: string } {
  // iproute2 prints {} for an address it filtered out, and we only model inet/inet6.
  if (a.family !== 'inet' && a.family !== 'inet6') return undefined
  const c = typeof a.local === 'string' ? canonicalAddress(a.local) : undefined
  if (!c || c.family !== a.family) return { why: `bad ${String(a.family)} address ${quote(String(a.local))}` }
  if (typeof a.prefixlen !== 'number') return { why: `${c.address} has no prefixlen` }
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

export function parseIpAddr(raw: string): Parsed<Interface[]> {
  // An ip without JSON: its text form follows (script.ts), read as such.
  const text = textForm(raw)
  if (text)
    return parseIpAddrText(
      text.text,
      `ip addr show (${text.busybox ? 'BusyBox ip: no -j' : `ip -j refused: ${complaintOf(text.complaint)}`})`,
    )
  const unreadable: Unreadable[] = []
  const bad = (entry: number, x: unknown, why: string, about?: string) =>
    unreadable.push({
      source: CMD,
      entry,
      excerpt: quote(JSON.stringify(x) ?? String(x)),
      why,
      ...(about !== undefined ? { about } : {}),
    })
  const ifaces = parseJsonArray(raw, CMD).flatMap((l, i): Interface[] => {
    if (!isRecord(l) || typeof l.ifname !== 'string' || typeof l.ifindex !== 'number') {
      bad(i, l, 'no ifname/ifindex', isRecord(l) && typeof l.ifname === 'string' ? l.ifname : undefined)
      return []
    }
    const name = l.ifname
    const addresses: Address[] = []
    for (const a of Array.isArray(l.addr_info) ? l.addr_info : []) {
      const got = isRecord(a) ? parseAddress(a) : { why: 'an address that is not an object' }
      if (got && 'why' in got) bad(i, a, `${name}: ${got.why}`, name)
      else if (got) addresses.push(got)
    }
    const iface: Interface = {
      name,
      index: l.ifindex,
      mtu: typeof l.mtu === 'number' ? l.mtu : 0,
      operstate: typeof l.operstate === 'string' ? l.operstate : 'UNKNOWN',
      flags: Array.isArray(l.flags) ? l.flags.map(String) : [],
      linkType: typeof l.link_type === 'string' ? l.link_type : 'none',
      addresses,
    }
    // "link" names the parent of a VLAN/macvlan; it is null for @NONE, absent for a veth whose peer is in another netns.
    if (typeof l.link === 'string') iface.link = l.link
    if (typeof l.address === 'string') iface.mac = l.address
    return [iface]
  })
  return readInPart(ifaces, unreadable, ifaces.length > 0)
}
