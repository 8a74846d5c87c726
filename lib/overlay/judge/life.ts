// The life of a resource through the API, judged alike for networks, subnets, ports and security
// groups (Tempest's create/show/list/update/delete tests): listed once made, updated as asked,
// and gone (404) after its DELETE.
import type { ApiResult } from '../../openstack/neutron.ts'
import { showError } from '../../openstack/neutron-error.ts'
import { echoProblems } from './echo.ts'

export interface LifeFacts<T> {
  created: T & { id: string }
  /** The list that should hold it (filtered by name, ID or parent). */
  listed: { id: string }[]
  /** What the update asked for. */
  update: Record<string, unknown>
  updated: T
  /** GET after the DELETE. */
  after: ApiResult<unknown>
}

/** A refusal that should have been a 404 (the resource is gone). */
export const notGone = (what: string, r: ApiResult<unknown>): string | undefined =>
  r.ok
    ? `${what} is still there after its DELETE`
    : r.error.status === 404
      ? undefined
      : `showing ${what} after its DELETE gave ${showError(r.error)}, expected 404`

export function lifeProblems<T>(what: string, listedIn: string, f: LifeFacts<T>): (string | false | undefined)[] {
  return [
    !f.listed.some((x) => x.id === f.created.id) && `the ${what} is missing from ${listedIn}`,
    ...echoProblems(`the updated ${what}`, f.update, f.updated as Record<string, unknown>),
    notGone(`the ${what}`, f.after),
  ]
}
