// What the main process hands the overlay tests (through Vitest's provide): a Neutron endpoint
// with a token, and where to carve and what to journal. Plain data that crosses into workers;
// the token in it is never written to observations.json, reports or logs.
import type { NeutronEndpoint } from '../openstack/neutron.ts'
import type { Kind } from '../openstack/neutron-types.ts'

export interface OverlaySession {
  target: string
  /** observations.runId: part of every name, so one run's resources are found by prefix. */
  runId: string
  /** openstack.overlay.cidr, where test subnets are carved. */
  cidr: string
  /** The JSON-lines journal of what was created (lib/overlay/journal.ts). */
  journal: string
  endpoint: NeutronEndpoint
  /** Neutron's extension aliases, read once (GET /v2.0/extensions). */
  extensions: string[]
}

/** Ready, skipped with a reason (--replay, overlay not enabled), or failed before any test (auth). */
export type OverlayState =
  | { state: 'ready'; session: OverlaySession }
  | { state: 'skip'; reason: string }
  | { state: 'failed'; message: string; evidence: string; remedy?: string }

/**
 * Which resources v6ready tags: all that can be found on their own, where Neutron takes tags
 * (standard-attr-tag; or the older `tag` for networks and `tag-ext` for ports and routers).
 * Subnets are not: one cannot outlive its network, and deleting the network deletes it.
 */
export function taggableKinds(extensions: readonly string[]): Kind[] {
  if (extensions.includes('standard-attr-tag')) return ['network', 'port', 'router', 'security-group']
  return [
    ...(extensions.includes('tag') ? (['network'] as const) : []),
    ...(extensions.includes('tag-ext') ? (['port', 'router'] as const) : []),
  ]
}

/**
 * Which of those take their tags in the create's own body, saving a PUT each. Neutron (21, as the
 * lab's, and master) refuses `tags` in a POST for every kind but ports, and applies them to a port only
 * through the ML2 extension driver tag_ports_during_bulk_creation (alias
 * `tag-ports-during-bulk-creation`, single creates too: ML2's _create_port_db hands every port to
 * the extension drivers); without it the API accepts the attribute and drops it, so the alias
 * must be listed. python-openstackclient's `port create --tag` decides the same way.
 */
export function tagsAtCreation(extensions: readonly string[]): Kind[] {
  return extensions.includes('tag-ports-during-bulk-creation') && taggableKinds(extensions).includes('port')
    ? ['port']
    : []
}
