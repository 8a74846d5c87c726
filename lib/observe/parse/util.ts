// Shared helpers for the observation parsers: address text and clear one-line errors.
import net from 'node:net'
import ipaddr from 'ipaddr.js'
import type { AddrFamily } from '../facts.ts'

/** A short, quoted, one-line excerpt of raw text for an error message. */
export function excerpt(raw: string, max = 80): string {
  const line = raw.split('\n').find((l) => l.trim() !== '')?.trim() ?? raw.trim()
  return JSON.stringify(line.length > max ? `${line.slice(0, max)}…` : line)
}

/** The 4294967295 "forever" of ip -j lifetimes. */
export const FOREVER = 0xffffffff

const isMapped = (p: number[]) => p.slice(0, 5).every((x) => x === 0) && p[5] === 0xffff

// Expand a dotted tail to two hex fields ourselves: ipaddr.js reads the IPv4-compatible ::a.b.c.d
// as the IPv4-mapped ::ffff:a.b.c.d, and node:net has already refused loose forms like 01.2.3.4.
function v6Parts(text: string): number[] | undefined {
  if (text.includes('%') || !net.isIPv6(text)) return undefined
  const m = /^(.*:)(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text)
  let hex = text
  if (m) {
    const [a, b, c, d] = m.slice(2).map(Number) as [number, number, number, number]
    hex = `${m[1]}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  return ipaddr.IPv6.parse(hex).parts
}

/** RFC 5952 text of an IPv6 address (no zone); IPv4-mapped stays in mixed notation (§5). */
export function canonicalIPv6(text: string): string | undefined {
  const p = v6Parts(text)
  if (!p) return undefined
  if (isMapped(p)) {
    const [hi = 0, lo = 0] = p.slice(6)
    return `::ffff:${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`
  }
  return new ipaddr.IPv6(p).toRFC5952String()
}

export const isIPv4 = (text: string): boolean => net.isIPv4(text) && ipaddr.IPv4.isValidFourPartDecimal(text)

/** Family and canonical text of an address without zone, or undefined when it is neither. */
export function canonicalAddress(text: string): { family: AddrFamily; address: string } | undefined {
  if (isIPv4(text)) return { family: 'inet', address: text }
  const address = canonicalIPv6(text)
  return address === undefined ? undefined : { family: 'inet6', address }
}

/**
 * Canonical `addr/len`; a bare address gets /128 (or /32). IPv6 prefixes are plain RFC 5952 §4 text,
 * mapped ones included (`::ffff:0:0/96`, as gai.conf and RFC 6724 write it). Host bits are kept.
 */
export function canonicalPrefix(text: string): string | undefined {
  const m = /^([^/]+)(?:\/(0|[1-9]\d{0,2}))?$/.exec(text)
  if (!m?.[1]) return undefined
  const len = m[2] === undefined ? undefined : Number(m[2])
  if (isIPv4(m[1])) return (len ?? 32) <= 32 ? `${m[1]}/${len ?? 32}` : undefined
  const p = v6Parts(m[1])
  if (!p || (len ?? 128) > 128) return undefined
  return `${new ipaddr.IPv6(p).toRFC5952String()}/${len ?? 128}`
}

export const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x)

/** JSON.parse that names the command and quotes the start of what came back instead. */
export function parseJsonArray(raw: string, command: string): unknown[] {
  let v: unknown
  try {
    v = JSON.parse(raw)
  } catch {
    throw new Error(`${command}: output is not JSON: ${excerpt(raw)}`)
  }
  if (!Array.isArray(v)) throw new Error(`${command}: expected a JSON array, got ${excerpt(raw)}`)
  return v
}
