// Requests Neutron must refuse with a given status: an invalid mode pair (400), a fixed IP outside
// the pool (400), one already taken (409), a rule whose prefix contradicts its ethertype (400).
// Accepted is a finding; refused for another reason (403 policy, 500) is one too, since the
// validation under test never ran.
import type { ApiResult } from '../../openstack/neutron.ts'
import { showError } from '../../openstack/neutron-error.ts'
import { fail, pass, type Verdict } from '../../verdict.ts'
import { remedyFor, showRefusal, type Base } from '../verdicts.ts'

export interface Attempt {
  /** What was asked, in words: `ipv6_ra_mode=slaac, ipv6_address_mode=dhcpv6-stateful`. */
  asked: string
  result: ApiResult<unknown>
}

const STATUS_TEXT: Record<number, string> = { 400: '400 Bad Request', 409: '409 Conflict' }

export function judgeRefusals(base: Base, status: number, attempts: readonly Attempt[]): Verdict {
  const v = { check: base.check, subject: base.subject, expected: base.expected }
  const want = STATUS_TEXT[status] ?? String(status)
  const evidence = attempts
    .map((a) => `${a.asked}: ${a.result.ok ? `accepted (${a.result.status})` : showRefusal(a.result.error)}`)
    .join('\n')
  const accepted = attempts.filter((a) => a.result.ok)
  if (accepted.length)
    return fail({
      ...v,
      observed: `Neutron accepted ${accepted.map((a) => a.asked).join(' and ')}, expected ${want}`,
      remedy: base.remedy,
      evidence,
    })
  const other = attempts.flatMap((a) =>
    !a.result.ok && a.result.error.status !== status ? [{ a, e: a.result.error }] : [],
  )
  const first = other[0]
  if (first)
    return fail({
      ...v,
      observed: `${first.a.asked} was refused with ${showError(first.e)}, not ${want}: the rule under test never ran`,
      remedy: remedyFor(first.e, base.remedy),
      evidence,
    })
  const errors = attempts.flatMap((a) => (a.result.ok ? [] : [showError(a.result.error)]))
  return pass({ ...v, observed: `refused: ${[...new Set(errors)].join('; ')}`, evidence })
}
