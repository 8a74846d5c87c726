// The journal of what a run created: one JSON line the moment a resource exists, one more when it
// is gone. Workers append (O_APPEND writes of one line do not interleave); the main process reads
// it to delete whatever a dead worker, a failed afterAll or a SIGINT left behind. A create is
// journaled before it is sent too (write-ahead, by name): Neutron may make what it never answers
// (a timeout after its commit), and only the name can find that.
import { appendFileSync, existsSync, readFileSync } from 'node:fs'

/** What can be left behind; a router interface is undone by remove_router_interface. */
export type TrackedKind = 'network' | 'subnet' | 'port' | 'router' | 'router-interface' | 'security-group'

export interface JournalEntry {
  /**
   * `creating`: a create about to be sent (name, no ID yet), settled by a `created` of that kind
   * and name, or by `not-created` once Neutron refused it or a lookup found nothing.
   */
  op: 'creating' | 'not-created' | 'created' | 'deleted'
  run: string
  kind: TrackedKind
  /** The resource's ID (empty for `creating` and `not-created`); for a router interface `<router id>:<subnet or port id>`. */
  id: string
  name?: string
  check?: string
  /** A subnet's network: deleting the network deletes the subnet with it. */
  network?: string
  /** Router interfaces: the router, and the subnet or port it was added by. */
  router?: string
  subnet?: string
  port?: string
  at: string
}

export const entryKey = (e: Pick<JournalEntry, 'kind' | 'id'>): string => `${e.kind} ${e.id}`

export const journalLine = (e: JournalEntry): string => `${JSON.stringify(e)}\n`

const KINDS = new Set<string>(['network', 'subnet', 'port', 'router', 'router-interface', 'security-group'])
const OPS = new Set<string>(['creating', 'not-created', 'created', 'deleted'])

/** Every well-formed entry; a torn last line (a process killed mid-write) is skipped. */
export function parseJournal(text: string): JournalEntry[] {
  return text.split('\n').flatMap((line) => {
    if (!line.trim()) return []
    try {
      const e = JSON.parse(line) as Partial<JournalEntry>
      return OPS.has(e.op ?? '') && typeof e.id === 'string' && KINDS.has(e.kind ?? '') ? [e as JournalEntry] : []
    } catch {
      return []
    }
  })
}

/** Created and not yet deleted, in creation order. */
export function liveEntries(entries: readonly JournalEntry[]): JournalEntry[] {
  const live = new Map<string, JournalEntry>()
  for (const e of entries) {
    if (e.op === 'created') live.set(entryKey(e), e)
    else if (e.op === 'deleted') live.delete(entryKey(e))
  }
  return [...live.values()]
}

const nameKey = (e: Pick<JournalEntry, 'kind' | 'name'>): string => `${e.kind} ${e.name ?? ''}`

/** Creates sent and not settled: neither answered with the resource, nor refused, nor looked up. */
export function unansweredCreates(entries: readonly JournalEntry[]): JournalEntry[] {
  const open = new Map<string, JournalEntry>()
  for (const e of entries) {
    if (e.op === 'creating') open.set(nameKey(e), e)
    else if ((e.op === 'created' || e.op === 'not-created') && e.name !== undefined) open.delete(nameKey(e))
  }
  return [...open.values()]
}

export const readJournal = (path: string): JournalEntry[] =>
  existsSync(path) ? parseJournal(readFileSync(path, 'utf8')) : []

export const appendJournal = (path: string, e: JournalEntry): void => appendFileSync(path, journalLine(e))

/** Beside the journal while the main process is cleaning up: workers create nothing more. */
export const stopFile = (journal: string): string => `${journal}.stop`
