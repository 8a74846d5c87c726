// An overlay check: what it expects of each subject, and how it tries one against Neutron. The
// I/O lives in `run` (DESIGN §1.1: the overlay acts on the API), the judging in pure functions
// under judge/; runCheck turns whatever happens into a verdict and never throws.
import { checkInfo } from '../checks/catalog.ts'
import type { ApiCall } from '../openstack/neutron-error.ts'
import type { Verdict } from '../verdict.ts'
import type { Registry, Scope } from './registry.ts'
import { StepFailed } from './step.ts'
import type { OverlayCheckId } from './subjects.ts'
import { bugVerdict, stepVerdict, withCalls, type Base } from './verdicts.ts'

export interface OverlayCheck {
  /** What passing means for this subject: the verdict's `expected`. */
  expected(subject: string): string
  run(s: Scope, base: Base): Promise<Verdict>
}

export function baseOf(check: OverlayCheckId, subject: string, def: OverlayCheck): Base {
  return { check, subject, expected: def.expected(subject), remedy: checkInfo(check).remedy }
}

/** The check's verdict with its API calls as evidence; a failed step or a bug is a failing verdict. */
export async function runCheck(registry: Registry, check: OverlayCheckId, subject: string, def: OverlayCheck): Promise<Verdict> {
  const calls: ApiCall[] = []
  const base = baseOf(check, subject, def)
  let v: Verdict
  try {
    v = await def.run(registry.scope(check, subject, calls), base)
  } catch (e) {
    v = e instanceof StepFailed ? stepVerdict(base, e) : bugVerdict(base, e)
  }
  return withCalls(v, calls)
}
