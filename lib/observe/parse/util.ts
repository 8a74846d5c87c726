// Shared helpers for the observation parsers: address text and clear one-line errors.
import ipaddr from 'ipaddr.js'
import { expandIPv6, isIPv4, parseIPv6 } from '../../net/index.ts'
import type { AddrFamily } from '../facts.ts'

/** A short, quoted, one-line excerpt of raw text for an error message. */
export function excerpt(raw: string, max = 80): string {
  const line = raw.split('\n').find((l) => l.trim() !== '')?.trim() ?? raw.trim()
  return JSON.stringify(line.length > max ? `${line.slice(0, max)}…` : line)
}

/** The 4294967295 "forever" of ip -j lifetimes. */
export const FOREVER = 0xffffffff

/** Family and canonical text of an address without zone, or undefined when it is neither. */
export function canonicalAddress(text: string): { family: AddrFamily; address: string } | undefined {
  if (isIPv4(text)) return { family: 'inet', address: text }
  const p = parseIPv6(text) // zones are split off by the parsers before this
  return p && !p.zone ? { family: 'inet6', address: p.address } : undefined
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
  // Through the expanded form, so a mapped prefix stays hex (ipaddr.js alone misreads ::a.b.c.d).
  const full = m[1].includes('%') ? undefined : expandIPv6(m[1])
  if (!full || (len ?? 128) > 128) return undefined
  return `${ipaddr.IPv6.parse(full).toRFC5952String()}/${len ?? 128}`
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
