// Read a recorded observation fixture (test/fixtures/observe/, made by capture.sh).
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { Part } from '../../../lib/observe/parse/parts.ts'

export const fixture = (name: string): string =>
  readFileSync(new URL(`../../fixtures/observe/${name}`, import.meta.url), 'utf8')

const CONF = new URL('../../fixtures/observe/guest/conf/', import.meta.url).pathname

/** A guest/conf/<variant> tree as the observation reads it: one part per file, labelled by its path on the guest. */
export function confParts(variant: string): Part[] {
  const root = join(CONF, variant)
  const walk = (d: string): string[] =>
    readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [join(d, n)]))
  return walk(root)
    .sort()
    .map((f) => ({ label: f.slice(root.length), text: readFileSync(f, 'utf8'), exit: 0, truncated: false }))
}
