// Observe every host of a target concurrently, with a bound (docs/design.md §8: 32 by default).
import { mapLimit } from '../util/map-limit.ts'
import { randomBytes } from 'node:crypto'
import type { ResolvedTarget } from '../targets/resolve.ts'
import { redactTarget } from '../targets/resolve.ts'
import { observeHost, DEFAULTS, type ObserveOptions } from './host.ts'
import { scrubUnderlay } from './scrub.ts'
import type { HostObservation, Observations } from './record.ts'
import { hasUnderlay, UNDERLAY_DEFAULTS, type UnderlayOptions } from './underlay-options.ts'
import { VERSION } from '../version.ts'

export const TOOL = `v6ready ${VERSION}`

export interface TargetObserveOptions {
  /** Hosts observed at once. */
  concurrency: number
  host: ObserveOptions
  /** undefined: the underlay suite was not selected, so nothing of it is observed. */
  underlay?: UnderlayOptions
  /** Told as each host and the underlay start and end: the CLI's progress line (lib/cli/progress.ts). */
  progress?: ObserveProgress
}

export interface ObserveProgress {
  started(what: string): void
  done(what: string): void
}

/** The name progress reports for the underlay's probes, beside host names. */
export const UNDERLAY = 'the underlay'

async function told<T>(progress: ObserveProgress | undefined, what: string, work: () => Promise<T>): Promise<T> {
  progress?.started(what)
  try {
    return await work()
  } finally {
    progress?.done(what)
  }
}

export const TARGET_DEFAULTS: TargetObserveOptions = { concurrency: 32, host: DEFAULTS, underlay: UNDERLAY_DEFAULTS }

/** Hosts and the underlay side by side: SSH round trips and DNS/HTTP probes overlap. */
export async function observeTarget(
  target: ResolvedTarget,
  opts: TargetObserveOptions = TARGET_DEFAULTS,
): Promise<Observations> {
  const startedAt = new Date().toISOString()
  const t0 = performance.now()
  const [hosts, underlay] = await Promise.all([
    mapLimit(target.hosts, opts.concurrency, (h) =>
      told(opts.progress, h.name, () => observeHost(h, opts.host)),
    ) as Promise<HostObservation[]>,
    opts.underlay && hasUnderlay(target)
      ? told(opts.progress, UNDERLAY, () =>
          import('./underlay.ts').then((u) => u.observeUnderlay(target, opts.underlay)),
        )
      : undefined,
  ])
  return {
    version: 1,
    tool: TOOL,
    runId: `${startedAt.replace(/[-:]/g, '').slice(0, 15)}-${randomBytes(3).toString('hex')}`,
    startedAt,
    durationMs: Math.round(performance.now() - t0),
    target: redactTarget(target),
    hosts,
    ...(underlay && { underlay: scrubUnderlay(underlay) }),
  }
}
