// The tests a target would generate, known before anything is observed: each selected check's
// subjects as its definition derives them from the targets file.
import type { ResolvedTarget } from '../targets/resolve.ts'
import { SHARD_1_CHECKS, type Shard } from '../targets/shard.ts'
import { CHECKS } from './catalog.ts'
import type { CheckDef } from './define.ts'
import { isSelected, type Selection } from './select.ts'

export interface Planned {
  check: string
  subjects: string[]
}

function subjectsOf(c: CheckDef, t: ResolvedTarget): string[] {
  switch (c.suite) {
    case 'hosts':
      return t.hosts.flatMap((h) => c.subjects(h))
    case 'underlay':
      return c.subjects(t)
    case 'overlay':
      // A target without an overlay section gets none of them.
      return t.openstack?.overlay ? [...c.subjects] : []
  }
}

/** With `shard`, `target` is its share (shareOfTarget), and the resolvers' checks are shard 1's alone. */
export function plan(target: ResolvedTarget, select: Selection, shard?: Shard): Planned[] {
  return CHECKS.filter((c) => isSelected(c.id, select)).map((c) => ({
    check: c.id,
    subjects: shard && shard.index !== 1 && SHARD_1_CHECKS.includes(c.id) ? [] : subjectsOf(c, target),
  }))
}
