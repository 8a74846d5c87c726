// What the underlay's observation may spend, and whether a target has an underlay at all: apart
// from underlay.ts, so that a run without one never loads the DNS, HTTP and Keystone clients.
import type { ResolvedTarget } from '../targets/resolve.ts'

export interface UnderlayOptions {
  /** Queries, connects and requests in flight at once, each kind on its own. */
  concurrency: number
  /** Per DNS query, the TCP retry included. */
  dnsTimeoutMs: number
  /** Per TCP connect or HTTP request. */
  probeTimeoutMs: number
  authTimeoutMs: number
  /** Evidence only: the body of an endpoint's answer is kept up to this size. */
  maxBodyBytes: number
  /** The name of the resolvers' TCP-only query, when not the first checked name (a shard asks the whole target's first). */
  tcpOnlyName?: string
}

export const UNDERLAY_DEFAULTS: UnderlayOptions = {
  concurrency: 32,
  dnsTimeoutMs: 2000,
  probeTimeoutMs: 5000,
  authTimeoutMs: 10_000,
  maxBodyBytes: 4096,
}

/** Whether the target gives the underlay anything to observe (the built-in local target does not). */
export const hasUnderlay = (t: ResolvedTarget): boolean =>
  (t.dns?.resolvers.length ?? 0) > 0 ||
  (t.dns?.names.length ?? 0) > 0 ||
  t.endpoints.length > 0 ||
  t.openstack !== undefined
