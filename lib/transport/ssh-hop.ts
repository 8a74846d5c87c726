// One hop of an SSH connection: its address, the host keys it may offer, and its handshake.
import ssh2 from 'ssh2'
import type { AuthMethod, Client as Ssh2Client, ConnectConfig, ParsedKey, ServerHostKeyAlgorithm } from 'ssh2'
import { Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import { readFile, stat } from 'node:fs/promises'
import {
  blobKeyType,
  checkHostKey,
  fingerprintSha256,
  lookupHostKeys,
  parseKnownHosts,
  type KnownHostEntry,
} from './known-hosts.ts'
import { addKeyCommand } from './host-key-advice.ts'
import { TransportError, type Peer, type TransportErrorKind, type TransportErrorWhere } from './types.ts'
import { errorKind, errorReason, type Ssh2Error } from './ssh-errors.ts'
import type { SshOptions } from './ssh-options.ts'

// ssh2 is CommonJS: under ESM only Client and a few others are named exports, `utils` is not.
const { Client } = ssh2

// ---------------------------------------------------------------------------------------------
// Addresses and options

export const stripBrackets = (h: string) => h.replace(/^\[(.*)\]$/, '$1')

/** `[::1]:2222`, `10.0.0.1:22`, `ctl1.example:22`. */
export function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`
}

export interface Hop {
  /** As written (alias or spec), for messages. */
  label: string
  host: string
  port: number
  user: string
  identities: { path: string; explicit: boolean }[]
}

// ---------------------------------------------------------------------------------------------
// Connecting one hop

export interface ConnectContext {
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
export function dial(hop: Hop): { sock: Socket; peer: Promise<Peer> } {
  const t0 = performance.now()
  const sock = new Socket()
  const peer = new Promise<Peer>((resolve) =>
    sock.once('connect', () => {
      const family = sock.remoteFamily === 'IPv6' ? 'IPv6' : 'IPv4'
      resolve({
        address: sock.remoteAddress ?? hop.host,
        port: sock.remotePort ?? hop.port,
        family,
        ms: Math.round(performance.now() - t0),
      })
    }),
  )
  return { sock: sock.connect({ host: hop.host, port: hop.port }), peer }
}

export function connectHop(
  hop: Hop,
  ctx: ConnectContext,
  keys: ParsedKey[],
  sock: Duplex | undefined,
  isTarget: boolean,
): Promise<Ssh2Client> {
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
            ? new TransportError(
                'hostkey-mismatch',
                `${who}: the host offered the REVOKED key ${fp} (${r.entry.source})`,
                where,
              )
            : new TransportError(
                'hostkey-mismatch',
                `${who}: HOST KEY MISMATCH: known_hosts expects ${r.expected.map((e) => `${fingerprintSha256(e.key)} (${e.keyType}, ${e.source})`).join(', ')} but the host offered ${fp}`,
                where,
              )
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

export function forward(jump: Ssh2Client, to: Hop, o: SshOptions, via: Hop): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    // The source address is informational only; sshd logs it.
    jump.forwardOut('::1', 0, to.host, to.port, (err, stream) => {
      if (!err) return resolve(stream)
      const kind: TransportErrorKind = /refused/i.test(err.message) ? 'refused' : 'unreachable'
      reject(
        new TransportError(
          kind,
          `ssh to ${o.name}: jump host ${via.label} cannot reach ${hostPort(to.host, to.port)}: ${err.message}`,
          { host: o.name, address: to.host, port: to.port },
          { cause: err },
        ),
      )
    })
  })
}

/** Parsed once per file version: every host of a run reads the same files. */
const parsed = new Map<string, { version: string; entries: KnownHostEntry[] }>()

async function readKnownHostsFile(path: string): Promise<{ version: string; entries: KnownHostEntry[] }> {
  const st = await stat(path)
  const version = `${path}:${st.ino}:${st.size}:${st.mtimeMs}`
  const hit = parsed.get(path)
  if (hit?.version === version) return hit
  const file = { version, entries: parseKnownHosts(await readFile(path, 'utf8'), path) }
  parsed.set(path, file)
  return file
}

/** The entries of all the files, one array per set of file versions, so that its index is built once. */
const joined = new Map<string, KnownHostEntry[]>()

export async function readKnownHosts(files: string[]): Promise<KnownHostEntry[]> {
  const all = await Promise.all(
    files.map(async (path) => {
      try {
        return await readKnownHostsFile(path)
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code
        if (code === 'ENOENT' || code === 'ENOTDIR') return { version: `${path}:absent`, entries: [] }
        throw e
      }
    }),
  )
  if (all.length === 1) return (all[0] as { entries: KnownHostEntry[] }).entries
  const key = all.map((f) => f.version).join('\0')
  const hit = joined.get(key)
  if (hit) return hit
  const flat = all.flatMap((f) => f.entries)
  joined.clear() // only the latest combination is worth keeping
  joined.set(key, flat)
  return flat
}
