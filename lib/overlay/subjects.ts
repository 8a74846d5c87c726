// The overlay checks and the cases each tries, from their definitions (lib/checks/overlay/): `v6ready
// list` prints them, the suites make one test of each, and the carving numbers their subnets by
// their order in the catalog.
import { CHECKS } from '../checks/catalog.ts'

type OverlayDef = Extract<(typeof CHECKS)[number], { suite: 'overlay' }>
export type OverlayCheckId = OverlayDef['id']

const DEFS = CHECKS.filter((c): c is OverlayDef => c.suite === 'overlay')

export const OVERLAY_CHECKS: readonly OverlayCheckId[] = DEFS.map((d) => d.id)

export const OVERLAY_SUBJECTS = Object.fromEntries(DEFS.map((d) => [d.id, d.subjects])) as {
  [K in OverlayCheckId]: Extract<OverlayDef, { id: K }>['subjects']
}

export const isOverlayCheck = (id: string): id is OverlayCheckId => Object.hasOwn(OVERLAY_SUBJECTS, id)
