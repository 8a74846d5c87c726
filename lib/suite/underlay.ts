// The underlay suite's harness: the chosen judges run on the underlay observation, and their
// verdicts are grouped into a describe per subject (a name, a resolver, an endpoint, the catalog).
import { inject } from 'vitest'
import { isSelected } from '../checks/select.ts'
import type { UnderlayJudged } from '../judge/judged.ts'
import type { UnderlayView } from '../judge/underlay-view.ts'
import type { Observations } from '../observe/record.ts'
import '../run-context.ts'
import type { Verdict } from '../verdict.ts'
import { underlayViewOf as viewOf } from './underlay-view-of.ts'
import { describeSubject, registerVerdicts } from './register.ts'

const views = new WeakMap<Observations, UnderlayView | undefined>()

/** `groupOf` names the describe (and the JUnit testsuite) a verdict belongs to. */
export function underlaySuite(
  judges: readonly UnderlayJudged[],
  groupOf: (v: Verdict) => string = (v) => v.subject,
): void {
  const { observations, select } = inject('run')
  if (!views.has(observations)) views.set(observations, viewOf(observations))
  const view = views.get(observations)
  if (!view) return
  const today = observations.startedAt.slice(0, 10)
  const groups = new Map<string, Verdict[]>()
  for (const judge of judges) {
    if (!isSelected(judge.check.id, select)) continue
    for (const v of judge(view)) {
      const g = groupOf(v)
      groups.set(g, [...(groups.get(g) ?? []), v])
    }
  }
  for (const [g, verdicts] of groups)
    describeSubject(g, () => registerVerdicts('underlay', g, verdicts, observations.target.waivers, today))
}
