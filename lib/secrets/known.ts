// The secrets this run itself holds (passwords, passphrases and tokens from the targets file,
// clouds.yaml and Keystone), masked wherever they appear verbatim in what the process writes:
// a host that echoes the SSH passphrase, or an endpoint that reflects the token, shows neither.
import { mapStrings } from '../util/map-strings.ts'
import { MASK } from './redact-text.ts'

/**
 * Shorter values are not masked verbatim: a 3-character password would mask every word that holds
 * it. They are still masked by their key wherever they appear as a value.
 */
export const MIN_SECRET_LENGTH = 4

const known = new Set<string>()
/** Longest first, so a secret that holds another is masked whole. */
let ordered: string[] = []

/** Remembers values to mask from now on, with the forms they take in URLs and JSON. */
export function rememberSecrets(values: Iterable<string | undefined>): void {
  let added = false
  for (const v of values) {
    if (v === undefined || v.length < MIN_SECRET_LENGTH) continue
    for (const form of [v, encodeURIComponent(v), JSON.stringify(v).slice(1, -1)]) {
      if (!known.has(form)) known.add(form), (added = true)
    }
  }
  if (added) ordered = [...known].sort((a, b) => b.length - a.length)
}

/** The text with every remembered secret replaced by `***`. */
export function maskKnown(text: string): string {
  let out = text
  for (const s of ordered) if (out.includes(s)) out = out.replaceAll(s, MASK)
  return out
}

/** A copy of a JSON-like value with every string masked (records, observations). */
export function maskKnownDeep<T>(value: T): T {
  if (ordered.length === 0) return value
  return mapStrings(value, maskKnown) as T
}

/** Forgets every remembered secret (tests). */
export function forgetSecrets(): void {
  known.clear()
  ordered = []
}
