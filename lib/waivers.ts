// A waiver turns a finding into a skip with its reason until it expires; past its date the
// finding fails again, and says the waiver ran out.
import { globMatch } from './checks/select.ts'
import type { Verdict } from './verdict.ts'

export interface Waiver {
  check: string
  subject: string
  reason: string
  expires: string // YYYY-MM-DD, inclusive
}

export type Waived = { state: 'none' } | { state: 'active'; waiver: Waiver } | { state: 'expired'; waiver: Waiver }

/** Only failing verdicts are waived: a fixed finding passes whatever its waiver says. Subjects may
 * use * (one waiver for all of a host's listeners). */
export function waiverFor(v: Verdict, waivers: Waiver[], today: string): Waived {
  if (v.ok || v.skip) return { state: 'none' }
  const w = waivers.find((x) => x.check === v.check && globMatch(x.subject, v.subject))
  if (!w) return { state: 'none' }
  return w.expires >= today ? { state: 'active', waiver: w } : { state: 'expired', waiver: w }
}
