// Addresses as numbers, for carving prefixes and testing ranges (allocation pools are ranges,
// not prefixes). Parsed with the strict parsers of addr.ts; IPv6 out in RFC 5952 form.
import { canonicalIPv6, expandIPv6, inPrefix, isIPv4, parseCidr } from './addr.ts'

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

/** start ≤ address ≤ end, all of one family, compared as numbers (an allocation pool). */
export function inRange(address: string, start: string, end: string): boolean {
  const [a, s, e] = [address, start, end].map(addressValue)
  if (!a || !s || !e || a.family !== s.family || s.family !== e.family) return false
  return s.value <= a.value && a.value <= e.value
}

/** The prefix with its host bits cleared, canonical: `2001:db8::1/64` → `2001:db8::/64`; undefined when not a prefix. */
export function prefixNetwork(cidr: string): string | undefined {
  const c = parseCidr(cidr)
  const a = c && addressValue(c.address)
  if (!c || !a) return undefined
  const hostBits = BigInt((c.family === 4 ? 32 : 128) - c.prefixlen)
  return `${addressText(a.family, (a.value >> hostBits) << hostBits)}/${c.prefixlen}`
}

/** Every address of `inner` lies in `outer` (same family; a prefix holds itself). */
export function prefixContains(outer: string, inner: string): boolean {
  const o = parseCidr(outer)
  const i = parseCidr(inner)
  return !!o && !!i && o.family === i.family && o.prefixlen <= i.prefixlen && inPrefix(i.address, outer)
}

/** Two prefixes share an address; prefixes either nest or are disjoint, so one holds the other. */
export function prefixesOverlap(a: string, b: string): boolean {
  return prefixContains(a, b) || prefixContains(b, a)
}
