// "Accepted with its attributes echoed": what was asked for compared with what Neutron answered,
// addresses and prefixes parsed (2001:db8::1 and 2001:DB8:0::1 are one address), lists as sets.
import { canonicalIPv6, isIPv4, parseCidr } from '../../net/index.ts'

/** One text per value: canonical addresses and prefixes, lists sorted, keys sorted. */
export function normalizeEcho(v: unknown): unknown {
  if (typeof v === 'string') {
    const c = parseCidr(v)
    if (c) return `${c.family === 6 ? (canonicalIPv6(c.address) ?? c.address) : c.address}/${c.prefixlen}`
    return isIPv4(v) ? v : (canonicalIPv6(v) ?? v)
  }
  if (Array.isArray(v))
    return v
      .map(normalizeEcho)
      .map((x) => JSON.stringify(x))
      .sort()
  if (typeof v === 'object' && v !== null)
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, normalizeEcho((v as Record<string, unknown>)[k])]),
    )
  return v
}

export const sameEcho = (a: unknown, b: unknown): boolean =>
  JSON.stringify(normalizeEcho(a)) === JSON.stringify(normalizeEcho(b))

const show = (v: unknown) => (v === undefined ? 'nothing' : JSON.stringify(v))

/** One problem per attribute whose answer differs from the request (an absent attribute differs too). */
export function echoProblems(what: string, asked: Record<string, unknown>, got: Record<string, unknown>): string[] {
  return Object.entries(asked).flatMap(([k, v]) =>
    sameEcho(v, got[k]) ? [] : [`${what} ${k} is ${show(got[k])}, asked for ${show(v)}`],
  )
}
