// Reverse names for IPv6 (RFC 3596 §2.5): the 32 nibbles, least significant first, under ip6.arpa.
import { expandIPv6, parseIPv6 } from '../net/index.ts'

/** `2001:db8::1` → `1.0.0.0.….8.b.d.0.1.0.0.2.ip6.arpa`; undefined for anything not IPv6. The zone is dropped. */
export function ptrName(ipv6: string): string | undefined {
  const p = parseIPv6(ipv6)
  const full = p && expandIPv6(p.address)
  if (full === undefined) return undefined
  return [...full.replaceAll(':', '')].reverse().join('.') + '.ip6.arpa'
}
