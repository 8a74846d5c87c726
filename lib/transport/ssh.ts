// SSH transport on ssh2: one connection per target, many concurrent execs over it.
// Measured pitfalls this file answers are in docs/libraries.md §4.
import ssh2 from 'ssh2'
import type { AuthMethod, Client as Ssh2Client, ClientChannel, ConnectConfig, ParsedKey, ServerHostKeyAlgorithm } from 'ssh2'
import { Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import { createHmac, randomBytes } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { blobKeyType, checkHostKey, fingerprintSha256, lookupHostKeys, parseKnownHosts, type KnownHostEntry } from './known-hosts.ts'
import { configSource, lookupSshConfig, nodeFallbackEnv } from './ssh-config-source.ts'
import { hopSettings, type HopSettings, type SshContext, type SshWanted } from './ssh-settings.ts'
import { addKeyCommand } from './host-key-advice.ts'
import { TransportError, type ExecOptions, type ExecResult, type Peer, type Transport, type TransportErrorKind, type TransportErrorWhere } from './types.ts'
import { parseJump } from '../net/jump.ts'

// ssh2 is CommonJS: under ESM only Client and a few others are named exports, `utils` is not.
const { Client, utils } = ssh2

export interface SshOptions {
  /** Target host name for messages (e.g. ctl1). */
  name: string
  /** IPv6 literal (zone ok, brackets ok), IPv4 literal or DNS name; also the ssh_config Host alias. */
  host: string
  /** Absent: ssh_config's Port, else 22. */
  port?: number
  /** Absent: ssh_config's User, else the local user. */
  user?: string
  /** Private key files (`~` and ssh's tokens expanded); absent or empty: ssh_config's, else OpenSSH's defaults that exist. */
  identity?: string[]
  /** For every encrypted identity. */
  passphrase?: string
  /** true: $SSH_AUTH_SOCK (must be set); a string: that socket; false: none; absent: ssh_config's IdentityAgent, else $SSH_AUTH_SOCK if set. */
  agent?: boolean | string
  /** Files to verify host keys against (missing files count as empty); absent or empty: ssh_config's, else OpenSSH's. Unknown hosts are refused. */
  knownHosts?: string[]
  /** ProxyJump: `user@[v6]:port`, `user@host:port`, `host`; a comma list chains hops, as in ssh. false: direct, whatever ssh_config says. */
  jump?: string | false
  /** Absent or true: OpenSSH's own files (~/.ssh/config, /etc/ssh/ssh_config); a string: that file alone; false: none. Explicit options win over its values. */
  sshConfig?: boolean | string
  /** The `ssh` that resolves ssh_config (ssh -G); false: always the fallback parser. */
  sshBinary?: string | false
  /** Absent: ssh_config's ConnectTimeout, else 10 s. */
  readyTimeoutMs?: number
  keepaliveIntervalMs: number
  keepaliveCountMax: number
  /** Told what ssh itself would complain about but we go on with (an identity others can read). */
  warn?: (message: string) => void
}

/** How many channels one connection may have open at once: sshd's MaxSessions defaults to 10. */
export const MAX_CHANNELS = 8

// ---------------------------------------------------------------------------------------------
// Keys: an encrypted key costs ~300 ms of bcrypt KDF per parse, so each (path, passphrase) is
// parsed once per process. The cache id carries an HMAC of the passphrase under a per-process random
// key, never the passphrase itself.

const cacheSecret = randomBytes(32)
const keyCache = new Map<string, Promise<ParsedKey>>()
const keyStats = { parses: 0, hits: 0 }

/** How many key files were actually parsed (bcrypt included) and how many connects reused one. */
export function keyCacheStats(): { parses: number; hits: number } {
  return { ...keyStats }
}

export function clearKeyCache(): void {
  keyCache.clear()
}

function loadKey(path: string, passphrase: string | undefined, where: TransportErrorWhere): Promise<ParsedKey> {
  const id = `${path}\0${passphrase === undefined ? '-' : createHmac('sha256', cacheSecret).update(passphrase).digest('hex')}`
  const cached = keyCache.get(id)
  if (cached) {
    keyStats.hits++
    return cached
  }
  const p = (async () => {
    let buf: Buffer
    try {
      buf = await readFile(path)
    } catch (e) {
      throw new TransportError('key', `cannot read identity ${path}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`, where)
    }
    keyStats.parses++
    const parsed = utils.parseKey(buf, passphrase)
    // Some formats parse to a list; ssh2 itself uses the first one.
    const key = Array.isArray(parsed) ? (parsed[0] as ParsedKey | Error) : parsed
    if (key instanceof Error) {
      const encrypted = /encrypted|passphrase|decrypt/i.test(key.message)
      // ssh2's messages carry no key material, but never echo anything that could hold the passphrase.
      const why = !encrypted
        ? 'not a private key ssh2 can read'
        : passphrase === undefined
          ? 'it is encrypted and no passphrase was given'
          : 'wrong passphrase (cannot decrypt it)'
      throw new TransportError('key', `identity ${path}: ${why}`, where)
    }
    if (!key.isPrivateKey()) throw new TransportError('key', `identity ${path} is a public key, not a private one`, where)
    return key
  })()
  keyCache.set(id, p)
  p.catch(() => keyCache.delete(id)) // failures are not cached: the file or passphrase may be fixed
  return p
}

/**
 * ssh refuses a private key that its group or others may read ("UNPROTECTED PRIVATE KEY FILE"); we
 * use it, since the run must go on, but say so. The message names the file and its mode, never a
 * byte of the key.
 */
export async function looseKeyMode(path: string): Promise<string | undefined> {
  const mode = (await stat(path).catch(() => undefined))?.mode
  if (mode === undefined || (mode & 0o077) === 0) return undefined
  const octal = (mode & 0o777).toString(8).padStart(4, '0')
  return `identity ${path} has mode ${octal}: its group or others can read the private key, and ssh would refuse it (chmod 600 ${path})`
}

// ---------------------------------------------------------------------------------------------
// Addresses and options

const stripBrackets = (h: string) => h.replace(/^\[(.*)\]$/, '$1')

/** `[::1]:2222`, `10.0.0.1:22`, `ctl1.example:22`. */
export function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`
}

interface Hop {
  /** As written (alias or spec), for messages. */
  label: string
  host: string
  port: number
  user: string
  identities: { path: string; explicit: boolean }[]
}

// ---------------------------------------------------------------------------------------------
// Errors

type Ssh2Error = Error & { code?: string; level?: string; reason?: number }

function errorKind(e: Ssh2Error): TransportErrorKind {
  switch (e.code) {
    case 'ECONNREFUSED':
      return 'refused'
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
    case 'EADDRNOTAVAIL':
    case 'EINVAL': // e.g. a link-local address without a usable zone
      return 'unreachable'
    case 'ETIMEDOUT':
      return 'timeout'
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
      return 'dns'
    case 'ECONNRESET':
    case 'EPIPE':
      return 'closed'
  }
  const m = e.message
  if (/Timed out while waiting for handshake|Keepalive timeout/.test(m)) return 'timeout'
  if (/All configured authentication methods failed/.test(m)) return 'auth'
  if (/Connection lost before handshake|Not connected|No response from server/.test(m)) return 'closed'
  return 'protocol'
}

// The kernel's words, so an `unreachable` route reads as what it is.
const UNREACHABLE: Record<string, string> = {
  EHOSTUNREACH: 'no route to host',
  ENETUNREACH: 'network unreachable',
  EADDRNOTAVAIL: 'no local address to connect from',
  EINVAL: 'invalid address (a link-local address needs its zone)',
}

function errorReason(e: Ssh2Error, kind: TransportErrorKind): string {
  switch (kind) {
    case 'refused':
      return 'connection refused'
    case 'unreachable':
      return `${UNREACHABLE[e.code ?? ''] ?? 'unreachable'} (${e.code})`
    case 'dns':
      return `name does not resolve (${e.code})`
    case 'auth':
      return 'authentication failed (all configured methods were refused)'
  }
  return e.message
}

// ---------------------------------------------------------------------------------------------
// Connecting one hop

interface ConnectContext {
  o: SshOptions
  knownHosts: KnownHostEntry[]
  /** Where they came from, for messages. */
  knownHostFiles: string[]
  agent: string | undefined
  readyTimeoutMs: number
}

// ssh2's default host key algorithms, in its own order (docs/libraries.md §4: ssh2 1.17 on Node 20 has ed25519).
const HOST_KEY_ALGOS: ServerHostKeyAlgorithm[] = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
]
const algosForKeyType = (t: string): ServerHostKeyAlgorithm[] =>
  t === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : HOST_KEY_ALGOS.filter((a) => a === t)

/**
 * Ask first for the key types known_hosts holds for this host, as ssh does: a server with both an
 * ed25519 and an ecdsa key, known only by its ecdsa key, must not be reported as a mismatch.
 */
function hostKeyAlgorithms(entries: KnownHostEntry[], host: string, port: number): ServerHostKeyAlgorithm[] {
  const known = lookupHostKeys(entries, host, port).keys.flatMap((e) => algosForKeyType(e.keyType))
  return [...new Set([...known, ...HOST_KEY_ALGOS])]
}

/**
 * The TCP connection to a host reached directly, made here rather than by ssh2 so that its peer is
 * known: the hosts suite counts it as its probe of that port (lib/observe/host.ts). Connecting
 * before ssh2 takes the socket keeps ssh2 waiting for 'connect', and its error handling, as for its
 * own, provided ssh2 takes it before the event loop turns.
 */
function dial(hop: Hop): { sock: Socket; peer: Promise<Peer> } {
  const t0 = performance.now()
  const sock = new Socket()
  const peer = new Promise<Peer>((resolve) =>
    sock.once('connect', () => {
      const family = sock.remoteFamily === 'IPv6' ? 'IPv6' : 'IPv4'
      resolve({ address: sock.remoteAddress ?? hop.host, port: sock.remotePort ?? hop.port, family, ms: Math.round(performance.now() - t0) })
    }),
  )
  return { sock: sock.connect({ host: hop.host, port: hop.port }), peer }
}

function connectHop(hop: Hop, ctx: ConnectContext, keys: ParsedKey[], sock: Duplex | undefined, isTarget: boolean): Promise<Ssh2Client> {
  const { o } = ctx
  const where: TransportErrorWhere = { host: o.name, address: hop.host, port: hop.port }
  const who = isTarget
    ? `ssh to ${o.name} (${hop.user}@${hostPort(hop.host, hop.port)})`
    : `ssh to ${o.name}: jump host ${hop.label} (${hop.user}@${hostPort(hop.host, hop.port)})`
  return new Promise((resolve, reject) => {
    const client = new Client()
    let settled = false
    let hostKeyFailure: TransportError | undefined
    const fail = (err: TransportError) => {
      if (settled) return
      settled = true
      client.end()
      reject(err)
    }
    // `on`, not `once`: a refused connection emits 'error' twice (ECONNREFUSED, then "Connection lost
    // before handshake"), and an error with no listener would crash the process. This listener
    // stays for the client's life; the transport adds its own after 'ready'.
    client.on('error', (e: Ssh2Error) => {
      if (hostKeyFailure) return fail(hostKeyFailure)
      const kind = errorKind(e)
      fail(new TransportError(kind, `${who}: ${errorReason(e, kind)}`, where, { cause: e }))
    })
    client.on('close', () => fail(new TransportError('closed', `${who}: connection closed before it was ready`, where)))
    client.on('ready', () => {
      settled = true
      // ssh2 never disables Nagle: every exec round trip then waits for a delayed ACK (48 ms → 5 ms).
      client.setNoDelay(true)
      resolve(client)
    })

    const hostVerifier = (offered: Buffer): boolean => {
      const r = checkHostKey(ctx.knownHosts, hop.host, hop.port, offered)
      if (r.status === 'ok') return true
      const fp = `${fingerprintSha256(offered)} (${blobKeyType(offered)})`
      hostKeyFailure =
        r.status === 'unknown'
          ? new TransportError(
              'hostkey-unknown',
              `${who}: host key unknown: no entry for ${hostPort(hop.host, hop.port)} in ${ctx.knownHostFiles.join(', ') || '(no known_hosts files)'}; the host offered ${fp}. v6ready never learns a key: check that fingerprint out of band, then add the key with \`${addKeyCommand(hop.host, hop.port, offered, ctx.knownHostFiles)}\``,
              where,
            )
          : r.status === 'revoked'
            ? new TransportError('hostkey-mismatch', `${who}: the host offered the REVOKED key ${fp} (${r.entry.source})`, where)
            : new TransportError('hostkey-mismatch', `${who}: HOST KEY MISMATCH: known_hosts expects ${r.expected.map((e) => `${fingerprintSha256(e.key)} (${e.keyType}, ${e.source})`).join(', ')} but the host offered ${fp}`, where)
      return false
    }

    const authHandler: AuthMethod[] = [
      ...(ctx.agent ? [{ type: 'agent', username: hop.user, agent: ctx.agent } as AuthMethod] : []),
      ...keys.map((key) => ({ type: 'publickey', username: hop.user, key }) as AuthMethod),
    ]
    const cfg: ConnectConfig = {
      host: hop.host,
      port: hop.port,
      username: hop.user,
      authHandler,
      hostVerifier,
      algorithms: { serverHostKey: hostKeyAlgorithms(ctx.knownHosts, hop.host, hop.port) },
      readyTimeout: ctx.readyTimeoutMs,
      keepaliveInterval: o.keepaliveIntervalMs,
      keepaliveCountMax: o.keepaliveCountMax,
      ...(sock ? { sock } : {}),
    }
    try {
      client.connect(cfg)
    } catch (e) {
      fail(new TransportError('protocol', `${who}: ${(e as Error).message}`, where, { cause: e }))
    }
  })
}

