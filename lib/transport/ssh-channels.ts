// An SSH connection's commands: a channel limiter, retries on "open failed", bounded output, timeouts.
import type { Client as Ssh2Client, ClientChannel } from 'ssh2'
import {
  TransportError,
  type ExecOptions,
  type ExecResult,
  type Peer,
  type Transport,
  type TransportErrorWhere,
} from './types.ts'
import { errorKind, errorReason, type Ssh2Error } from './ssh-errors.ts'
import { hostPort, type Hop } from './ssh-hop.ts'
import { MAX_CHANNELS, type SshOptions } from './ssh-options.ts'

// ---------------------------------------------------------------------------------------------
// The connection: a channel limiter, retries on "open failed", bounded output, timeouts.

class Limiter {
  #active = 0
  readonly #waiters: (() => void)[] = []
  readonly #max: number
  constructor(max: number) {
    this.#max = max
  }
  /** Runs fn when a slot is free; the slot is held until fn's promise settles. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#active >= this.#max) await new Promise<void>((r) => this.#waiters.push(r))
    else this.#active++
    try {
      return await fn()
    } finally {
      const next = this.#waiters.shift()
      if (next)
        next() // hand the slot over without decrementing
      else this.#active--
    }
  }
}

class Sink {
  readonly chunks: Buffer[] = []
  size = 0
  truncated = false
  readonly #max: number
  constructor(max: number) {
    this.#max = max
  }
  push(b: Buffer): void {
    const room = this.#max - this.size
    if (b.length > room) this.truncated = true
    if (room <= 0) return
    const kept = b.length > room ? b.subarray(0, room) : b
    this.chunks.push(kept)
    this.size += kept.length
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8')
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * Ask sshd to KILL the command, then close the channel. Closing alone leaves the command running, and
 * its session slot taken, until it exits by itself. ssh2's Channel.signal() does nothing once our side
 * has sent EOF (it checks `writable`), which exec always does; the protocol call under it has no such
 * check. sshd refuses signals for root logins ("session signalling requires privilege separation":
 * root sessions have no privilege-separated child), so for root this stays best effort.
 */
function killChannel(ch: ClientChannel): void {
  const c = ch as unknown as {
    _client?: { _protocol?: { signal(id: number, sig: string): void } }
    outgoing?: { id: number; state: string }
  }
  try {
    // 'eof' is ssh2's state once our side has sent EOF; the channel is still open.
    if (c.outgoing && (c.outgoing.state === 'open' || c.outgoing.state === 'eof'))
      c._client?._protocol?.signal(c.outgoing.id, 'KILL')
  } catch {
    // best effort: closing the channel below is what matters to us
  }
  ch.close()
}

/** What connectSsh returns: a Transport, plus a counter for tests and diagnostics. */
export interface SshTransportInfo extends Transport {
  /** Channel opens retried after "open failed" (sshd frees a session slot late). */
  readonly retries: number
}

export class SshTransport implements SshTransportInfo {
  readonly label: string
  readonly user: string
  readonly peer?: Peer
  readonly #clients: Ssh2Client[] // jump hops first, the target last
  readonly #target: Ssh2Client
  readonly #where: TransportErrorWhere
  readonly #who: string
  readonly #limiter = new Limiter(MAX_CHANNELS)
  readonly #pending = new Set<(e: TransportError) => void>()
  readonly #live: Set<Ssh2Client>
  #failure: TransportError | undefined
  retries = 0

  constructor(clients: Ssh2Client[], target: Hop, o: SshOptions, peer?: Peer) {
    if (peer) this.peer = peer
    this.#clients = clients
    this.#target = clients.at(-1) as Ssh2Client
    this.#live = new Set(clients)
    this.#where = { host: o.name, address: target.host, port: target.port }
    this.#who = `ssh to ${o.name} (${target.user}@${hostPort(target.host, target.port)})`
    this.label = `ssh:${target.user}@${hostPort(target.host, target.port)} (${o.name})`
    this.user = target.user
    const keepalive = `no answer to ${o.keepaliveCountMax} keepalives ${o.keepaliveIntervalMs} ms apart, connection presumed dead`
    for (const c of clients) {
      c.on('error', (e: Ssh2Error) => {
        const kind = errorKind(e)
        this.#fail(
          new TransportError(
            kind,
            `${this.#who}: ${/Keepalive/.test(e.message) ? keepalive : errorReason(e, kind)}`,
            this.#where,
            { cause: e },
          ),
        )
      })
      c.on('close', () => {
        this.#live.delete(c)
        // Our own close() fails the transport first, so this is the host or the network going away.
        const during = this.#pending.size ? ' while a command was running (sshd or the host went away)' : ''
        this.#fail(new TransportError('closed', `${this.#who}: connection closed${during}`, this.#where))
      })
    }
  }

