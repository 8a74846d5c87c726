// The main process's side of the overlay lifecycle. Before the run it deletes what an earlier run
// left in the journal; after the run it deletes what the tests' afterAll could not (a dead
// worker, a failed delete); on SIGINT or SIGTERM (lib/cli/interrupts.ts hands it the signal) it
// stops workers from creating more and deletes everything the journal (and the run's tag) holds.
// Creates that got no answer are looked up by name each time: Neutron may have made them anyway.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { neutron, type Neutron } from '../openstack/neutron.ts'
import { overlayBounds, RETRY_PAUSE_MS, SETTLE_PAUSE_MS, type OverlayBounds } from './bounds.ts'
import {
  appendJournal,
  journalLine,
  liveEntries,
  readJournal,
  stopFile,
  unansweredCreates,
  type JournalEntry,
} from './journal.ts'
import { findLeftovers, findUnanswered } from './leftovers.ts'
import { runPrefix, runTags } from './names.ts'
import { taggableKinds, type OverlaySession } from './session.ts'
import { isGone, showOutcome, sweep, type SweepOutcome } from './sweep.ts'

/** Beside the journal while a run uses it. */
const pidFile = (journal: string): string => `${journal}.pid`

/** The pid of another live process that holds the journal, if any. */
function runningOwner(journal: string): number | undefined {
  const path = pidFile(journal)
  if (!existsSync(path)) return undefined
  const pid = Number(readFileSync(path, 'utf8').trim())
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return undefined
  try {
    process.kill(pid, 0)
    return pid
  } catch {
    return undefined // gone: a run that was killed; its journal is ours to sweep
  }
}

export class OverlayGuard {
  private readonly session: OverlaySession
  private readonly log: (line: string) => void
  private readonly api: Neutron
  private readonly bounds: OverlayBounds

  constructor(session: OverlaySession, log: (line: string) => void) {
    this.session = session
    this.log = log
    this.api = neutron(session.endpoint)
    this.bounds = overlayBounds(session.endpoint.timeoutMs)
  }

  /**
   * Deletes what an earlier run left in this journal, then keeps only what is still there. A run
   * still alive in the same report directory owns the journal: then nothing is touched, and the
   * reason comes back.
   */
  async start(): Promise<string | undefined> {
    const owner = runningOwner(this.session.journal)
    if (owner !== undefined)
      return `another v6ready run (pid ${owner}) is using ${this.session.journal}: give this run its own --report-dir (or delete ${pidFile(this.session.journal)} if that run is gone)`
    writeFileSync(pidFile(this.session.journal), `${process.pid}\n`)
    rmSync(stopFile(this.session.journal), { force: true })
    await this.lookUpUnanswered(true)
    const left = liveEntries(readJournal(this.session.journal))
    if (left.length) {
      this.log(`deleting ${left.length} resources an earlier run left (journal ${this.session.journal})`)
      await this.sweep(left)
    }
    const j = readJournal(this.session.journal)
    writeFileSync(this.session.journal, [...liveEntries(j), ...unansweredCreates(j)].map(journalLine).join(''))
    return undefined
  }

  /** After the run: the journal's leftovers (and the run's tagged ones) deleted; how many are left. */
  async finish(): Promise<number> {
    // Every request has ended: a create still unanswered that no lookup finds was never made.
    await this.lookUpUnanswered(true)
    const live = liveEntries(readJournal(this.session.journal))
    if (live.length) this.log(`the tests left ${live.length} resources; deleting them`)
    await this.sweep(live)
    await this.sweepTagged()
    const left = this.left()
    if (left === 0) rmSync(this.session.journal, { force: true })
    else this.log(`${left} resources could not be deleted; v6ready cleanup --target ${this.session.target} lists them`)
    rmSync(pidFile(this.session.journal), { force: true })
    return left
  }

  /** On SIGINT or SIGTERM: workers create nothing more, and what the run made is deleted; how many are left. */
  async interrupt(signal: NodeJS.Signals): Promise<number> {
    writeFileSync(stopFile(this.session.journal), `${signal}\n`)
    this.log(`${signal}: deleting what run ${this.session.runId} created (journal ${this.session.journal})`)
    try {
      // Creates that were on the wire land in the journal within a request (openstack.timeout):
      // sweep until it is quiet and none of this run's creates may still be answered.
      // A create still unanswered may yet be made, so a lookup that finds nothing settles nothing.
      const t0 = performance.now()
      let last = -1
      for (;;) {
        await this.lookUpUnanswered(false)
        const j = readJournal(this.session.journal)
        const live = liveEntries(j)
        await this.sweep(live)
        // Journaled just before it was sent: one younger than openstack.timeout may still be answered.
        const waiting = unansweredCreates(j).some(
          (e) => e.run === this.session.runId && Date.now() - Date.parse(e.at) < this.bounds.callMs,
        )
        if (live.length === 0 && last === 0 && !waiting) break
        last = live.length
        if (performance.now() - t0 > this.bounds.settleMs) break
        await new Promise((r) => setTimeout(r, SETTLE_PAUSE_MS))
      }
      await this.sweepTagged()
      const left = this.left()
      if (left === 0) rmSync(this.session.journal, { force: true })
      this.log(left ? `${left} resources are left: v6ready cleanup --target ${this.session.target}` : 'nothing is left')
      return left
    } finally {
      rmSync(stopFile(this.session.journal), { force: true })
      rmSync(pidFile(this.session.journal), { force: true })
    }
  }

  /** Said when a second signal ends the process before the clean-up is done. */
  get leftBehind(): string {
    return `v6ready cleanup --target ${this.session.target} deletes what is left`
  }

  /** Live entries and creates nobody could look up: what may still exist. */
  private left(): number {
    const j = readJournal(this.session.journal)
    return liveEntries(j).length + unansweredCreates(j).length
  }

  /** Each unanswered create looked up by name; what Neutron made is journaled as created, to be swept. */
  private async lookUpUnanswered(settle: boolean): Promise<void> {
    const open = unansweredCreates(readJournal(this.session.journal))
    if (open.length === 0) return
    const { found, looked } = await findUnanswered(this.api, open)
    for (const f of found) appendJournal(this.session.journal, f)
    if (settle)
      for (const c of looked)
        if (!found.some((f) => f.kind === c.kind && f.name === c.name))
          appendJournal(this.session.journal, { ...c, op: 'not-created', at: new Date().toISOString() })
  }

  private async sweep(entries: readonly JournalEntry[]): Promise<SweepOutcome[]> {
    if (entries.length === 0) return []
    return sweep(this.api, entries, {
      concurrency: 8,
      retryPauseMs: RETRY_PAUSE_MS,
      onOutcome: (o) => {
        this.log(showOutcome(o))
        if (isGone(o))
          appendJournal(this.session.journal, {
            op: 'deleted',
            run: this.session.runId,
            kind: o.entry.kind,
            id: o.entry.id,
            at: new Date().toISOString(),
          })
      },
    })
  }

  /** What carries the run's tag but never reached the journal (a create whose answer was lost). */
  private async sweepTagged(): Promise<void> {
    if (taggableKinds(this.session.extensions).length === 0) return
    const tag = runTags(this.session.runId)[1] ?? ''
    const { entries } = await findLeftovers(this.api, {
      namePrefix: runPrefix(this.session.runId),
      tag,
      now: new Date(),
    })
    if (entries.length) await this.sweep(entries)
  }
}
