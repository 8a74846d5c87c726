// The hosts suite's harness: a describe per host, the chosen judges run on its facts.
import { inject } from 'vitest'
import { isSelected } from '../checks/select.ts'
import type { HostJudged } from '../judge/judged.ts'
import '../run-context.ts'
import { skipped, type Verdict } from '../verdict.ts'
import { factsOf } from './facts.ts'
import { describeSubject, registerVerdicts } from './register.ts'

/** The checks a suite file lists, each judged on every host: on its facts, or (hosts.reach.ssh) on the observation itself. */
export function hostsSuite(judges: readonly HostJudged[]): void {
  const { observations, select } = inject('run')
  const today = observations.startedAt.slice(0, 10)
  const chosen = judges.filter((j) => isSelected(j.check.id, select))
  for (const o of observations.hosts) {
    const host = observations.target.hosts.find((h) => h.name === o.name)
    if (!host) continue
    const verdicts = chosen.flatMap((j): Verdict[] => {
      if (j.input === 'observation') return j(o)
      if (!o.ok)
        return [
          skipped(j.check.id, o.name, `${o.name} was not observed: ${o.error ?? 'unreachable'}`, { host: o.name }),
        ]
      return j({ host, facts: factsOf(o, observations.target), probes: o.probes })
    })
    if (verdicts.length)
      describeSubject(o.name, () => registerVerdicts('hosts', o.name, verdicts, observations.target.waivers, today))
  }
}
