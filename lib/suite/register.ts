// Turns verdicts into Vitest tests: one test per check and subject, with the verdict as metadata
// for the reporters, waivers applied, and a one-line failure message.
import { describe, test, type TestContext } from 'vitest'
import { sanitizeText } from '../util/sanitize.ts'
import type { Suite, Verdict } from '../verdict.ts'
import type { Waiver } from '../waivers.ts'
import { settle, testName } from './settle.ts'

export interface TestMeta {
  suite: Suite
  group: string
  verdict: Verdict
  waiver?: { reason: string; expires: string; expired: boolean }
}

declare module 'vitest' {
  interface TaskMeta {
    v6ready?: TestMeta
  }
}

/** A finding, not a crash: no stack, because the message is the whole story. */
export class Finding extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'Finding'
    this.stack = `Finding: ${message}`
  }
}

/**
 * One verdict's test body: the verdict as metadata for the reporters, then skip, waive or fail.
 * Shared by the suites whose verdicts are known before the test (registerVerdicts) and the overlay,
 * whose verdicts are known only once the test has acted on Neutron.
 */
export function settleVerdict(
  ctx: TestContext,
  suite: Suite,
  group: string,
  found: Verdict,
  waivers: Waiver[],
  today: string,
): void {
  const s = settle(found, waivers, today)
  ctx.task.meta.v6ready = { suite, group, verdict: s.verdict, ...(s.waiver && { waiver: s.waiver }) }
  if (s.skip !== undefined) ctx.skip(s.skip)
  if (s.failure !== undefined) throw new Finding(s.failure)
}

export { testName }

/** A describe per subject, named safely for the terminal. */
export function describeSubject(group: string, body: () => void): void {
  describe(sanitizeText(group), body)
}

export function registerVerdicts(
  suite: Suite,
  group: string,
  verdicts: Verdict[],
  waivers: Waiver[],
  today: string,
): void {
  for (const v of verdicts)
    test(testName(v.check, v.subject, group), (ctx) => settleVerdict(ctx, suite, group, v, waivers, today))
}
