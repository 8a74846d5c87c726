// OpenSSH known_hosts: parse, look up a host, fingerprint keys. Pure (no I/O), so it is unit-tested on
// files written by the real ssh-keygen. No npm package does this (docs/libraries.md §4).
import { createHash, createHmac } from 'node:crypto'

export interface KnownHostEntry {
  /** `@revoked` refuses the key; `@cert-authority` lines are kept but never used for lookup (see below). */
  marker: 'revoked' | 'cert-authority' | undefined
  /** The host field as written: a comma list of patterns, or one hashed `|1|salt|hash` token. */
  hosts: string
  /** Key type from the blob itself (the text field can lie). */
  keyType: string
  /** Wire-format public key: what ssh2's hostVerifier receives. */
  key: Buffer
  /** "file:line", for messages. */
  source: string
}

/** Parse a known_hosts file; lines that are not valid entries are skipped, as ssh does. */
export function parseKnownHosts(text: string, file = 'known_hosts'): KnownHostEntry[] {
  const out: KnownHostEntry[] = []
  text.split(/\r?\n/).forEach((raw, i) => {
    const fields = raw.trim().split(/\s+/)
    if (!fields[0] || fields[0].startsWith('#')) return
    let marker: KnownHostEntry['marker']
    if (fields[0].startsWith('@')) {
      const m = fields.shift()
      if (m === '@revoked') marker = 'revoked'
      else if (m === '@cert-authority') marker = 'cert-authority'
      else return
    }
    const [hosts, , b64] = fields
    if (!hosts || !b64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return
    const key = Buffer.from(b64, 'base64')
    const keyType = blobKeyType(key)
    if (!keyType) return
    out.push({ marker, hosts, keyType, key, source: `${file}:${i + 1}` })
  })
  return out
}

/** The first SSH string of a public key blob is its type (ssh-ed25519, ecdsa-sha2-nistp256, ssh-rsa...). */
export function blobKeyType(blob: Buffer): string | undefined {
  if (blob.length < 4) return undefined
  const n = blob.readUInt32BE(0)
  if (n === 0 || n > 64 || 4 + n > blob.length) return undefined
  const t = blob.subarray(4, 4 + n).toString('latin1')
  return /^[a-z0-9@.-]+$/.test(t) ? t : undefined
}

/** OpenSSH's `SHA256:` fingerprint: base64 of the digest without `=` padding, as `ssh-keygen -l` prints. */
export function fingerprintSha256(keyBlob: Buffer): string {
  return 'SHA256:' + createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')
}

/** The name ssh looks up: `host` on port 22, `[host]:port` otherwise. IPv6 literals go in without brackets. */
export function hostToken(host: string, port: number): string {
  const h = host.replace(/^\[(.*)\]$/, '$1').toLowerCase()
  return port === 22 ? h : `[${h}]:${port}`
}

const globCache = new Map<string, RegExp>()
/** ssh's match_pattern: `*` any run, `?` one character, everything else literal (including `[`), no case. */
export function globMatch(pattern: string, text: string): boolean {
  let re = globCache.get(pattern)
  if (!re) {
    const body = pattern.replace(/[.+^${}()|[\]\\*?]/g, (c) => (c === '*' ? '.*' : c === '?' ? '.' : '\\' + c))
    re = new RegExp(`^${body}$`, 'i')
    globCache.set(pattern, re)
  }
  return re.test(text)
}

/** ssh's match_hostname on a comma list: any `!pattern` that matches vetoes; otherwise any positive match. */
export function matchPatternList(list: string, text: string): boolean {
  let hit = false
  for (const p of list.split(',')) {
    if (p.startsWith('!')) {
      if (globMatch(p.slice(1), text)) return false
    } else if (p && globMatch(p, text)) hit = true
  }
  return hit
}

function hashedMatch(field: string, token: string): boolean {
  // |1|base64(salt)|base64(HMAC-SHA1(key = salt, data = host token))
  const [, magic, salt, hash] = field.split('|')
  if (magic !== '1' || !salt || !hash) return false
  return createHmac('sha1', Buffer.from(salt, 'base64')).update(token).digest('base64') === hash
}

export function entryMatchesHost(e: KnownHostEntry, host: string, port: number): boolean {
  const token = hostToken(host, port)
  return e.hosts.startsWith('|') ? hashedMatch(e.hosts, token) : matchPatternList(e.hosts, token)
}

export interface HostKeys {
  /** Keys the host may present. */
  keys: KnownHostEntry[]
  /** Keys the host must never present. */
  revoked: KnownHostEntry[]
}

/**
 * Where a host's lines can be: under a literal token (a plain line without `*`, `?` or `!`, which
 * matches only a token equal to one of its names, as match_pattern does without wildcards), or in
 * the rest, which is scanned. A fleet's known_hosts holds a line per host: scanning it all for
 * every host made a 1,000-host run quadratic.
 */
interface KnownHostsIndex {
  literal: Map<string, number[]>
  scan: number[]
}

const indexes = new WeakMap<KnownHostEntry[], KnownHostsIndex>()

function indexOf(entries: KnownHostEntry[]): KnownHostsIndex {
  let idx = indexes.get(entries)
  if (idx) return idx
  idx = { literal: new Map(), scan: [] }
  for (const [i, e] of entries.entries()) {
    if (e.hosts.startsWith('|') || /[*?!]/.test(e.hosts)) {
      idx.scan.push(i)
      continue
    }
    for (const name of new Set(e.hosts.toLowerCase().split(',').filter(Boolean))) {
      const at = idx.literal.get(name)
      if (at) at.push(i)
      else idx.literal.set(name, [i])
    }
  }
  indexes.set(entries, idx)
  return idx
}

export function lookupHostKeys(entries: KnownHostEntry[], host: string, port: number): HostKeys {
  const keys: KnownHostEntry[] = []
  const revoked: KnownHostEntry[] = []
  const idx = indexOf(entries)
  // File order, as ssh reads it: the literal hits and the scanned lines merged by line.
  const candidates = [...(idx.literal.get(hostToken(host, port)) ?? []), ...idx.scan].sort((a, b) => a - b)
  for (const e of candidates.map((i) => entries[i] as KnownHostEntry)) {
    // @cert-authority lines vouch for host *certificates*; ssh2 exposes no certificate checking, so
    // they are ignored for now: a host known only through a CA is treated as unknown.
    if (e.marker === 'cert-authority' || !entryMatchesHost(e, host, port)) continue
    ;(e.marker === 'revoked' ? revoked : keys).push(e)
  }
  return { keys, revoked }
}

export type HostKeyCheck =
  | { status: 'ok'; entry: KnownHostEntry }
  | { status: 'unknown' }
  | { status: 'mismatch'; expected: KnownHostEntry[] }
  | { status: 'revoked'; entry: KnownHostEntry }

/** ssh's StrictHostKeyChecking=yes decision for the key a server offered. */
export function checkHostKey(entries: KnownHostEntry[], host: string, port: number, offered: Buffer): HostKeyCheck {
  const { keys, revoked } = lookupHostKeys(entries, host, port)
  const bad = revoked.find((e) => e.key.equals(offered))
  if (bad) return { status: 'revoked', entry: bad }
  const good = keys.find((e) => e.key.equals(offered))
  if (good) return { status: 'ok', entry: good }
  return keys.length ? { status: 'mismatch', expected: keys } : { status: 'unknown' }
}
