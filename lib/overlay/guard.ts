// The main process's side of the overlay lifecycle. Before the run it deletes what an earlier run
// left in the journal; after the run it deletes what the tests' afterAll could not (a dead
// worker, a failed delete); on SIGINT or SIGTERM it stops workers from creating more, deletes
// everything the journal (and the run's tag) holds, and exits with 130 or 143.
import { constants } from 'node:os'
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import type { Reporter } from 'vitest/node'
import { neutron, type Neutron } from '../openstack/neutron.ts'
import { appendJournal, journalLine, liveEntries, readJournal, stopFile, type JournalEntry } from './journal.ts'
import { findLeftovers } from './leftovers.ts'
import { runPrefix, runTags } from './names.ts'
import { taggableKinds, type OverlaySession } from './session.ts'
import { showOutcome, sweep, type SweepOutcome } from './sweep.ts'

const SIGNALS = ['SIGINT', 'SIGTERM'] as const
/** After a signal: workers' creates already on the wire are journaled within a request's time. */
const SETTLE_MS = 1500
const SETTLE_MAX_MS = 30_000

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
  private ours: NodeJS.SignalsListener | undefined
  private readonly before = new Map<string, unknown[]>()
  /** Set on the first signal; the run's own ending then waits for it (it exits the process). */
  private interrupted: Promise<never> | undefined

  constructor(session: OverlaySession, log: (line: string) => void) {
    this.session = session
    this.log = log
    this.api = neutron(session.endpoint)
  }

  /**
   * Deletes what an earlier run left in this journal, then keeps only what is still there. A run
   * still alive in the same report directory owns the journal: then nothing is touched, and the
   * reason comes back.
   */
  async start(): Promise<string | undefined> {
    const owner = runningOwner(this.session.journal)
    if (owner !== undefined) return `another v6ready run (pid ${owner}) is using ${this.session.journal}: give this run its own --report-dir (or delete ${pidFile(this.session.journal)} if that run is gone)`
    writeFileSync(pidFile(this.session.journal), `${process.pid}\n`)
    rmSync(stopFile(this.session.journal), { force: true })
    const left = liveEntries(readJournal(this.session.journal))
    if (left.length) {
      this.log(`deleting ${left.length} resources an earlier run left (journal ${this.session.journal})`)
      await this.sweep(left)
    }
    const still = liveEntries(readJournal(this.session.journal))
    writeFileSync(this.session.journal, still.map(journalLine).join(''))
    return undefined
  }

  /** Takes SIGINT and SIGTERM; the reporter's onInit then drops the handlers Vitest adds after us. */
  listen(): void {
    this.ours = (signal) => this.interrupt(signal)
    for (const s of SIGNALS) {
      this.before.set(s, process.listeners(s))
      process.on(s, this.ours)
    }
  }

  /**
   * Vitest's own SIGINT handler exits a millisecond after the signal, before any DELETE could be
   * sent; it is installed when Vitest is created, so by onInit it is there to be removed.
   */
  readonly reporter: Reporter = {
    onInit: () => {
      for (const s of SIGNALS) for (const l of process.listeners(s)) if (l !== this.ours && !this.before.get(s)?.includes(l)) process.off(s, l)
    },
  }

  /** After the run: the journal's leftovers (and the run's tagged ones) deleted; how many are left. */
  async finish(): Promise<number> {
    // Vitest may finish while a signal's clean-up runs: that one ends the process, not this.
    if (this.interrupted) return this.interrupted
    this.unlisten()
    const live = liveEntries(readJournal(this.session.journal))
    if (live.length) this.log(`the tests left ${live.length} resources; deleting them`)
    await this.sweep(live)
    await this.sweepTagged()
    const left = liveEntries(readJournal(this.session.journal))
    if (left.length === 0) rmSync(this.session.journal, { force: true })
    else this.log(`${left.length} resources could not be deleted; v6ready cleanup --target ${this.session.target} lists them`)
    rmSync(pidFile(this.session.journal), { force: true })
    return left.length
  }

  private unlisten(): void {
    if (this.ours) for (const s of SIGNALS) process.off(s, this.ours)
  }

  private interrupt(signal: NodeJS.Signals): void {
    const code = 128 + (constants.signals[signal] ?? 2)
    if (this.interrupted) {
      this.log(`${signal} again: exiting now; v6ready cleanup --target ${this.session.target} deletes what is left`)
      process.exit(code)
    }
    this.interrupted = this.cleanUpAndExit(signal, code)
  }

  private async cleanUpAndExit(signal: NodeJS.Signals, code: number): Promise<never> {
    writeFileSync(stopFile(this.session.journal), `${signal}\n`)
    this.log(`${signal}: deleting what run ${this.session.runId} created (journal ${this.session.journal})`)
    try {
      // Creates that were on the wire land in the journal within a request: sweep until it is quiet.
      const t0 = Date.now()
      let last = -1
      for (;;) {
        const live = liveEntries(readJournal(this.session.journal))
        await this.sweep(live)
        if (live.length === 0 && last === 0) break
        last = live.length
        if (Date.now() - t0 > SETTLE_MAX_MS) break
        await new Promise((r) => setTimeout(r, SETTLE_MS))
      }
      await this.sweepTagged()
      const left = liveEntries(readJournal(this.session.journal)).length
      if (left === 0) rmSync(this.session.journal, { force: true })
      this.log(left ? `${left} resources are left: v6ready cleanup --target ${this.session.target}` : 'nothing is left')
    } finally {
      rmSync(stopFile(this.session.journal), { force: true })
      rmSync(pidFile(this.session.journal), { force: true })
      process.exit(code)
    }
  }

  private async sweep(entries: readonly JournalEntry[]): Promise<SweepOutcome[]> {
    if (entries.length === 0) return []
    return sweep(this.api, entries, {
      concurrency: 8,
      onOutcome: (o) => {
        this.log(showOutcome(o))
        if (o.outcome !== 'failed') appendJournal(this.session.journal, { op: 'deleted', run: this.session.runId, kind: o.entry.kind, id: o.entry.id, at: new Date().toISOString() })
      },
    })
  }

  /** What carries the run's tag but never reached the journal (a create whose answer was lost). */
  private async sweepTagged(): Promise<void> {
    if (taggableKinds(this.session.extensions).length === 0) return
    const tag = runTags(this.session.runId)[1] ?? ''
    const { entries } = await findLeftovers(this.api, { namePrefix: runPrefix(this.session.runId), tag, now: new Date() })
    if (entries.length) await this.sweep(entries)
  }
}