function forward(jump: Ssh2Client, to: Hop, o: SshOptions, via: Hop): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    // The source address is informational only; sshd logs it.
    jump.forwardOut('::1', 0, to.host, to.port, (err, stream) => {
      if (!err) return resolve(stream)
      const kind: TransportErrorKind = /refused/i.test(err.message) ? 'refused' : 'unreachable'
      reject(new TransportError(kind, `ssh to ${o.name}: jump host ${via.label} cannot reach ${hostPort(to.host, to.port)}: ${err.message}`, { host: o.name, address: to.host, port: to.port }, { cause: err }))
    })
  })
}

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
      if (next) next() // hand the slot over without decrementing
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
  const c = ch as unknown as { _client?: { _protocol?: { signal(id: number, sig: string): void } }; outgoing?: { id: number; state: string } }
  try {
    // 'eof' is ssh2's state once our side has sent EOF; the channel is still open.
    if (c.outgoing && (c.outgoing.state === 'open' || c.outgoing.state === 'eof')) c._client?._protocol?.signal(c.outgoing.id, 'KILL')
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

class SshTransport implements SshTransportInfo {
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
        this.#fail(new TransportError(kind, `${this.#who}: ${/Keepalive/.test(e.message) ? keepalive : errorReason(e, kind)}`, this.#where, { cause: e }))
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
          const opened = await this.#open(command, deadline, () => done, (ch) => {
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
          })
          if (!opened) return
          if (done) killChannel(opened) // timed out while the open was in flight
          await closed
        })
        .catch((e: unknown) => finish(e instanceof TransportError ? e : new TransportError('protocol', `${this.#who}: ${(e as Error).message}`, this.#where, { cause: e })))
    })
  }

  /** Open an exec channel, retrying "open failed" with backoff until the deadline; undefined if given up. */
  async #open(command: string, deadline: number, abandoned: () => boolean, attach: (ch: ClientChannel) => void): Promise<ClientChannel | undefined> {
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