  #fail(e: TransportError): void {
    if (this.#failure) return
    this.#failure = e
    for (const reject of this.#pending) reject(e)
    this.#pending.clear()
    for (const c of [...this.#clients].reverse()) c.end() // target first, then the hops it runs through
  }

  exec(command: string, opts: ExecOptions): Promise<ExecResult> {
    if (this.#failure) return Promise.reject(this.#failure)
    const t0 = performance.now()
    const deadline = t0 + opts.timeoutMs
    return new Promise<ExecResult>((resolve, reject) => {
      const out = new Sink(opts.maxBytes)
      const err = new Sink(opts.maxBytes)
      const exit: { code: number | null; signal?: string } = { code: null }
      let channel: ClientChannel | undefined
      let onClose = () => {}
      let done = false
      const finish = (v: ExecResult | TransportError) => {
        if (done) return
        done = true
        clearTimeout(timer)
        this.#pending.delete(finish)
        if (v instanceof TransportError) reject(v)
        else resolve(v)
      }
      const result = (timedOut: boolean): ExecResult => ({
        code: timedOut ? null : exit.code,
        ...(exit.signal ? { signal: exit.signal } : {}),
        stdout: out.text(),
        stderr: err.text(),
        truncated: out.truncated || err.truncated,
        timedOut,
        durationMs: performance.now() - t0,
      })
      this.#pending.add(finish)
      const timer = setTimeout(() => {
        if (channel) killChannel(channel)
        finish(result(true))
      }, opts.timeoutMs)

      // The slot is held until the channel closes, not until the caller gets an answer: a timed-out
      // command still occupies a session on the server until sshd reaps it.
      this.#limiter
        .run(async () => {
          if (done) return // gave up while queued
          const closed = new Promise<void>((r) => (onClose = r))
          // Listeners go on inside ssh2's callback: a quick command's output, exit status and close
          // can arrive in the same TCP read as the exec reply, before an `await` would resume.
          const opened = await this.#open(
            command,
            deadline,
            () => done,
            (ch) => {
              channel = ch
              ch.on('data', (b: Buffer) => out.push(b))
              ch.stderr.on('data', (b: Buffer) => err.push(b))
              ch.on('exit', (code: number | null, signal?: string) => {
                exit.code = code
                if (signal) exit.signal = signal
              })
              ch.on('error', () => {}) // e.g. a write after the peer closed; the close event follows
              ch.on('close', () => {
                finish(result(false))
                onClose()
              })
              if (opts.stdin !== undefined) ch.end(opts.stdin)
              else ch.end()
            },
          )
          if (!opened) return
          if (done) killChannel(opened) // timed out while the open was in flight
          await closed
        })
        .catch((e: unknown) =>
          finish(
            e instanceof TransportError
              ? e
              : new TransportError('protocol', `${this.#who}: ${(e as Error).message}`, this.#where, { cause: e }),
          ),
        )
    })
  }

  /** Open an exec channel, retrying "open failed" with backoff until the deadline; undefined if given up. */
  async #open(
    command: string,
    deadline: number,
    abandoned: () => boolean,
    attach: (ch: ClientChannel) => void,
  ): Promise<ClientChannel | undefined> {
    for (let attempt = 0; ; attempt++) {
      if (this.#failure) throw this.#failure
      try {
        return await new Promise<ClientChannel>((res, rej) => {
          this.#target.exec(command, (e, ch) => {
            if (e) return rej(e)
            attach(ch)
            res(ch)
          })
        })
      } catch (e) {
        if (this.#failure) throw this.#failure
        if (!/open failed/i.test((e as Error).message)) throw e
        const wait = Math.min(5 * 2 ** attempt, 250) * (0.5 + Math.random())
        if (abandoned() || performance.now() + wait >= deadline) return undefined
        this.retries++
        await sleep(wait)
      }
    }
  }

  async close(): Promise<void> {
    const closing = [...this.#live].map(
      (c) =>
        new Promise<void>((r) => {
          const t = setTimeout(r, 2000) // a dead peer never answers our disconnect
          c.once('close', () => (clearTimeout(t), r()))
        }),
    )
    this.#fail(new TransportError('closed', `${this.#who}: transport closed`, this.#where))
    await Promise.all(closing)
  }
}
