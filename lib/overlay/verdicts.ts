// Verdict builders shared by the overlay checks: all problems of a case in one finding (not the
// first only, Tempest's loop habit), a failed step as a finding with a remedy for its error, and
// the API calls as evidence (`METHOD URL → status`).
import { showCall, showError, type ApiCall, type NeutronApiError } from '../openstack/neutron-error.ts'
import { fail, pass, type Verdict } from '../verdict.ts'
import { LONGEST_CHAIN, seconds, type OverlayBounds } from './bounds.ts'
import { StepFailed } from './step.ts'

export interface Base {
  check: string
  subject: string
  /** What passing means for this subject, in the operator's words. */
  expected: string
  /** The check's remedy, for findings about Neutron's behaviour (not about a failed call). */
  remedy: string
}

/** Passes when there is no problem; otherwise one finding listing every problem seen. */
export function judged(
  base: Base,
  problems: readonly (string | false | undefined)[],
  passed: string,
  evidence?: string,
): Verdict {
  const found = problems.filter((p): p is string => typeof p === 'string' && p !== '')
  const v = { check: base.check, subject: base.subject, expected: base.expected, ...(evidence && { evidence }) }
  return found.length === 0
    ? pass({ ...v, observed: passed })
    : fail({ ...v, observed: found.join('; '), remedy: base.remedy })
}

export const TIMEOUT_REMEDY =
  "find the request in neutron-server's log and what it waited on (its API workers busy with other requests, the database, the message queue, a plugin); raise openstack.timeout only if the cloud is slow by design. What Neutron made anyway is looked up by name and deleted"

/** What to do about a failed call, by what Neutron said; `fallback` when the error says nothing more. */
export function remedyFor(e: NeutronApiError, fallback: string): string {
  const s = e.status
  if (e.type === 'Interrupted') return 'the run was interrupted (SIGINT/SIGTERM); run it again'
  // It connected, so it listens: the request hung (a stuck worker, a database lock, a slow plugin).
  if (e.type === 'timeout') return TIMEOUT_REMEDY
  if (s === undefined)
    return `neutron-server did not answer at ${e.url.replace(/\/v2\.0\/.*$/, '')} over IPv6: check that it listens on the catalog URL's address (bind_host = ::, or the address itself) and that the port is open for IPv6`
  if (s === 401)
    return "Neutron refused the token: check neutron-server's [keystone_authtoken] (www_authenticate_uri, auth_url and the service user) against this Keystone"
  if (s === 403 || e.type === 'PolicyNotAuthorized')
    return "Neutron's policy forbids this for the project: find the rule named in the message in neutron-server's policy (policy.yaml or policy.d/) and allow it for the role v6ready authenticates with, or waive the subject if the restriction is intended"
  if (e.type === 'OverQuota')
    return 'raise the project quota (openstack quota set --networks N --subnets N --ports N --routers N --secgroups N <project>), or run v6ready cleanup to delete leftovers'
  if (/overlap/i.test(e.message))
    return `another subnet already uses this CIDR, likely a leftover of an interrupted run: run v6ready cleanup --target <target>, or choose another openstack.overlay.cidr`
  if (s >= 500)
    return "neutron-server failed on this request: its log has the traceback (search it for the request's method and path)"
  if (s === 404)
    return 'the API or resource was not found: is the service plugin loaded (service_plugins = router for routers) and the extension enabled?'
  return fallback
}

export function stepVerdict(base: Base, e: StepFailed): Verdict {
  return fail({
    check: base.check,
    subject: base.subject,
    expected: base.expected,
    observed: e.message,
    remedy: remedyFor(e.error, base.remedy),
  })
}

/** `Neutron took longer than 30 s to add a router interface by subnet … (PUT http://…/add_router_interface)`. */
export const tookLonger = (boundMs: number, what: string, call: Pick<ApiCall, 'method' | 'url'>): string =>
  `Neutron took longer than ${seconds(boundMs)} to ${what} (${call.method} ${call.url})`

/**
 * A request that got no answer within openstack.timeout: the finding names it, whatever the check
 * made of the missing answer. `judged`, the check's own conclusion without that answer, is kept
 * as evidence.
 */
export function timeoutVerdict(
  base: Base,
  boundMs: number,
  what: string,
  call: Pick<ApiCall, 'method' | 'url'>,
  judged?: string,
): Verdict {
  return fail({
    check: base.check,
    subject: base.subject,
    expected: base.expected,
    observed: tookLonger(boundMs, what, call),
    remedy: TIMEOUT_REMEDY,
    ...(judged !== undefined && { evidence: `without that answer the check concluded: ${judged}` }),
  })
}

/**
 * No verdict within the check's bound although each request has its own: the check waited on
 * something else, or made more requests one after the other than the bound allows for.
 */
export function lateVerdict(base: Base, b: Pick<OverlayBounds, 'checkMs' | 'callMs'>): Verdict {
  return fail({
    check: base.check,
    subject: base.subject,
    expected: base.expected,
    observed: `no verdict within ${seconds(b.checkMs)}, the bound of one check (${LONGEST_CHAIN} Neutron requests one after the other, each within openstack.timeout, ${seconds(b.callMs)})`,
    remedy: `check how fast neutron-server answers (its log times each request); if every request was answered within openstack.timeout, this is a bug in v6ready: report it with this evidence`,
  })
}

/** A bug in v6ready, not a finding about the cloud: reported as a failure with the stack. */
export function bugVerdict(base: Base, err: unknown): Verdict {
  const e = err instanceof Error ? err : new Error(String(err))
  return fail({
    check: base.check,
    subject: base.subject,
    expected: base.expected,
    observed: `v6ready failed while checking (a bug, not a finding about the cloud): ${e.message}`,
    remedy: 'report it with this evidence; the resources created so far are still deleted',
    evidence: e.stack ?? e.message,
  })
}

/** The verdict with every API call the check made appended to its evidence. */
export function withCalls(v: Verdict, calls: readonly ApiCall[]): Verdict {
  if (calls.length === 0) return v
  const lines = ['Neutron API calls:', ...calls.map((c) => `  ${showCall(c)}`)].join('\n')
  return { ...v, evidence: v.evidence ? `${v.evidence}\n${lines}` : lines }
}

/** `POST http://…/v2.0/subnets → 400 InvalidInput: …` for a call that was expected to be refused. */
export const showRefusal = (e: NeutronApiError): string => `${e.method} ${e.url} → ${showError(e)}`