// ---------------------------------------------------------------------------------------------

async function readKnownHosts(files: string[]): Promise<KnownHostEntry[]> {
  const all = await Promise.all(
    files.map(async (path) => {
      try {
        return parseKnownHosts(await readFile(path, 'utf8'), path)
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code
        if (code === 'ENOENT' || code === 'ENOTDIR') return []
        throw e
      }
    }),
  )
  return all.flat()
}

async function hopKeys(hop: Hop, o: SshOptions): Promise<ParsedKey[]> {
  const where = { host: o.name, address: hop.host, port: hop.port }
  const keys: ParsedKey[] = []
  for (const id of hop.identities) {
    try {
      keys.push(await loadKey(id.path, o.passphrase, where))
      const loose = await looseKeyMode(id.path)
      if (loose) o.warn?.(loose)
    } catch (e) {
      // ssh only warns about an ssh_config IdentityFile that does not exist; an explicit one must.
      if (!id.explicit && e instanceof TransportError && /cannot read identity/.test(e.message)) continue
      throw e
    }
  }
  return keys
}

// ---------------------------------------------------------------------------------------------
// Settings: the targets file, then ssh_config (ssh -G or the fallback), then OpenSSH's defaults
// (ssh-settings.ts decides; this part only fetches).

function sshContext(): SshContext {
  const f = nodeFallbackEnv()
  return { home: f.home, localUser: f.localUser, uid: f.uid, localHost: f.localHost, env: process.env, exists: (p) => existsSync(p) }
}

