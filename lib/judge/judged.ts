// A judge bound to the check it judges: the suites list these, so a judge runs under exactly the
// check whose definition it names, and a suite file reads as the list of its checks.
import type { HostCheckDef, UnderlayCheckDef } from '../checks/define.ts'
import type { HostObservation } from '../observe/record.ts'
import type { Verdict } from '../verdict.ts'
import type { HostView } from './host-view.ts'
import type { UnderlayView } from './underlay-view.ts'

/** Callable as the judge itself (so tests call it as before), carrying its definition. */
export type Judged<V, D> = ((v: V) => Verdict[]) & { readonly check: D }

const bind = <V, D>(check: D, judge: (v: V) => Verdict[]): Judged<V, D> => Object.assign((v: V) => judge(v), { check })

/** A host check judged on the host's typed facts; skipped with the cause when the host was not observed. */
export type FactsJudge = Judged<HostView, HostCheckDef> & { readonly input: 'facts' }
/** A host check judged on the observation itself, reached or not (hosts.reach.ssh). */
export type ObservationJudge = Judged<HostObservation, HostCheckDef> & { readonly input: 'observation' }
export type HostJudged = FactsJudge | ObservationJudge
export type UnderlayJudged = Judged<UnderlayView, UnderlayCheckDef>

export const judgeFacts = (check: HostCheckDef, judge: (v: HostView) => Verdict[]): FactsJudge =>
  Object.assign(bind(check, judge), { input: 'facts' as const })
export const judgeObservation = (check: HostCheckDef, judge: (o: HostObservation) => Verdict[]): ObservationJudge =>
  Object.assign(bind(check, judge), { input: 'observation' as const })
export const judgeUnderlay = (check: UnderlayCheckDef, judge: (v: UnderlayView) => Verdict[]): UnderlayJudged =>
  bind(check, judge)
