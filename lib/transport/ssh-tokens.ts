// The expansions OpenSSH applies to ssh_config values: `%` tokens (ssh_config(5) TOKENS), a leading
// `~` and `${VAR}` (ssh_config(5) ENVIRONMENT VARIABLES). Pure: the caller passes what they expand to.
import { createHash } from 'node:crypto'

/** What the client-side tokens stand for, as ssh computes them for one connection. */
export interface TokenValues {
  /** %h: the remote host name after HostName (lower-cased unless an address). */
  host: string
  /** %n: the host as given on the command line (the targets file's address or alias). */
  original: string
  /** %p */
  port: number
  /** %r: the remote user. */
  user: string
  /** %u: the local user. */
  localUser: string
  /** %d and `~`: the local home directory. */
  home: string
  /** %i: the local uid. */
  uid: number
  /** %l: the local host name with its domain; %L is its first label. */
  localHost: string
  /** %k: HostKeyAlias, else the original host. */
  keyAlias?: string
}

/** %C: the hash ssh makes of %l%h%p%r (ssh.c ssh_connection_hash). */
export function connectionHash(t: TokenValues): string {
  return createHash('sha1').update(`${t.localHost}${t.host}${t.port}${t.user}`).digest('hex')
}

/** The tokens IdentityFile, IdentityAgent, UserKnownHostsFile and ControlPath accept (ssh_config(5) TOKENS). */
function clientTokens(t: TokenValues): Record<string, string> {
  return {
    '%': '%',
    C: connectionHash(t),
    d: t.home,
    h: t.host,
    i: String(t.uid),
    k: t.keyAlias ?? t.original,
    L: t.localHost.split('.')[0] ?? t.localHost,
    l: t.localHost,
    n: t.original,
    p: String(t.port),
    r: t.user,
    u: t.localUser,
  }
}

/**
 * ssh's percent_expand: every `%x` must be a token the keyword accepts. An unknown token is an error
 * in ssh ("unknown key %x"); here it is thrown, and the caller names the keyword and the file.
 */
export function percentExpand(text: string, tokens: Record<string, string>): string {
  let out = ''
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string
    if (c !== '%') {
      out += c
      continue
    }
    const k = text[++i]
    if (k === undefined) throw new Error(`"${text}" ends with a lone %`)
    const v = tokens[k]
    if (v === undefined) throw new Error(`unknown token %${k} in "${text}"`)
    out += v
  }
  return out
}

/** `${VAR}` from the environment, as ssh's dollar_expand: an unset variable is an error. */
export function dollarExpand(text: string, env: Readonly<Record<string, string | undefined>>): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
    const v = env[name]
    if (v === undefined) throw new Error(`environment variable ${name} is not set (in "${text}")`)
    return v
  })
}

/** A leading `~` or `~/`: the home directory (`~user` is left as written). */
export function tildeExpand(path: string, home: string): string {
  return path === '~' ? home : path.startsWith('~/') ? `${home}${path.slice(1)}` : path
}

/** IdentityFile, IdentityAgent, UserKnownHostsFile: `~`, then the client tokens, then `${VAR}`, as ssh.c does. */
export function expandClientPath(
  path: string,
  t: TokenValues,
  env: Readonly<Record<string, string | undefined>>,
): string {
  return dollarExpand(percentExpand(tildeExpand(path, t.home), clientTokens(t)), env)
}

/** HostName takes %h (the name as given) and %%. */
export function expandHostName(value: string, original: string): string {
  return percentExpand(value, { h: original, '%': '%' })
}

/** ProxyJump takes %h, %n, %p, %r and %%; ssh expands them when it runs the jump (ssh.c, the implicit ProxyCommand). */
export function expandJump(value: string, t: TokenValues): string {
  return percentExpand(value, { '%': '%', h: t.host, n: t.original, p: String(t.port), r: t.user })
}

const UNIT: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 }

/** ssh's convtime: `90`, `1m30s`, `1h`; undefined when malformed. */
export function convtime(text: string): number | undefined {
  if (!/^([0-9]+[smhdwSMHDW]?)+$/.test(text)) return undefined
  let total = 0
  for (const m of text.matchAll(/([0-9]+)([smhdwSMHDW]?)/g))
    total += Number(m[1]) * (UNIT[(m[2] || 's').toLowerCase()] ?? 1)
  return total
}
