// Parsing is pure and cheap, but several suite files judge the same hosts: parse once per worker.
import { parseHostFacts } from '../observe/parse/index.ts'
import type { HostObservation } from '../observe/record.ts'

const parsed = new WeakMap<HostObservation, ReturnType<typeof parseHostFacts>>()

export function factsOf(o: HostObservation): ReturnType<typeof parseHostFacts> {
  let f = parsed.get(o)
  if (!f) parsed.set(o, (f = parseHostFacts(o.sections)))
  return f
}
