// The underlay judges' view of a run's observations: apart from the suite's harness (which loads
// Vitest), so that merge-reports can judge the checks that need every shard's observations.
import type { UnderlayView } from '../judge/underlay-view.ts'
import type { Observations } from '../observe/record.ts'
import { factsOf } from './facts.ts'

/** Every address the observed hosts hold, for matching A records to hosts. */
export function underlayViewOf(o: Observations): UnderlayView | undefined {
  if (!o.underlay) return undefined
  const reached = o.hosts.filter((h) => h.ok)
  const held = reached.flatMap((h) => {
    const f = factsOf(h, o.target).interfaces
    return f.ok ? f.value.flatMap((i) => i.addresses.map((a) => a.address)) : []
  })
  return {
    target: o.target,
    underlay: o.underlay,
    hostAddresses: [...new Set(held)],
    hostsKnown: reached.length > 0,
    now: new Date(o.startedAt),
    ...(o.shard && { shard: o.shard }),
  }
}
