// The fallback for where the OpenSSH client is not installed: ssh_config(5) resolved for one host as
// OpenSSH 9.2 does it (readconf.c, ssh.c main), for the keywords v6ready uses. Where `ssh` is installed
// v6ready asks `ssh -G` instead (ssh-config-source.ts); a test holds the two to the same answers.
//
// Covered: Host (patterns, `!` negation, case-sensitive as ssh), Match (all, host, originalhost, user,
// localuser, canonical, final, and `!` before any of them), Include (globs, relative to ~/.ssh for user
// files and /etc/ssh for the system file, nested up to 16 deep), first value wins, and the keywords
// HostName, User, Port, IdentityFile, IdentitiesOnly, IdentityAgent, UserKnownHostsFile,
// GlobalKnownHostsFile, ConnectTimeout, ProxyJump and ProxyCommand with their tokens.
// Not covered, and said so in `notes`: `Match exec` (it would run a command: its block is skipped) and
// criteria newer than 9.2 (`tagged`, `localnetwork`: skipped). Other keywords are read past, never
// judged, so a typo ssh would refuse passes here. A Port given as a service name (`Port ssh`, which ssh
// looks up in /etc/services) is refused. No hostname canonicalisation (v6ready asks `ssh -G`
// not to canonicalise either, so that it sends no DNS query). File modes are not checked.
// Pure: file access comes through `FallbackEnv`.
import { isIPv4 } from 'node:net'
import { canonicalIPv6 } from '../net/addr.ts'
import { parseJump } from '../net/jump.ts'
import {
  OPENSSH_DEFAULT_GLOBAL_KNOWN_HOSTS,
  OPENSSH_DEFAULT_IDENTITIES,
  OPENSSH_DEFAULT_USER_KNOWN_HOSTS,
  type SshConfigDump,
} from './ssh-config-dump.ts'
import { convtime, expandClientPath, expandHostName, tildeExpand, type TokenValues } from './ssh-tokens.ts'

/** Which files: none, OpenSSH's own (~/.ssh/config then /etc/ssh/ssh_config), or one file as `ssh -F`. */
export type SshConfigSource = { kind: 'none' } | { kind: 'default' } | { kind: 'file'; path: string }

/** The host as ssh would be asked for it: `ssh [-l user] [-p port] host`. */
export interface SshQuery {
  host: string
  user?: string
  port?: number
}

export interface FallbackEnv {
  home: string
  localUser: string
  uid: number
  /** gethostname(): %l, %L and %C. */
  localHost: string
  env: Readonly<Record<string, string | undefined>>
  /** The file's text; undefined when it does not exist. */
  readFile(path: string): string | undefined
  /** The names in a directory; undefined when it is not one. */
  listDir(path: string): string[] | undefined
}

export interface FallbackResult {
  dump: SshConfigDump
  /** What the fallback could not do as ssh would, each naming file:line. */
  notes: string[]
}

export const SYSTEM_CONFIG = '/etc/ssh/ssh_config'
const MAX_DEPTH = 16

// ---- lines ----

/** ssh's argv_split: quotes group, `\` escapes only a quote, `\` or (unquoted) a space, `#` at a word start ends the line. */
export function argvSplit(s: string): string[] {
  const out: string[] = []
  let i = 0
  while (i < s.length) {
    const c = s[i] as string
    if (c === ' ' || c === '\t') {
      i++
      continue
    }
    if (c === '#') break
    let arg = ''
    let quote: string | undefined
    for (; i < s.length; i++) {
      const ch = s[i] as string
      const next = s[i + 1]
      if (ch === '\\') {
        if (next === "'" || next === '"' || next === '\\' || (quote === undefined && next === ' ')) arg += s[++i]
        else arg += ch // an unknown escape keeps its backslash
      } else if (quote === undefined && (ch === ' ' || ch === '\t')) break
      else if (quote === undefined && (ch === '"' || ch === "'")) quote = ch
      else if (quote !== undefined && ch === quote) quote = undefined
      else arg += ch
    }
    if (quote !== undefined) throw new Error('invalid quotes')
    out.push(arg)
  }
  return out
}

