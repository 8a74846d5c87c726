// `ip -j -6 neigh show` and `ip -j -6 neigh show proxy` → entries. Pure and total: output that is
// not the JSON array iproute2 prints comes back as an error in words, never a throw; an entry
// without a readable dst and dev is listed as unreadable, the others kept.
import type { Neighbour, NeighTable, Unreadable } from '../facts.ts'
import type { Part } from './parts.ts'
import { canonicalAddress, excerpt, quote } from './util.ts'

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x)

export function parseNeigh(text: string, source = 'ip -j -6 neigh show'): NeighTable {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return { ok: false, error: `not ip -j output: ${excerpt(text)}` }
  }
  if (!Array.isArray(value)) return { ok: false, error: `not a JSON array: ${excerpt(text)}` }
  const entries: Neighbour[] = []
  const unreadable: Unreadable[] = []
  for (const [entry, e] of value.entries()) {
    const dst = isRecord(e) && typeof e.dst === 'string' ? canonicalAddress(e.dst) : undefined
    if (!isRecord(e) || !dst || typeof e.dev !== 'string') {
      unreadable.push({ source, entry, excerpt: quote(JSON.stringify(e) ?? String(e)), why: 'no IPv6 dst and dev' })
      continue
    }
    if (dst.family !== 'inet6') continue // ip -6 lists none; an IPv4 entry is not ours to judge
    entries.push({
      dst: dst.address,
      dev: e.dev,
      ...(typeof e.lladdr === 'string' ? { lladdr: e.lladdr } : {}),
      state: Array.isArray(e.state) ? e.state.filter((s): s is string => typeof s === 'string') : [],
      proxy: 'proxy' in e,
      router: 'router' in e,
    })
  }
  return { ok: true, entries, ...(unreadable.length ? { unreadable } : {}) }
}

/** One of the two neighbour parts; a missing or failed command is an error naming it. */
export function neighFromPart(part: Part | undefined, label: string): NeighTable {
  if (!part) return { ok: false, error: `${label}: not in the observation (cut short?)` }
  if (part.truncated) return { ok: false, error: `${label}: cut at the observation's size limit` }
  if (part.exit !== 0) return { ok: false, error: `${label} exited ${part.exit ?? '?'}: ${excerpt(part.text)}` }
  const t = parseNeigh(part.text, label)
  return t.ok ? t : { ok: false, error: `${label}: ${t.error}` }
}
