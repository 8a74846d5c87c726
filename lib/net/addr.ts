// IPv6 (and strict IPv4) address text: parse, canonical form, classes, prefixes.
// Addresses are always parsed and compared as numbers, never as text (RFC 5952 §3: many texts, one address).
import net from 'node:net'
import ipaddr from 'ipaddr.js'

export type AddrClass =
  | 'unspecified'
  | 'loopback'
  | 'v4-mapped'
  | 'link-local'
  | 'ula'
  | 'documentation'
  | '6to4'
  | 'teredo'
  | 'multicast'
  | 'global'
  | 'other'

export interface ParsedIPv6 {
  /** RFC 5952 canonical text, without the zone. */
  address: string
  zone?: string
}

export interface Cidr {
  /** As written (canonicalized), host bits kept: see isAlignedCidr. */
  address: string
  prefixlen: number
  family: 4 | 6
}

// A zone is an interface name or index (RFC 4007 §11). RFC 6874 §2 limits it to unreserved
// characters, which also keeps it clear of the `:`, `]` and `%` that delimit it; Linux names
// like eth0.100 (VLAN) or tap-1_a fit.
const ZONE = /^[A-Za-z0-9._~-]+$/

interface V6 {
  parts: number[]
  zone: string | undefined
}

function splitV6(text: string): V6 | undefined {
  const i = text.indexOf('%')
  const addr = i < 0 ? text : text.slice(0, i)
  const zone = i < 0 ? undefined : text.slice(i + 1)
  if (zone !== undefined && !ZONE.test(zone)) return undefined
  // Both must agree: ipaddr.js alone accepts `::ffff:01.2.3.4` and `::ffff:0x1.2.3.4`
  // (its embedded IPv4 part is the loose inet_aton grammar), net.isIPv6 does not.
  if (!net.isIPv6(addr) || !ipaddr.IPv6.isValid(addr)) return undefined
  return { parts: toParts(addr), zone }
}

// Our own expansion: ipaddr.js parses the deprecated IPv4-compatible `::1.2.3.4` as the
// IPv4-mapped `::ffff:1.2.3.4`, which is a different address (RFC 4291 §2.5.5).
function toParts(addr: string): number[] {
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(addr)
  let s = addr
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number]
    s = addr.slice(0, v4.index) + ((a << 8) | b).toString(16) + ':' + ((c << 8) | d).toString(16)
  }
  const [head = '', tail] = s.split('::')
  const h = head ? head.split(':') : []
  const t = tail ? tail.split(':') : []
  const fill = tail === undefined ? [] : Array<string>(8 - h.length - t.length).fill('0')
  return [...h, ...fill, ...t].map((g) => parseInt(g, 16))
}

const isMapped = (p: number[]) => p.slice(0, 5).every((x) => x === 0) && p[5] === 0xffff

function format(parts: number[]): string {
  // RFC 5952 §5: IPv4-mapped addresses in mixed notation.
  if (isMapped(parts)) {
    const [hi = 0, lo = 0] = parts.slice(6)
    return `::ffff:${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`
  }
  // ipaddr.js implements RFC 5952 §4 (measured: lowercase, longest run, first on tie, no single-field ::).
  return new ipaddr.IPv6(parts).toRFC5952String()
}

const withZone = (text: string, zone: string | undefined) => (zone === undefined ? text : `${text}%${zone}`)

/** Strict IPv6 literal, optionally with a `%zone` (raw, as in socket APIs); no brackets, prefix or spaces. */
export function parseIPv6(text: string): ParsedIPv6 | undefined {
  const v = splitV6(text)
  if (!v) return undefined
  const address = format(v.parts)
  return v.zone === undefined ? { address } : { address, zone: v.zone }
}

/** RFC 5952 text (`%zone` kept), or undefined when invalid. */
export function canonicalIPv6(text: string): string | undefined {
  const p = parseIPv6(text)
  return p && withZone(p.address, p.zone)
}

/** Eight groups of four hex digits (`%zone` kept). */
export function expandIPv6(text: string): string | undefined {
  const v = splitV6(text)
  return v && withZone(v.parts.map((x) => x.toString(16).padStart(4, '0')).join(':'), v.zone)
}

export function isCanonicalIPv6(text: string): boolean {
  return canonicalIPv6(text) === text
}

/** Valid-but-not-canonical is a warning, invalid a failure (RFC 5952 §4 vs RFC 4291 §2.2). */
export function ipv6Form(text: string): 'canonical' | 'non-canonical' | 'invalid' {
  const c = canonicalIPv6(text)
  return c === undefined ? 'invalid' : c === text ? 'canonical' : 'non-canonical'
}

