// Modified EUI-64 interface identifiers, as SLAAC and OpenStack (Neutron, Tempest) derive them.
import { expandIPv6, canonicalIPv6, parseCidr } from './addr.ts'

// Six octets, one separator used throughout: `aa:bb:cc:dd:ee:ff` or `AA-BB-CC-DD-EE-FF`.
const MAC = /^[0-9a-f]{2}([:-])[0-9a-f]{2}(?:\1[0-9a-f]{2}){4}$/i

function macOctets(mac: string): number[] {
  if (!MAC.test(mac)) throw new Error(`malformed MAC address "${mac}": expected six hex octets like aa:bb:cc:dd:ee:ff`)
  return mac.split(/[:-]/).map((o) => parseInt(o, 16))
}

/** `fa:16:3e:12:34:56` → `f816:3eff:fe12:3456` (4 groups, RFC 5952 style: lowercase, no leading zeros). */
export function macToInterfaceId(mac: string): string {
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0] = macOctets(mac)
  // RFC 4291 Appendix A: invert the universal/local bit (0x02 of the first octet), put ff:fe in the middle.
  const bytes = [a ^ 0x02, b, c, 0xff, 0xfe, d, e, f]
  return [0, 2, 4, 6].map((i) => (((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16)).join(':')
}

/** The SLAAC address for `mac` on a /64 (`2001:db8:1::/64`); host bits written in the prefix are replaced. */
export function eui64Address(prefix: string, mac: string): string {
  const c = parseCidr(prefix)
  if (!c || c.family !== 6) throw new Error(`not an IPv6 prefix: "${prefix}"`)
  // RFC 4862 §5.5.3 (d) and RFC 4291 §2.5.1: the interface identifier is 64 bits, so only a /64 works.
  if (c.prefixlen !== 64) throw new Error(`SLAAC needs a /64 prefix, got /${c.prefixlen} in "${prefix}"`)
  const net = (expandIPv6(c.address) ?? '').split(':').slice(0, 4).join(':')
  const addr = canonicalIPv6(`${net}:${macToInterfaceId(mac)}`)
  if (addr === undefined) throw new Error(`cannot build an address from "${prefix}" and "${mac}"`)
  return addr
}
