// Shared helpers for the observation parsers: address text and clear one-line errors.
import ipaddr from 'ipaddr.js'
import { expandIPv6, isIPv4, parseIPv6 } from '../../net/index.ts'
import type { AddrFamily, Parsed, Unreadable } from '../facts.ts'

// What JSON.stringify leaves as it is but a terminal or a report should not show raw: DEL and C1
// controls, line and paragraph separators, zero-width and bidirectional formatting characters.
const UNSAFE = /[\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g

/** Text quoted as a JSON string, every control character escaped, cut at `max` characters. */
export function quote(text: string, max = 80): string {
  const cut = text.length > max ? `${text.slice(0, max)}…` : text
  return JSON.stringify(cut).replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

/** A short, quoted, one-line excerpt of raw text for an error message. */
export function excerpt(raw: string, max = 80): string {
  const line =
    raw
      .split('\n')
      .find((l) => l.trim() !== '')
      ?.trim() ?? raw.trim()
  return quote(line, max)
}

/** One unreadable line in words: `ss line 14: <why>: "<excerpt>"`. */
export const describeUnreadable = (u: Unreadable): string =>
  `${u.source} ${u.entry !== undefined ? `entry ${u.entry}` : `line ${u.line ?? '?'}`}: ${u.why}: ${u.excerpt}`

/**
 * A section read line by line: what was read, and the lines that were not. When nothing at all was
 * read but something was there (`sh: ss: not found`, an error instead of the output), the whole
 * section is unreadable: that is an error, not an empty fact.
 */
export function readInPart<T>(value: T, unreadable: Unreadable[], readAny: boolean): Parsed<T> {
  const [first, ...more] = unreadable
  if (!readAny && first)
    throw new Error(`${describeUnreadable(first)}${more.length ? ` (and ${more.length} more unreadable)` : ''}`)
  return { value, unreadable }
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

export const isRecord = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x)

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
