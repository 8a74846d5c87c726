// One Neutron call a check cannot go on without. Its failure ends the check as a finding that
// names the step and Neutron's error (type and message), never as a crash: the harness turns a
// StepFailed into a failing verdict.
import type { ApiResult } from '../openstack/neutron.ts'
import { showError, type NeutronApiError } from '../openstack/neutron-error.ts'

export class StepFailed extends Error {
  readonly what: string
  readonly error: NeutronApiError
  constructor(what: string, error: NeutronApiError) {
    // The failure line adds its own full stop.
    super(`could not ${what}: ${showError(error).replace(/\.+$/, '')}`)
    this.name = 'StepFailed'
    this.what = what
    this.error = error
  }
}

/** The value, or StepFailed naming `what` ("create the slaac subnet 2001:db8:100::/64"). */
export async function step<T>(what: string, r: Promise<ApiResult<T>>): Promise<T> {
  const a = await r
  if (a.ok) return a.value
  throw new StepFailed(what, a.error)
}
