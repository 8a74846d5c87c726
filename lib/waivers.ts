// A waiver turns a finding into a skip with its reason until it expires; past its date the
// finding fails again, and says the waiver ran out.
import type { Verdict } from './verdict.ts'

export interface Waiver {
  check: string
  subject: string
  reason: string
  expires: string // YYYY-MM-DD, inclusive
}

export type Waived =
  | { state: 'none' }
  | { state: 'active'; waiver: Waiver }
  | { state: 'expired'; waiver: Waiver }

/** Subjects may use * for any run of characters, so one waiver can cover a host's listeners. */
const matches = (pattern: string, text: string): boolean =>
  new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\?]/g, '\\$&').replaceAll('*', '.*')}$`).test(text)

/** Only failing verdicts are waived: a fixed finding passes whatever its waiver says. */
export function waiverFor(v: Verdict, waivers: Waiver[], today: string): Waived {
  if (v.ok || v.skip) return { state: 'none' }
  const w = waivers.find((x) => x.check === v.check && matches(x.subject, v.subject))
  if (!w) return { state: 'none' }
  return w.expires >= today ? { state: 'active', waiver: w } : { state: 'expired', waiver: w }
}
