// Private keys for SSH: each (path, passphrase) parsed once per process, and a mode ssh would
// refuse said as a warning.
import ssh2 from 'ssh2'
import type { ParsedKey } from 'ssh2'
import { createHmac, randomBytes } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import { TransportError, type TransportErrorWhere } from './types.ts'
import type { Hop } from './ssh-hop.ts'
import type { SshOptions } from './ssh-options.ts'

// ssh2 is CommonJS: under ESM only Client and a few others are named exports, `utils` is not.
const { utils } = ssh2

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

export function loadKey(path: string, passphrase: string | undefined, where: TransportErrorWhere): Promise<ParsedKey> {
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
      throw new TransportError(
        'key',
        `cannot read identity ${path}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`,
        where,
      )
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
    if (!key.isPrivateKey())
      throw new TransportError('key', `identity ${path} is a public key, not a private one`, where)
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

export async function hopKeys(hop: Hop, o: SshOptions): Promise<ParsedKey[]> {
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