/** `Keyword value`, `Keyword=value`, `Keyword = value` (misc.c strdelim: one `=` may stand for the space). */
function splitKeyword(line: string): { keyword: string; rest: string } | undefined {
  const m = /^[ \t]*([^ \t="]+)[ \t]*(?:=[ \t]*)?(.*)$/.exec(line)
  if (!m || (m[1] as string).startsWith('#')) return undefined
  return { keyword: (m[1] as string).toLowerCase(), rest: m[2] as string }
}

// ---- patterns (match.c) ----

const globCache = new Map<string, RegExp>()
/** match_pattern: `*` and `?`, everything else literal, case-sensitive. */
function matchPattern(text: string, pattern: string): boolean {
  let re = globCache.get(pattern)
  if (!re) {
    re = new RegExp(
      `^${pattern.replace(/[.+^${}()|[\]\\*?]/g, (c) => (c === '*' ? '[\\s\\S]*' : c === '?' ? '[\\s\\S]' : `\\${c}`))}$`,
    )
    globCache.set(pattern, re)
  }
  return re.test(text)
}

/** match_pattern_list: a comma list, `!` vetoes; `nocase` for host names (match_hostname: `Match host WEB` takes Web, measured on 9.2). */
function matchPatternList(text: string, list: string, nocase: boolean): boolean {
  let hit = false
  const t = nocase ? text.toLowerCase() : text
  for (const raw of list.split(',')) {
    const neg = raw.startsWith('!')
    const body = neg ? raw.slice(1) : raw
    if (matchPattern(t, nocase ? body.toLowerCase() : body)) {
      if (neg) return false
      hit = true
    }
  }
  return hit
}

// ---- Include's glob (glob(3) with GLOB_TILDE, results sorted) ----

function fnmatchSegment(name: string, pattern: string): boolean {
  if (name.startsWith('.') && !pattern.startsWith('.')) return false // a leading dot is never matched by a wildcard
  let re = ''
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string
    if (c === '*') re += '[^/]*'
    else if (c === '?') re += '[^/]'
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2)
      if (end < 0) re += '\\['
      else {
        const body = pattern
          .slice(i + 1, end)
          .replace(/^!/, '^')
          .replace(/[\\\]]/g, (x) => `\\${x}`)
        re += `[${body}]`
        i = end
      }
    } else re += c.replace(/[.+^${}()|\\]/g, (x) => `\\${x}`)
  }
  return new RegExp(`^${re}$`).test(name)
}