/** Dotted quad only: no leading zeros (octal in inet_aton), hex, or short forms like `1.2.3`. */
export function isIPv4(text: string): boolean {
  return net.isIPv4(text) && ipaddr.IPv4.isValidFourPartDecimal(text)
}

interface Value {
  family: 4 | 6
  value: bigint
  bits: 32 | 128
}

const toBig = (parts: number[], width: bigint) => parts.reduce((acc, x) => (acc << width) | BigInt(x), 0n)

function value(text: string): Value | undefined {
  if (isIPv4(text)) return { family: 4, value: toBig(text.split('.').map(Number), 8n), bits: 32 }
  const v = splitV6(text)
  return v && { family: 6, value: toBig(v.parts, 16n), bits: 128 }
}

const sameNet = (a: bigint, b: bigint, bits: number, len: number) => a >> BigInt(bits - len) === b >> BigInt(bits - len)

// First match wins; documentation and teredo lie inside 2000::/3, so global comes last.
const CLASSES: [AddrClass, string, number][] = [
  ['unspecified', '::', 128],
  ['loopback', '::1', 128],
  ['v4-mapped', '::ffff:0:0', 96], // RFC 4291 §2.5.5.2
  ['link-local', 'fe80::', 10], // RFC 4291 §2.5.6
  ['ula', 'fc00::', 7], // RFC 4193
  ['documentation', '2001:db8::', 32], // RFC 3849
  ['documentation', '3fff::', 20], // RFC 9637
  ['teredo', '2001::', 32], // RFC 4380
  ['6to4', '2002::', 16], // RFC 3056
  ['multicast', 'ff00::', 8], // RFC 4291 §2.7
  ['global', '2000::', 3], // RFC 4291 §2.5.4, IANA global unicast
]
const CLASS_NETS = CLASSES.map(([c, a, len]) => [c, value(a)?.value ?? 0n, len] as const)

/** Zone ignored. Undefined for anything that is not an IPv6 address. */
export function classifyIPv6(text: string): AddrClass | undefined {
  const v = value(text)
  if (v?.family !== 6) return undefined
  return CLASS_NETS.find(([, n, len]) => sameNet(v.value, n, 128, len))?.[0] ?? 'other'
}

/** A real Internet address: in 2000::/3 and not documentation, 6to4 or Teredo. */
export function isGlobalUnicast(text: string): boolean {
  return classifyIPv6(text) === 'global'
}

export function v4FromMapped(text: string): string | undefined {
  const v = splitV6(text)
  if (!v || !isMapped(v.parts)) return undefined
  return format(v.parts).slice('::ffff:'.length)
}

/** Same family, same address, same zone; no zone differs from any zone (it means "the default zone", RFC 4007 §11). */
export function sameAddress(a: string, b: string): boolean {
  const x = value(a)
  const y = value(b)
  if (!x || !y || x.family !== y.family || x.value !== y.value) return false
  return x.family === 4 || splitV6(a)?.zone === splitV6(b)?.zone
}

/** `addr/len`, IPv4 or IPv6, no zone, no leading zeros in len. Host bits are kept, not cleared. */
export function parseCidr(text: string): Cidr | undefined {
  const m = /^([^/]+)\/(0|[1-9]\d{0,2})$/.exec(text)
  if (!m) return undefined
  const [, addr = '', len] = m
  const prefixlen = Number(len)
  if (isIPv4(addr)) return prefixlen <= 32 ? { address: addr, prefixlen, family: 4 } : undefined
  const v = splitV6(addr)
  if (!v || v.zone !== undefined || prefixlen > 128) return undefined
  return { address: format(v.parts), prefixlen, family: 6 }
}

/** True when the host bits are zero: `2001:db8::/64` is, `2001:db8::1/64` is not. */
export function isAlignedCidr(text: string): boolean {
  const c = parseCidr(text)
  const v = c && value(c.address)
  if (!c || !v) return false
  const hostBits = BigInt(v.bits - c.prefixlen)
  return (v.value & ((1n << hostBits) - 1n)) === 0n
}

/** Zone on the address is ignored; families never cross (`::ffff:1.2.3.4` is not in 1.2.3.0/24). */
export function inPrefix(address: string, cidr: string): boolean {
  const c = parseCidr(cidr)
  const a = value(address)
  const n = c && value(c.address)
  if (!a || !n || a.family !== n.family) return false
  return sameNet(a.value, n.value, a.bits, c.prefixlen)
}
