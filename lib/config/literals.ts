// IPv6 literals inside a value's text (a URL, `[addr]:port`, `addr/len`, a list): found by shape,
// judged by lib/net, so times (12:30:45) and MAC addresses never pass for addresses.
import { parseIPv6 } from '../net/index.ts'

// Runs of hex digits, colons and dots with at least two colons, and an optional zone.
const CANDIDATE = /(?<![0-9A-Za-z:.%])[0-9A-Fa-f.]*:[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*(?:%[A-Za-z0-9._~-]+)?/g

export interface Literal {
  /** As written. */
  text: string
  /** Canonical, without the zone. */
  address: string
}

/** Each IPv6 literal in the text; `addr:port` written without brackets yields its address part. */
export function ipv6Literals(text: string): Literal[] {
  const out: Literal[] = []
  for (const [c] of text.matchAll(CANDIDATE)) {
    const whole = parseIPv6(c)
    if (whole) {
      out.push({ text: c, address: whole.address })
      continue
    }
    const i = c.lastIndexOf(':')
    const head = c.slice(0, i)
    const p = parseIPv6(head)
    if (p && /^\d{1,5}$/.test(c.slice(i + 1))) out.push({ text: head, address: p.address })
  }
  return out
}
