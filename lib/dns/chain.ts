// The records that answer the question, at the end of the CNAME chain (RFC 1034 §3.6.2, §4.3.2).
import { nameKey, withoutRootDot } from './name.ts'
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
  let target = withoutRootDot(a.name)
  const via: string[] = []
  const seen = new Set([nameKey(target)])
  if (a.type !== 'CNAME') {
    for (;;) {
      const c = a.answers.find((r) => r.type === 'CNAME' && nameKey(r.name) === nameKey(target))
      if (!c) break
      if (seen.has(nameKey(c.data)) || via.length >= MAX_HOPS) {
        return {
          target,
          via,
          records: [],
          broken: seen.has(nameKey(c.data)) ? `CNAME loop at ${c.data}` : `over ${MAX_HOPS} CNAME hops`,
        }
      }
      seen.add(nameKey(c.data))
      via.push(c.data)
      target = c.data
    }
  }
  const records = a.answers.filter((r) => r.type === a.type && nameKey(r.name) === nameKey(target))
  return { target, via, records }
}
