// SSH transport on ssh2: one connection per target, many concurrent execs over it. The options,
// keys, hops, errors and channels are each in their own ssh-*.ts; the measured pitfalls they answer
// are in docs/libraries.md §4.
import type { Client as Ssh2Client } from 'ssh2'
import type { Duplex } from 'node:stream'
import { existsSync } from 'node:fs'
import { configSource, lookupSshConfig, nodeFallbackEnv } from './ssh-config-source.ts'
import { hopSettings, type HopSettings, type SshContext, type SshWanted } from './ssh-settings.ts'
import { TransportError, type Peer } from './types.ts'
import { parseJump } from '../net/jump.ts'
import { SshTransport, type SshTransportInfo } from './ssh-channels.ts'
import { connectHop, dial, forward, readKnownHosts, stripBrackets, type ConnectContext, type Hop } from './ssh-hop.ts'
import { hopKeys } from './ssh-keys.ts'
import type { SshOptions } from './ssh-options.ts'

// ---------------------------------------------------------------------------------------------
// Settings: the targets file, then ssh_config (ssh -G or the fallback), then OpenSSH's defaults
// (ssh-settings.ts decides; this part only fetches).

function sshContext(): SshContext {
  const f = nodeFallbackEnv()
  return {
    home: f.home,
    localUser: f.localUser,
    uid: f.uid,
    localHost: f.localHost,
    env: process.env,
    exists: (p) => existsSync(p),
  }
}

async function settingsFor(o: SshOptions, w: SshWanted, ctx: SshContext, label: string): Promise<HopSettings> {
  const where = { host: o.name, address: w.alias, port: w.port ?? 22 }
  const source = configSource(o.sshConfig)
  const found = await lookupSshConfig(
    source,
    { host: w.alias, ...(w.user !== undefined && { user: w.user }), ...(w.port !== undefined && { port: w.port }) },
    o.sshBinary,
  ).catch((e: unknown) => {
    throw new TransportError('config', `ssh to ${label}: ${(e as Error).message}`, where, { cause: e })
  })
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
      const h = await settingsFor(
        o,
        {
          alias: j.host,
          ...(j.user && { user: j.user }),
          ...(j.port && { port: j.port }),
          identity: o.identity ?? [],
          jump: false,
        },
        ctx0,
        `${o.name}: jump host ${spec}`,
      )
      return { label: spec, host: h.host, port: h.port, user: h.user, identities: h.identities }
    }),
  )

  if (o.agent === true && t.agent === undefined)
    throw new TransportError('auth', `ssh to ${o.name}: agent: true, but SSH_AUTH_SOCK is not set`, where)
  const ctx: ConnectContext = {
    o,
    knownHosts: await readKnownHosts(t.knownHosts),
    knownHostFiles: t.knownHosts,
    agent: t.agent,
    readyTimeoutMs: t.timeoutMs,
  }

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