async function settingsFor(o: SshOptions, w: SshWanted, ctx: SshContext, label: string): Promise<HopSettings> {
  const where = { host: o.name, address: w.alias, port: w.port ?? 22 }
  const source = configSource(o.sshConfig)
  const found = await lookupSshConfig(source, { host: w.alias, ...(w.user !== undefined && { user: w.user }), ...(w.port !== undefined && { port: w.port }) }, o.sshBinary).catch(
    (e: unknown) => {
      throw new TransportError('config', `ssh to ${label}: ${(e as Error).message}`, where, { cause: e })
    },
  )
  for (const n of found.notes) o.warn?.(`ssh_config: ${n}`)
  const s = hopSettings(w, found.dump, ctx)
  if (s.proxyCommand !== undefined)
    throw new TransportError(
      'config',
      `ssh to ${label}: ssh_config gives ${w.alias} a ProxyCommand (${s.proxyCommand}); v6ready runs no local command: use ProxyJump in ssh_config, or ssh.jump in the targets file`,
      where,
    )
  return s
}

/** Connect (through jump hosts if asked), authenticate and verify host keys; reject with TransportError. */
export async function connectSsh(o: SshOptions): Promise<SshTransportInfo> {
  const alias = stripBrackets(o.host)
  const ctx0 = sshContext()
  const t = await settingsFor(
    o,
    {
      alias,
      ...(o.user !== undefined && { user: o.user }),
      ...(o.port !== undefined && { port: o.port }),
      ...(o.identity !== undefined && { identity: o.identity }),
      ...(o.agent !== undefined && { agent: o.agent }),
      ...(o.knownHosts !== undefined && { knownHosts: o.knownHosts }),
      ...(o.jump !== undefined && { jump: o.jump }),
      ...(o.readyTimeoutMs !== undefined && { timeout: o.readyTimeoutMs / 1000 }),
    },
    ctx0,
    o.name,
  )
  const where = { host: o.name, address: t.host, port: t.port }
  const target: Hop = { label: o.name, host: t.host, port: t.port, user: t.user, identities: t.identities }
  const jumps = await Promise.all(
    (t.jump ? t.jump.split(',') : []).map(async (spec): Promise<Hop> => {
      const j = parseJump(spec)
      if (!j) throw new TransportError('config', `ssh to ${o.name}: bad jump host spec: ${spec}`, where)
      // A jump host is resolved through ssh_config by its own name, as ssh does; its spec wins. It
      // shares the target's identity files, agent and known_hosts.
      const h = await settingsFor(o, { alias: j.host, ...(j.user && { user: j.user }), ...(j.port && { port: j.port }), identity: o.identity ?? [], jump: false }, ctx0, `${o.name}: jump host ${spec}`)
      return { label: spec, host: h.host, port: h.port, user: h.user, identities: h.identities }
    }),
  )

  if (o.agent === true && t.agent === undefined) throw new TransportError('auth', `ssh to ${o.name}: agent: true, but SSH_AUTH_SOCK is not set`, where)
  const ctx: ConnectContext = { o, knownHosts: await readKnownHosts(t.knownHosts), knownHostFiles: t.knownHosts, agent: t.agent, readyTimeoutMs: t.timeoutMs }

  const clients: Ssh2Client[] = []
  let peer: Promise<Peer> | undefined
  try {
    let sock: Duplex | undefined
    const hops = [...jumps, target]
    for (const [i, hop] of hops.entries()) {
      const keys = await hopKeys(hop, o)
      // Dialled in the same tick as ssh2 takes the socket: a refusal must find ssh2's error handler.
      if (!jumps.length) ({ sock, peer } = dial(hop))
      const client = await connectHop(hop, ctx, keys, sock, i === hops.length - 1)
      clients.push(client)
      const next = hops[i + 1]
      if (next) sock = await forward(client, next, o, hop)
    }
  } catch (e) {
    for (const c of clients.reverse()) c.end()
    throw e
  }
  // Ready implies connected: the peer is known by now.
  return new SshTransport(clients, target, o, peer && (await peer))
}
