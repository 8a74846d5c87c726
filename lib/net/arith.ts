// Addresses as numbers, for carving prefixes and testing ranges (allocation pools are ranges,
// not prefixes). Text is parsed with the strict parsers of addr.ts (ip-num's own accepts zones
// and prints no RFC 5952 text); prefixes and ranges are ip-num's IPv6CidrRange, IPv4CidrRange
// and RangedSet. IPv6 out in RFC 5952 form, from ipaddr.js. docs/performance.md, "ip-num".
import { IPv4, IPv4CidrRange, IPv6, IPv6CidrRange, RangedSet } from 'ip-num'
import { canonicalIPv6, expandIPv6, isIPv4, parseCidr, type Cidr } from './addr.ts'

/** The address as an integer (zone ignored), or undefined when it is neither strict IPv4 nor IPv6. */
export function addressValue(text: string): { family: 4 | 6; value: bigint } | undefined {
  if (isIPv4(text)) return { family: 4, value: text.split('.').reduce((acc, o) => (acc << 8n) | BigInt(o), 0n) }
  const x = expandIPv6(text.replace(/%.*$/, ''))
  return x === undefined ? undefined : { family: 6, value: BigInt(`0x${x.replaceAll(':', '')}`) }
}

/** The integer back as text: dotted quad, or RFC 5952 IPv6 (via addr.ts, one formatter). */
export function addressText(family: 4 | 6, value: bigint): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 0xffn)).join('.')
  const groups = Array.from({ length: 8 }, (_, i) => ((value >> BigInt(112 - 16 * i)) & 0xffffn).toString(16))
  return canonicalIPv6(groups.join(':')) ?? groups.join(':')
}

/** `address + n`, in the same family; undefined when it leaves the address space. */
export function offsetAddress(address: string, n: bigint): string | undefined {
  const a = addressValue(address)
  if (!a) return undefined
  const v = a.value + n
  return v < 0n || v >= 1n << (a.family === 4 ? 32n : 128n) ? undefined : addressText(a.family, v)
}

const ipOf = (family: 4 | 6, value: bigint) => (family === 4 ? IPv4.fromNumber(value) : IPv6.fromBigInt(value))

/** start ≤ address ≤ end, all of one family (an allocation pool); a pool whose start is past its end holds nothing. */
export function inRange(address: string, start: string, end: string): boolean {
  const [a, s, e] = [address, start, end].map(addressValue)
  if (!a || !s || !e || a.family !== s.family || s.family !== e.family || s.value > e.value) return false
  const at = ipOf(a.family, a.value)
  return new RangedSet(ipOf(s.family, s.value), ipOf(e.family, e.value)).contains(new RangedSet(at, at))
}

/** ip-num's range of a strictly parsed prefix: host bits cleared, as fromCidr does. */
function rangeOf(c: Cidr): IPv4CidrRange | IPv6CidrRange {
  const text = `${c.family === 6 ? (expandIPv6(c.address) ?? c.address) : c.address}/${c.prefixlen}`
  return c.family === 4 ? IPv4CidrRange.fromCidr(text) : IPv6CidrRange.fromCidr(text)
}

interface Bounds {
  family: 4 | 6
  /** The prefix's first and last address, from ip-num's range. */
  first: bigint
  last: bigint
}

// ip-num computes a range's bounds from its text once; comparing them is then two BigInt
// comparisons. Its own contains() and isOverlapping() work on binary strings and cost ~190 µs a
// call here (docs/performance.md, "ip-num"), and the container judges compare the same few
// prefixes of a host again and again: each text is parsed once.
const PARSED = new Map<string, Bounds | null>()
const MAX_PARSED = 4096

function bounds(text: string): Bounds | undefined {
  let b = PARSED.get(text)
  if (b === undefined) {
    const c = parseCidr(text)
    const r = c && rangeOf(c)
    b = c && r ? { family: c.family, first: r.getFirst().getValue(), last: r.getLast().getValue() } : null
    if (PARSED.size >= MAX_PARSED) PARSED.clear()
    PARSED.set(text, b)
  }
  return b ?? undefined
}

/** Both prefixes, parsed strictly and of one family; undefined otherwise. */
function both(a: string, b: string): [Bounds, Bounds] | undefined {
  const x = bounds(a)
  const y = bounds(b)
  return x && y && x.family === y.family ? [x, y] : undefined
}

/** The prefix with its host bits cleared, canonical: `2001:db8::1/64` → `2001:db8::/64`; undefined when not a prefix. */
export function prefixNetwork(cidr: string): string | undefined {
  const c = parseCidr(cidr)
  return c && `${addressText(c.family, rangeOf(c).getFirst().getValue())}/${c.prefixlen}`
}

/** Every address of `inner` lies in `outer` (same family; a prefix holds itself). */
export function prefixContains(outer: string, inner: string): boolean {
  const r = both(outer, inner)
  return !!r && r[0].first <= r[1].first && r[1].last <= r[0].last
}

/** Two prefixes share an address (same family). */
export function prefixesOverlap(a: string, b: string): boolean {
  const r = both(a, b)
  return !!r && r[0].first <= r[1].last && r[1].first <= r[0].last
}
