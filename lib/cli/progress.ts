// Progress on stderr while the target is observed, so the first byte comes at once and a slow host
// is named while the run waits on it: `observed 12/200 hosts; waiting on ctl1, cmp7 for 8 s`. In a
// log (stderr not a terminal) a plain line every few seconds; on a terminal one line, rewritten in
// place every second. stdout stays for the results.
import type { ObserveProgress } from '../observe/target.ts'
import { UNDERLAY } from '../observe/target.ts'

/** Names shown in the waiting list; the rest are counted. */
const SHOWN = 3

export interface ProgressState {
  hosts: number
  /** Hosts (and the underlay) done. */
  done: Set<string>
  /** In flight, with when each started (ms, on the same clock as `now`). */
  running: Map<string, number>
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`
const secondsText = (ms: number) => `${Math.max(0, Math.floor(ms / 1000))} s`

/** `observed 12/200 hosts; waiting on ctl1, cmp7 +3 more for 8 s`: the longest waits first. */
export function progressLine(s: ProgressState, now: number): string {
  const hostsDone = [...s.done].filter((x) => x !== UNDERLAY).length
  const head = `observed ${hostsDone}/${plural(s.hosts, 'host')}${s.done.has(UNDERLAY) ? ' and the underlay' : ''}`
  const waiting = [...s.running].sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))
  if (!waiting.length) return head
  const names = waiting.slice(0, SHOWN).map(([n]) => n)
  const more = waiting.length > SHOWN ? ` +${waiting.length - SHOWN} more` : ''
  return `${head}; waiting on ${names.join(', ')}${more} for ${secondsText(now - (waiting[0]?.[1] ?? now))}`
}

export interface ProgressOptions {
  /** Where the lines go: process.stderr unless a test says otherwise. */
  write?: (s: string) => void
  /** One line rewritten in place, rather than a line each time. */
  terminal?: boolean
  /** How often a line is written; by default every second on a terminal, every 5 s in a log. */
  everyMs?: number
  now?: () => number
}

export class Progress implements ObserveProgress {
  private readonly state: ProgressState
  private readonly write: (s: string) => void
  private readonly terminal: boolean
  private readonly everyMs: number
  private readonly now: () => number
  private readonly t0: number
  private timer: NodeJS.Timeout | undefined

  constructor(hosts: number, opts: ProgressOptions = {}) {
    this.state = { hosts, done: new Set(), running: new Map() }
    this.write = opts.write ?? ((s) => void process.stderr.write(s))
    this.terminal = opts.terminal ?? !!process.stderr.isTTY
    this.everyMs = opts.everyMs ?? (this.terminal ? 1000 : 5000)
    this.now = opts.now ?? (() => performance.now())
    this.t0 = this.now()
  }

  /** The first line at once: what is about to be observed. */
  start(target: string, concurrency: number, underlay: boolean): void {
    const what = [
      ...(this.state.hosts || !underlay ? [plural(this.state.hosts, 'host')] : []),
      ...(underlay ? [UNDERLAY] : []),
    ].join(' and ')
    this.write(
      `v6ready: observing ${target}: ${what}${this.state.hosts > concurrency ? `, ${concurrency} at a time` : ''}\n`,
    )
    this.timer = setInterval(() => this.tick(), this.everyMs)
    // A line on a timer must never keep the process alive.
    this.timer.unref()
  }

  started(what: string): void {
    this.state.running.set(what, this.now())
  }

  done(what: string): void {
    this.state.running.delete(what)
    this.state.done.add(what)
  }

  private tick(): void {
    const line = progressLine(this.state, this.now())
    // \r and erase-line only where a terminal reads them; a log gets plain lines.
    this.write(this.terminal ? `\r\x1b[K${line}` : `${line}\n`)
  }

  /** The last line: everything observed, and how long it took. */
  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = undefined
    const line = `${progressLine(this.state, this.now())} in ${((this.now() - this.t0) / 1000).toFixed(1)} s`
    this.write(this.terminal ? `\r\x1b[K${line}\n` : `${line}\n`)
  }
}