function glob(pattern: string, env: FallbackEnv): string[] {
  const parts = pattern.split('/')
  let paths = [parts[0] === '' ? '' : '.']
  for (const [i, seg] of parts.entries()) {
    if (i === 0 && seg === '') continue
    if (seg === '') continue
    const magic = /[*?[]/.test(seg)
    paths = paths.flatMap((dir) => {
      if (!magic) return [`${dir}/${seg}`]
      const names = env.listDir(dir === '' ? '/' : dir) ?? []
      return names.filter((n) => fnmatchSegment(n, seg)).map((n) => `${dir}/${n}`)
    })
  }
  return paths.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
}

// ---- the options being gathered: the first value set wins ----

type Proxy = { kind: 'jump'; spec: string } | { kind: 'jump-none' } | { kind: 'command'; text: string }

interface Options {
  user?: string
  port?: number
  hostname?: string
  identityfile: string[]
  identitiesonly?: boolean
  identityagent?: string
  userkh?: string[]
  globalkh?: string[]
  connecttimeout?: number
  proxy?: Proxy
}

interface Pass {
  /** What `Host` lines match: the name as given, or in the final pass the final host name. */
  host: string
  original: string
  final: boolean
  wantFinal: boolean
}

interface Reading {
  file: string
  user: boolean
  neverMatch: boolean
  depth: number
}

const FLAG: Record<string, boolean> = { yes: true, true: true, no: false, false: false }

/** One `ssh -G`-like resolution. Throws, naming file:line, where ssh would refuse the config. */
export function resolveSshConfigFallback(source: SshConfigSource, q: SshQuery, env: FallbackEnv): FallbackResult {
  const o: Options = {
    identityfile: [],
    ...(q.user !== undefined && { user: q.user }),
    ...(q.port !== undefined && { port: q.port }),
  }
  const notes: string[] = []
  const files: { path: string; user: boolean; required: boolean }[] =
    source.kind === 'none'
      ? []
      : source.kind === 'file'
        ? [{ path: tildeExpand(source.path, env.home), user: true, required: true }]
        : [
            { path: `${env.home}/.ssh/config`, user: true, required: false },
            { path: SYSTEM_CONFIG, user: false, required: false },
          ]

  const readAll = (pass: Pass) => {
    for (const f of files) {
      const active = { value: true }
      const found = readConfigFile(
        f.path,
        { file: f.path, user: f.user, neverMatch: false, depth: 0 },
        active,
        pass,
        o,
        env,
        notes,
      )
      if (!found && f.required) throw new Error(`Can't open user config file ${f.path}: No such file or directory`)
    }
  }

  const first: Pass = { host: q.host, original: q.host, final: false, wantFinal: false }
  readAll(first)
  let host = o.hostname !== undefined ? expandHostName(o.hostname, q.host) : q.host
  host = canonicalHost(host)
  if (first.wantFinal) {
    o.hostname = host
    readAll({ host, original: q.host, final: true, wantFinal: true })
  }

  const user = o.user ?? env.localUser
  const port = o.port ?? 22
  const tokens: TokenValues = {
    host,
    original: q.host,
    port,
    user,
    localUser: env.localUser,
    home: env.home,
    uid: env.uid,
    localHost: env.localHost,
  }
  const userkh = o.userkh ?? [...OPENSSH_DEFAULT_USER_KNOWN_HOSTS]
  const globalkh = o.globalkh ?? [...OPENSSH_DEFAULT_GLOBAL_KNOWN_HOSTS]
  const noneAlone = (l: string[]) => (l[0]?.toLowerCase() === 'none' ? [] : l)
  const dump: SshConfigDump = {
    user,
    hostname: host,
    port,
    identityfile: o.identityfile.length ? o.identityfile : [...OPENSSH_DEFAULT_IDENTITIES],
    identitiesonly: o.identitiesonly ?? false,
    ...(o.identityagent !== undefined && { identityagent: expandClientPath(o.identityagent, tokens, env.env) }),
    userknownhostsfile: noneAlone(userkh).map((p) => expandClientPath(p, tokens, env.env)),
    globalknownhostsfile: noneAlone(globalkh),
    ...(o.connecttimeout !== undefined && { connecttimeout: o.connecttimeout }),
    ...(o.proxy?.kind === 'jump' && { proxyjump: showJump(o.proxy.spec) }),
    ...(o.proxy?.kind === 'command' && o.proxy.text.toLowerCase() !== 'none' && { proxycommand: o.proxy.text }),
  }
  return { dump, notes }
}

/** ssh lower-cases a name; an address is canonicalised instead (ssh.c is_addr, resolve_addr). */
function canonicalHost(host: string): string {
  const isAddr = host.includes('%') || host.includes(':') || /^[0-9.]*$/.test(host)
  if (!isAddr) return host.toLowerCase()
  const c = host.includes(':') ? canonicalIPv6(host) : isIPv4(host) ? host : undefined
  return c !== undefined && c.toLowerCase() !== host.toLowerCase() ? c : host
}

/** ProxyJump as ssh -G prints it: earlier hops as written, the last one normalised, an address bracketed. */
function showJump(spec: string): string {
  const cut = spec.lastIndexOf(',')
  const extra = cut >= 0 ? spec.slice(0, cut) : undefined
  const last = parseJump(spec.slice(cut + 1))
  if (!last) return spec
  const numeric = last.host.includes(':') || /^[0-9.]+$/.test(last.host)
  const host = numeric ? `[${last.host}]` : last.host
  return `${extra !== undefined ? `${extra},` : ''}${last.user !== undefined ? `${last.user}@` : ''}${host}${last.port !== undefined ? `:${last.port}` : ''}`
}

function readConfigFile(
  path: string,
  r: Reading,
  active: { value: boolean },
  pass: Pass,
  o: Options,
  env: FallbackEnv,
  notes: string[],
): boolean {
  if (r.depth > MAX_DEPTH) throw new Error('Too many recursive configuration includes')
  const text = env.readFile(path)
  if (text === undefined) return false
  text.split('\n').forEach((raw, i) => {
    const where = `${path} line ${i + 1}`
    try {
      processLine(raw.replace(/[ \t\r\n\f]+$/, ''), where, r, active, pass, o, env, notes)
    } catch (e) {
      const m = (e as Error).message
      throw new Error(m.startsWith(path) ? m : `${where}: ${m}`)
    }
  })
  return true
}

function processLine(
  line: string,
  where: string,
  r: Reading,
  active: { value: boolean },
  pass: Pass,
  o: Options,
  env: FallbackEnv,
  notes: string[],
): void {
  const kw = splitKeyword(line)
  if (!kw) return
  const { keyword, rest } = kw
  if (rest === '') throw new Error(`no argument after keyword "${keyword}"`)
  const args = argvSplit(rest)
  const on = active.value
  const single = (): string => {
    const a = args[0]
    if (a === undefined || a === '') throw new Error('Missing argument.')
    if (args.length > 1) throw new Error(`keyword ${keyword} extra arguments at end of line`)
    return a
  }
  switch (keyword) {
    case 'host': {
      let matched = false
      for (const a of args) {
        if (r.neverMatch) break
        const neg = a.startsWith('!')
        if (!matchPattern(pass.host, neg ? a.slice(1) : a)) continue
        if (neg) {
          matched = false
          break
        }
        matched = true
      }
      active.value = matched
      return
    }
    case 'match': {
      const m = matchLine(rest, where, pass, o, env, notes)
      active.value = r.neverMatch ? false : m
      return
    }
    case 'include': {
      for (const a of args) {
        if (a.startsWith('~') && !r.user) throw new Error(`bad include path ${a}.`)
        const full = a.startsWith('/') || a.startsWith('~') ? a : `${r.user ? '~/.ssh' : '/etc/ssh'}/${a}`
        const was = active.value
        for (const f of glob(tildeExpand(full, env.home), env)) {
          readConfigFile(
            f,
            { file: f, user: r.user, neverMatch: r.neverMatch || !was, depth: r.depth + 1 },
            active,
            pass,
            o,
            env,
            notes,
          )
          // A Host or Match inside an included file never changes the including file's state.
          active.value = was
        }
      }
      return
    }
    case 'hostname': {
      const v = single()
      if (on && o.hostname === undefined) o.hostname = v
      return
    }
    case 'user': {
      const v = single()
      if (on && o.user === undefined) o.user = v
      return
    }
    case 'port': {
      const v = single()
      const n = /^[0-9]+$/.test(v) ? Number(v) : NaN
      if (!(n >= 1 && n <= 65535)) throw new Error(`Bad port '${v}'.`)
      if (on && o.port === undefined) o.port = n
      return
    }
    case 'identityfile':
    case 'identityfile2': {
      const v = single()
      if (on && !o.identityfile.includes(v)) o.identityfile.push(v)
      return
    }
    case 'identitiesonly': {
      const v = FLAG[single().toLowerCase()]
      if (v === undefined) throw new Error(`unsupported option "${args[0]}".`)
      if (on && o.identitiesonly === undefined) o.identitiesonly = v
      return
    }
    case 'identityagent': {
      const v = single()
      if (on && o.identityagent === undefined) o.identityagent = v
      return
    }
    case 'userknownhostsfile':
    case 'globalknownhostsfile': {
      if (args.some((a, i) => a.toLowerCase() === 'none' && (i > 0 || args.length > 1)))
        throw new Error(`keyword ${keyword} "none" argument must appear alone.`)
      const k = keyword === 'userknownhostsfile' ? 'userkh' : 'globalkh'
      if (on && o[k] === undefined) o[k] = [...args]
      return
    }
    case 'connecttimeout': {
      const v = single()
      if (v === 'none') return // ssh's "unset": a later line may still set it
      const s = convtime(v)
      if (s === undefined) throw new Error('invalid time value.')
      if (on && o.connecttimeout === undefined) o.connecttimeout = s
      return
    }
    case 'proxyjump': {
      // readconf.c parse_jump: the rest of the line, a `#` anywhere starting a comment.
      const spec = rest.replace(/#.*$/, '').trim()
      const none = spec.toLowerCase() === 'none'
      if (!none && !spec.split(',').every((hop) => parseJump(hop) !== undefined))
        throw new Error(`Invalid ProxyJump "${spec}"`)
      if (on && o.proxy === undefined) o.proxy = none ? { kind: 'jump-none' } : { kind: 'jump', spec }
      return
    }
    case 'proxycommand': {
      if (on && o.proxy === undefined) o.proxy = { kind: 'command', text: rest }
      return
    }
  }
}

/** Match criteria (readconf.c match_cfg_line): every criterion must hold; `all` stands alone. */
function matchLine(rest: string, where: string, pass: Pass, o: Options, env: FallbackEnv, notes: string[]): boolean {
  // misc.c strdelim: words split at blanks, a double-quoted word kept whole (`Match exec "test -e x"`).
  const words: string[] = []
  for (const m of rest.matchAll(/"([^"]*)"|[^ \t]+/g)) {
    if (m[1] === undefined && m[0].startsWith('#')) break
    words.push(m[1] ?? m[0])
  }
  // The host Match sees: the final name in the final pass, else HostName so far with %h, else the name given.
  const host = pass.final
    ? (o.hostname ?? pass.host)
    : o.hostname !== undefined
      ? expandHostName(o.hostname, pass.original)
      : pass.original
  const ruser = o.user ?? env.localUser
  let result = true
  let attributes = 0
  for (let i = 0; i < words.length; i++) {
    const raw = words[i] as string
    const negate = raw.startsWith('!')
    const attr = (negate ? raw.slice(1) : raw).toLowerCase()
    if (attr === 'all') {
      if (attributes > 0 || i + 1 < words.length)
        throw new Error(`'${raw}' cannot be combined with other Match attributes`)
      return result && !negate
    }
    attributes++
    if (attr === 'canonical' || attr === 'final') {
      if (attr === 'final') pass.wantFinal = true
      if (pass.final === negate) result = false
      continue
    }
    const arg = words[++i]
    if (arg === undefined) throw new Error(`Missing Match criteria for ${attr}`)
    let r: boolean
    switch (attr) {
      case 'host':
        r = matchPatternList(host, arg, true)
        break
      case 'originalhost':
        r = matchPatternList(pass.original, arg, true)
        break
      case 'user':
        r = matchPatternList(ruser, arg, false)
        break
      case 'localuser':
        r = matchPatternList(env.localUser, arg, false)
        break
      case 'exec':
        notes.push(
          `${where}: Match exec "${arg}" was not run (v6ready's own ssh_config reader runs no command): its block is skipped`,
        )
        r = negate // so that the criterion fails, negated or not
        break
      default:
        notes.push(`${where}: Match ${attr} is not known to v6ready's own ssh_config reader: its block is skipped`)
        r = negate
    }
    if (r === negate) result = false
  }
  if (attributes === 0) throw new Error('One or more attributes required for Match')
  return result
}
