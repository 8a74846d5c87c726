// Many questions to many resolvers, concurrently with a bound (docs/design.md §1.1, §8: 1,000 names in < 2 s).
import { mapLimit } from '../util/map-limit.ts'
import { query } from './query.ts'
import type { DnsResult, DnsServer, DnsType } from './types.ts'

export interface ResolveAllOptions {
  /** Queries in flight at once. */
  concurrency: number
  /** Per query (UDP and TCP retry together), not for the whole batch. */
  timeoutMs: number
  /** Aborting it turns every unfinished query into an `aborted` failure; none is dropped. */
  signal?: AbortSignal
  tcpOnly?: boolean
}

/**
 * Every (name, type, server) question, each answered or failed. Order: names, then types, then
 * servers, as given: result `((i * types.length) + j) * servers.length + k` is names[i], types[j],
 * servers[k], so the answers for one name from every resolver sit together.
 */
export function resolveAll(
  servers: readonly DnsServer[],
  names: readonly string[],
  types: readonly DnsType[],
  opts: ResolveAllOptions,
): Promise<DnsResult[]> {
  const jobs = names.flatMap((name) => types.flatMap((type) => servers.map((server) => ({ server, name, type }))))
  const q = {
    timeoutMs: opts.timeoutMs,
    ...(opts.signal && { signal: opts.signal }),
    ...(opts.tcpOnly && { tcpOnly: true }),
  }
  return mapLimit(jobs, opts.concurrency, (j) => query(j.server, j.name, j.type, q))
}
