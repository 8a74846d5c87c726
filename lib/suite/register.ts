// Turns verdicts into Vitest tests: one test per check and subject, with the verdict as metadata
// for the reporters, waivers applied, and a one-line failure message.
import { describe, test, type TestContext } from 'vitest'
import { sanitizeText } from '../util/sanitize.ts'
import { mapStrings } from '../util/map-strings.ts'
import { failureLine, type Suite, type Verdict } from '../verdict.ts'
import { waiverFor, type Waiver } from '../waivers.ts'

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

/** `ctl1:eth0` under describe('ctl1') reads best as `<check> eth0`. */
const detailOf = (subject: string, group: string): string =>
  subject.startsWith(`${group}:`) ? subject.slice(group.length + 1) : subject

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
  // Text from hosts, resolvers and endpoints is shown, never interpreted: Vitest prints the message.
  const v = mapStrings(found, sanitizeText) as Verdict
  const w = waiverFor(v, waivers, today)
  ctx.task.meta.v6ready = {
    suite,
    group,
    verdict: v,
    ...(w.state !== 'none'
      ? { waiver: { reason: w.waiver.reason, expires: w.waiver.expires, expired: w.state === 'expired' } }
      : {}),
  }
  if (v.skip) ctx.skip(v.skip)
  if (w.state === 'active') ctx.skip(`waived until ${w.waiver.expires}: ${w.waiver.reason}`)
  if (!v.ok) {
    const expired = w.state === 'expired' ? ` (waiver "${w.waiver.reason}" expired on ${w.waiver.expires})` : ''
    throw new Finding(`${failureLine(v)}${expired}`)
  }
}

/** The test's name: `<check> <detail>`, safe for the terminal. */
export const testName = (check: string, subject: string, group: string): string =>
  sanitizeText(`${check} ${detailOf(subject, group)}`)

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
