// What one SSH hop uses, decided in one place: the targets file's explicit values win over ssh_config,
// which wins over OpenSSH's own defaults (ssh(1), ssh_config(5)). Pure: the caller passes the
// resolved config, the environment and a file-exists predicate.
import {
  OPENSSH_DEFAULT_GLOBAL_KNOWN_HOSTS,
  OPENSSH_DEFAULT_IDENTITIES,
  OPENSSH_DEFAULT_USER_KNOWN_HOSTS,
  type SshConfigDump,
} from './ssh-config-dump.ts'
import { expandClientPath, expandJump, tildeExpand, type TokenValues } from './ssh-tokens.ts'

/** What the targets file says about one hop; undefined (or an empty list) where it says nothing. */
export interface SshWanted {
  /** The host as written (an address or an ssh_config alias): %n, and what `Host` lines match. */
  alias: string
  user?: string
  port?: number
  identity?: string[]
  /** true: $SSH_AUTH_SOCK (which must be set); a path: that socket; false: never an agent. */
  agent?: boolean | string
  knownHosts?: string[]
  /** false: reached directly, whatever ssh_config says. */
  jump?: string | false
  /** Seconds. */
  timeout?: number
}

export interface SshContext {
  home: string
  localUser: string
  uid: number
  localHost: string
  env: Readonly<Record<string, string | undefined>>
  exists: (path: string) => boolean
}

export interface Identity {
  path: string
  /** Named in the targets file: it must exist. One from ssh_config or the defaults is skipped when missing, as ssh does. */
  explicit: boolean
}

export interface HopSettings {
  /** Where to connect: ssh_config's HostName, else the alias. No brackets. */
  host: string
  port: number
  user: string
  identities: Identity[]
  /** The agent's socket; undefined: no agent. */
  agent?: string
  /** Where the agent choice came from, for messages. */
  agentFrom: 'targets file' | 'ssh_config IdentityAgent' | 'SSH_AUTH_SOCK' | 'none'
  /** Files, `~` expanded; missing ones count as empty. */
  knownHosts: string[]
  /** ProxyJump hops, tokens expanded; undefined: direct. */
  jump?: string
  timeoutMs: number
  /** The ProxyCommand ssh_config gives: v6ready runs no local command, so the caller refuses it. */
  proxyCommand?: string
}

/** ssh's defaults minus the key types ssh2 cannot use (security keys, XMSS, DSA), in the order ssh-keygen recommends them. */
export const DEFAULT_IDENTITIES = ['~/.ssh/id_ed25519', '~/.ssh/id_ecdsa', '~/.ssh/id_rsa'] as const

export const DEFAULT_TIMEOUT_S = 10

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i])

/**
 * `ssh -G` prints OpenSSH's defaults where the config set nothing; these are told apart by value: a
 * config that names exactly the default list would get the same files anyway.
 */
function configured(dump: SshConfigDump, home: string) {
  const userDefault = OPENSSH_DEFAULT_USER_KNOWN_HOSTS.map((p) => tildeExpand(p, home))
  return {
    identities: same(dump.identityfile, OPENSSH_DEFAULT_IDENTITIES) ? [] : dump.identityfile,
    userKnownHosts: same(dump.userknownhostsfile, userDefault) ? undefined : dump.userknownhostsfile,
    globalKnownHosts: same(dump.globalknownhostsfile, OPENSSH_DEFAULT_GLOBAL_KNOWN_HOSTS)
      ? undefined
      : dump.globalknownhostsfile,
  }
}

/** `$VAR` (IdentityAgent's legacy form), the word SSH_AUTH_SOCK, `none`, or a path. */
function agentFromConfig(value: string, env: SshContext['env']): string | undefined {
  if (value === 'none') return undefined
  if (value === 'SSH_AUTH_SOCK') return env.SSH_AUTH_SOCK || undefined
  if (value.startsWith('$') && !value.startsWith('${')) return env[value.slice(1)] || undefined
  return value
}

export function hopSettings(w: SshWanted, dump: SshConfigDump, ctx: SshContext): HopSettings {
  const host = dump.hostname.replace(/^\[(.*)\]$/, '$1')
  const port = w.port ?? dump.port
  const user = w.user ?? dump.user
  const tokens: TokenValues = {
    host,
    original: w.alias,
    port,
    user,
    localUser: ctx.localUser,
    home: ctx.home,
    uid: ctx.uid,
    localHost: ctx.localHost,
  }
  const expand = (p: string) => expandClientPath(p, tokens, ctx.env)
  const cfg = configured(dump, ctx.home)

  // ssh: -i files first, then IdentityFile lines; OpenSSH's defaults only when neither names one.
  const explicit = (w.identity ?? []).map((p) => ({ path: expand(p), explicit: true }))
  const fromConfig = cfg.identities
    .filter((p) => p.toLowerCase() !== 'none')
    .map((p) => ({ path: expand(p), explicit: false }))
  const named = [...explicit, ...fromConfig].filter((id, i, all) => all.findIndex((x) => x.path === id.path) === i)
  const nothingNamed = explicit.length === 0 && cfg.identities.length === 0
  const identities = nothingNamed
    ? DEFAULT_IDENTITIES.map((p) => tildeExpand(p, ctx.home))
        .filter(ctx.exists)
        .map((path) => ({ path, explicit: false }))
    : named

  let agent: string | undefined
  let agentFrom: HopSettings['agentFrom'] = 'none'
  if (w.agent !== undefined) {
    if (w.agent !== false) {
      agent = typeof w.agent === 'string' ? tildeExpand(w.agent, ctx.home) : ctx.env.SSH_AUTH_SOCK || undefined
      agentFrom = 'targets file'
    }
  } else if (dump.identityagent !== undefined) {
    agent = agentFromConfig(dump.identityagent, ctx.env)
    agentFrom = 'ssh_config IdentityAgent'
  } else if (!dump.identitiesonly && ctx.env.SSH_AUTH_SOCK) {
    // IdentitiesOnly: ssh offers only the named files' keys; ssh2 cannot pick keys out of an agent, so none of the agent's.
    agent = ctx.env.SSH_AUTH_SOCK
    agentFrom = 'SSH_AUTH_SOCK'
  }

  const knownHosts = w.knownHosts?.length
    ? w.knownHosts.map((p) => tildeExpand(p, ctx.home))
    : [
        ...(cfg.userKnownHosts ?? OPENSSH_DEFAULT_USER_KNOWN_HOSTS.map((p) => tildeExpand(p, ctx.home))),
        ...(cfg.globalKnownHosts ?? OPENSSH_DEFAULT_GLOBAL_KNOWN_HOSTS).map((p) => tildeExpand(p, ctx.home)),
      ]

  const jump =
    w.jump === false
      ? undefined
      : (w.jump ?? (dump.proxyjump !== undefined ? expandJump(dump.proxyjump, tokens) : undefined))
  const timeout = w.timeout ?? dump.connecttimeout ?? DEFAULT_TIMEOUT_S
  return {
    host,
    port,
    user,
    identities,
    ...(agent !== undefined && { agent }),
    agentFrom,
    knownHosts,
    ...(jump !== undefined && { jump }),
    timeoutMs: timeout * 1000,
    ...(w.jump === undefined && dump.proxycommand !== undefined && { proxyCommand: dump.proxycommand }),
  }
}
