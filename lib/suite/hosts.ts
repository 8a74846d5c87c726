// The hosts suite's harness: a describe per host, the chosen judges run on its facts.
import { inject } from 'vitest'
import { isSelected } from '../checks/select.ts'
import type { HostJudge } from '../judge/host-view.ts'
import { reach } from '../judge/reach.ts'
import '../run-context.ts'
import { skipped, type Verdict } from '../verdict.ts'
import { factsOf } from './facts.ts'
import { describeSubject, registerVerdicts } from './register.ts'

/** Judges of one host's facts, by check ID; `hosts.reach.ssh` judges the observation itself. */
export function hostsSuite(judges: Record<string, HostJudge | 'reach'>): void {
  const { observations, select } = inject('run')
  const today = observations.startedAt.slice(0, 10)
  const checks = Object.keys(judges).filter((c) => isSelected(c, select))
  for (const o of observations.hosts) {
    const host = observations.target.hosts.find((h) => h.name === o.name)
    if (!host) continue
    const verdicts = checks.flatMap((c): Verdict[] => {
      const judge = judges[c]!
      if (judge === 'reach') return reach(o)
      if (!o.ok) return [skipped(c, o.name, `${o.name} was not observed: ${o.error ?? 'unreachable'}`, { host: o.name })]
      return judge({ host, facts: factsOf(o), probes: o.probes })
    })
    if (verdicts.length) describeSubject(o.name, () => registerVerdicts('hosts', o.name, verdicts, observations.target.waivers, today))
  }
}
