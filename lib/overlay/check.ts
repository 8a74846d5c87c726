// An overlay check: what it expects of each subject, and how it tries one against Neutron. The
// I/O lives in `run` (the overlay acts on the API: docs/design.md), the judging in pure functions
// under judge/; runCheck turns whatever happens into a verdict and never throws.
import type { OverlayCheckDef } from '../checks/define.ts'
import { requestWhat, type ApiCall } from '../openstack/neutron-error.ts'
import type { Verdict } from '../verdict.ts'
import type { Registry, Scope } from './registry.ts'
import { StepFailed } from './step.ts'
import type { OverlayCheckId } from './subjects.ts'
import { bugVerdict, lateVerdict, stepVerdict, timeoutVerdict, withCalls, type Base } from './verdicts.ts'

export interface OverlayCheck {
  /** The check it runs: its ID, its cases, its words. */
  check: OverlayCheckDef
  /** What passing means for this subject: the verdict's `expected`. */
  expected(subject: string): string
  run(s: Scope, base: Base): Promise<Verdict>
}

export function baseOf(check: OverlayCheckId, subject: string, def: OverlayCheck): Base {
  return { check, subject, expected: def.expected(subject), remedy: def.check.fix }
}

export const LATE = 'the check ran past its bound: nothing more is created'

/**
 * A check that failed because a request got no answer within openstack.timeout says that, naming
 * the request: by its step when a step waited on it, else by what the request asks. Whatever the
 * check made of the missing answer (a 404 that followed, "expected 400") was not about the cloud.
 */
export function lostAnswer(
  base: Base,
  v: Verdict,
  failed: StepFailed | undefined,
  calls: readonly ApiCall[],
  callMs: number,
): Verdict {
  if (v.ok || v.skip) return v
  if (failed?.error.type === 'timeout') return timeoutVerdict(base, callMs, failed.what, failed.error)
  const lost = calls.find((c) => c.error === 'timeout')
  return lost ? timeoutVerdict(base, callMs, requestWhat(lost.method, lost.url), lost, v.observed) : v
}

/**
 * The check's verdict with its API calls as evidence; a failed step or a bug is a failing verdict.
 * Each request is bounded by openstack.timeout; the check as a whole by `bounds.checkMs`, past
 * which its verdict says so and it creates nothing more.
 */
export async function runCheck(
  registry: Registry,
  check: OverlayCheckId,
  subject: string,
  def: OverlayCheck,
): Promise<Verdict> {
  const calls: ApiCall[] = []
  const base = baseOf(check, subject, def)
  const { bounds } = registry
  let late = false
  const scope = registry.scope(check, subject, calls, () => (late ? LATE : undefined))
  const ran = def.run(scope, base).then(
    (v) => lostAnswer(base, v, undefined, calls, bounds.callMs),
    (e: unknown) =>
      e instanceof StepFailed ? lostAnswer(base, stepVerdict(base, e), e, calls, bounds.callMs) : bugVerdict(base, e),
  )
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), bounds.checkMs)))
  try {
    const v = await Promise.race([ran, deadline])
    if (v === undefined) late = true
    return withCalls(v ?? lateVerdict(base, bounds), calls)
  } finally {
    clearTimeout(timer)
  }
}
