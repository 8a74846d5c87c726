// Deleting what the overlay created, in dependency order: router interfaces, ports, subnets,
// routers, networks, security groups; newest first within a kind, concurrently within a kind. A
// 404 counts as gone. Used by each file's afterAll, by the main process after a run or on SIGINT,
// and by `v6ready cleanup`. Each delete is bounded by openstack.timeout (twice, with its retry).
import type { Neutron } from '../openstack/neutron.ts'
import { showError, type NeutronApiError } from '../openstack/neutron-error.ts'
import type { Kind } from '../openstack/neutron-types.ts'
import { mapLimit } from '../util/map-limit.ts'
import type { JournalEntry, TrackedKind } from './journal.ts'

export const DELETE_ORDER: readonly TrackedKind[] = [
  'router-interface',
  'port',
  'subnet',
  'router',
  'network',
  'security-group',
]

/** The entries in the order they are deleted: one layer per kind, newest first inside a layer. */
export function deletionLayers<E extends Pick<JournalEntry, 'kind'>>(entries: readonly E[]): E[][] {
  return DELETE_ORDER.map((k) => entries.filter((e) => e.kind === k).reverse()).filter((l) => l.length > 0)
}

export interface SweepOutcome {
  entry: JournalEntry
  /** `left`: not tried, the sweep's deadline had passed (the main process deletes it after the run). */
  outcome: 'deleted' | 'gone' | 'failed' | 'left'
  /** A subnet that went with its network's DELETE. */
  withNetwork?: boolean
  error?: NeutronApiError
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms))

export interface SweepOptions {
  concurrency: number
  /** Before a delete answered 409 is tried again (bounds.ts: RETRY_PAUSE_MS). */
  retryPauseMs: number
  /** performance.now() after which no delete starts: the rest is `left`. */
  deadline?: number
  onOutcome?: (o: SweepOutcome) => void
}

async function deleteOnce(api: Neutron, e: JournalEntry) {
  if (e.kind !== 'router-interface') return api.remove(e.kind satisfies Kind, e.id)
  return api.routerInterface(
    'remove',
    e.router ?? '',
    e.subnet !== undefined ? { subnet_id: e.subnet } : { port_id: e.port ?? '' },
  )
}

/** One resource. A 409 (still in use: a port of a concurrent delete not yet gone) is tried again once. */
export async function deleteEntry(api: Neutron, e: JournalEntry, retryPauseMs: number): Promise<SweepOutcome> {
  let r = await deleteOnce(api, e)
  if (!r.ok && r.error.status === 409) {
    await pause(retryPauseMs)
    r = await deleteOnce(api, e)
  }
  if (r.ok) return { entry: e, outcome: 'deleted' }
  return r.error.status === 404 ? { entry: e, outcome: 'gone' } : { entry: e, outcome: 'failed', error: r.error }
}

/** Subnets whose network is deleted too: Neutron deletes them with it (one call saved each). */
export const withTheirNetwork = (entries: readonly JournalEntry[]): Set<JournalEntry> => {
  const networks = new Set(entries.filter((e) => e.kind === 'network').map((e) => e.id))
  return new Set(entries.filter((e) => e.kind === 'subnet' && e.network !== undefined && networks.has(e.network)))
}

export async function sweep(
  api: Neutron,
  entries: readonly JournalEntry[],
  opts: SweepOptions,
): Promise<SweepOutcome[]> {
  const out: SweepOutcome[] = []
  const report = (o: SweepOutcome) => (opts.onOutcome?.(o), out.push(o), o)
  const late = () => opts.deadline !== undefined && performance.now() > opts.deadline
  const remove = async (e: JournalEntry) =>
    report(late() ? { entry: e, outcome: 'left' } : await deleteEntry(api, e, opts.retryPauseMs))
  const cascaded = withTheirNetwork(entries)
  for (const layer of deletionLayers(entries.filter((e) => !cascaded.has(e))))
    await mapLimit(layer, opts.concurrency, remove)
  // A subnet whose network is gone went with it; one whose network stayed is tried on its own.
  const gone = new Set(out.filter((o) => o.entry.kind === 'network' && isGone(o)).map((o) => o.entry.id))
  await mapLimit([...cascaded], opts.concurrency, async (e) =>
    gone.has(e.network ?? '') ? report({ entry: e, outcome: 'deleted', withNetwork: true }) : remove(e),
  )
  return out
}

/** Deleted now or before: the journal may say so. */
export const isGone = (o: SweepOutcome): boolean => o.outcome === 'deleted' || o.outcome === 'gone'

/** `deleted network v6ready-…-overlay.bulk-networks-1 (4f1c…)`, or why not. */
export function showOutcome(o: SweepOutcome): string {
  const what = `${o.entry.kind} ${o.entry.name ?? ''} (${o.entry.id})`.replace('  ', ' ')
  if (o.outcome === 'failed') return `FAILED to delete ${what}: ${o.error ? showError(o.error) : 'unknown error'}`
  if (o.outcome === 'left') return `not tried in time, left for later: ${what}`
  return `${o.outcome === 'gone' ? 'already gone' : o.withNetwork ? 'deleted with its network' : 'deleted'}: ${what}`
}
