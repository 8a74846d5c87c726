// Observe every host of a target concurrently, with a bound (DESIGN §8: 32 by default).
import { mapLimit } from '../util/map-limit.ts'
import { randomBytes } from 'node:crypto'
import type { ResolvedTarget } from '../targets/resolve.ts'
import { redactTarget } from '../targets/resolve.ts'
import { observeHost, DEFAULTS, type ObserveOptions } from './host.ts'
import type { HostObservation, Observations } from './record.ts'

export const TOOL = 'v6ready 0.1.0'

export async function observeTarget(target: ResolvedTarget, concurrency = 32, opts: ObserveOptions = DEFAULTS): Promise<Observations> {
  const startedAt = new Date().toISOString()
  const t0 = performance.now()
  const hosts: HostObservation[] = await mapLimit(target.hosts, concurrency, (h) => observeHost(h, opts))
  return {
    version: 1,
    tool: TOOL,
    runId: `${startedAt.replace(/[-:]/g, '').slice(0, 15)}-${randomBytes(3).toString('hex')}`,
    startedAt,
    durationMs: Math.round(performance.now() - t0),
    target: redactTarget(target),
    hosts,
  }
}
