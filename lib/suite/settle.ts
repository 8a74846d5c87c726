// What one verdict becomes as a test, without Vitest: its name, the verdict as shown (sanitised),
// the waiver that applies, and whether it is skipped (why) or fails (the one-line message). The
// suites' tests act on it (register.ts), and merge-reports builds the same record from it for the
// checks it judges once the shards are joined (lib/report/joined-checks.ts).
import { sanitizeText } from '../util/sanitize.ts'
import { mapStrings } from '../util/map-strings.ts'
import { failureLine, type Verdict } from '../verdict.ts'
import { waiverFor, type Waiver } from '../waivers.ts'

export interface Settled {
  verdict: Verdict
  waiver?: { reason: string; expires: string; expired: boolean }
  /** The test is skipped, with this note. */
  skip?: string
  /** The test fails, with this message. */
  failure?: string
}

export function settle(found: Verdict, waivers: Waiver[], today: string): Settled {
  // Text from hosts, resolvers and endpoints is shown, never interpreted: Vitest prints the message.
  const v = mapStrings(found, sanitizeText) as Verdict
  const w = waiverFor(v, waivers, today)
  const waiver =
    w.state !== 'none'
      ? { reason: w.waiver.reason, expires: w.waiver.expires, expired: w.state === 'expired' }
      : undefined
  const skip = v.skip ?? (w.state === 'active' ? `waived until ${w.waiver.expires}: ${w.waiver.reason}` : undefined)
  const expired = w.state === 'expired' ? ` (waiver "${w.waiver.reason}" expired on ${w.waiver.expires})` : ''
  const failure = skip === undefined && !v.ok ? `${failureLine(v)}${expired}` : undefined
  return {
    verdict: v,
    ...(waiver && { waiver }),
    ...(skip !== undefined && { skip }),
    ...(failure !== undefined && { failure }),
  }
}

/** `ctl1:eth0` under describe('ctl1') reads best as `<check> eth0`. */
const detailOf = (subject: string, group: string): string =>
  subject.startsWith(`${group}:`) ? subject.slice(group.length + 1) : subject

/** The test's name: `<check> <detail>`, safe for the terminal. */
export const testName = (check: string, subject: string, group: string): string =>
  sanitizeText(`${check} ${detailOf(subject, group)}`)
