// SIGINT and SIGTERM during `v6ready run` (issue 7). Whatever the phase, the first signal runs what
// the phase says (write the reports with what was judged, delete the overlay's resources) and then
// exits with 128 + the signal's number (130, 143): what a shell reports for a process that signal
// killed, so a CI job sees "interrupted", not "failed". A second signal exits at once.
import { constants } from 'node:os'
import type { Reporter } from 'vitest/node'

const SIGNALS = ['SIGINT', 'SIGTERM'] as const

export const exitCodeOf = (signal: NodeJS.Signals): number =>
  128 + (constants.signals[signal] ?? constants.signals.SIGINT)

type Listener = (...args: unknown[]) => void

export class Interrupts {
  private onSignal: (signal: NodeJS.Signals) => void | Promise<void> = () => {}
  private again: string | undefined
  private first: NodeJS.Signals | undefined
  private readonly before = new Map<string, Listener[]>()
  private readonly ours = (signal: NodeJS.Signals): void => void this.receive(signal)
  /** Settles never: the first signal's handler ends the process. */
  readonly ending = new Promise<never>(() => {})

  /** Taken from the start of the run: before anything is observed, a signal must write a report. */
  listen(): void {
    for (const s of SIGNALS) {
      this.before.set(s, process.listeners(s) as Listener[])
      process.on(s, this.ours)
    }
  }

  close(): void {
    for (const s of SIGNALS) process.off(s, this.ours)
  }

  /** What the first signal does from now on; `again` is said if a second one cuts it short. */
  during(handler: (signal: NodeJS.Signals) => void | Promise<void>, again?: string): void {
    this.onSignal = handler
    this.again = again
  }

  /** The signal received, once there was one. */
  get signal(): NodeJS.Signals | undefined {
    return this.first
  }

  /**
   * Vitest's own handler exits a millisecond after the signal, before the overlay's DELETEs could
   * be sent; it is installed when Vitest is created, so by onInit it is there to be removed. Until
   * then only the reports matter, and the handlers write them before Vitest's timer fires.
   */
  readonly reporter: Reporter = {
    onInit: () => {
      for (const s of SIGNALS)
        for (const l of process.listeners(s))
          if (l !== this.ours && !this.before.get(s)?.includes(l as Listener)) process.off(s, l)
    },
  }

  private async receive(signal: NodeJS.Signals): Promise<void> {
    const code = exitCodeOf(signal)
    if (this.first) {
      console.error(`v6ready: ${signal} again: exiting now${this.again ? `; ${this.again}` : ''}`)
      process.exit(code)
    }
    this.first = signal
    // Should Vitest's own handler still run, it exits with this code rather than its own guess.
    process.exitCode = code
    try {
      await this.onSignal(signal)
    } catch (e) {
      console.error(e)
    } finally {
      process.exit(code)
    }
  }
}
