// Parsing is pure and cheap, but several suite files judge the same hosts: parse once per worker.
import type { HostFacts } from '../observe/facts.ts'
import { parseHostFacts } from '../observe/parse/index.ts'
import type { HostObservation } from '../observe/record.ts'
import type { ResolvedTarget } from '../targets/resolve.ts'

const parsed = new WeakMap<HostObservation, HostFacts>()

/** The facts of a host's observation, read as its entry in `target` says (the formats of its config files). */
export function factsOf(o: HostObservation, target: Pick<ResolvedTarget, 'hosts'>): HostFacts {
  let f = parsed.get(o)
  if (!f) parsed.set(o, (f = parseHostFacts(o.sections, target.hosts.find((h) => h.name === o.name) ?? {})))
  return f
}
