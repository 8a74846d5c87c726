// The records that answer the question, at the end of the CNAME chain (RFC 1034 §3.6.2, §4.3.2).
import type { DnsAnswer, DnsRecord } from './types.ts'

export interface Chain {
  /** The owner name of the final records: the question's name, or the last CNAME target. */
  target: string
  /** The CNAME targets followed, in order. */
  via: string[]
  /** Records of the question's type owned by target. */
  records: DnsRecord[]
  /** Set when the chain loops or runs past the hop limit. */
  broken?: string
}

// Resolvers stop following CNAMEs after a handful of hops (BIND: 16).
const MAX_HOPS = 16

export function finalRecords(a: Pick<DnsAnswer, 'name' | 'type' | 'answers'>): Chain {
  const key = (n: string) => (n.length > 1 && n.endsWith('.') ? n.slice(0, -1) : n).toLowerCase()
  let target = a.name.length > 1 && a.name.endsWith('.') ? a.name.slice(0, -1) : a.name
  const via: string[] = []
  const seen = new Set([key(target)])
  if (a.type !== 'CNAME') {
    for (;;) {
      const c = a.answers.find((r) => r.type === 'CNAME' && key(r.name) === key(target))
      if (!c) break
      if (seen.has(key(c.data)) || via.length >= MAX_HOPS) {
        return { target, via, records: [], broken: seen.has(key(c.data)) ? `CNAME loop at ${c.data}` : `over ${MAX_HOPS} CNAME hops` }
      }
      seen.add(key(c.data))
      via.push(c.data)
      target = c.data
    }
  }
  const records = a.answers.filter((r) => r.type === a.type && key(r.name) === key(target))
  return { target, via, records }
}
