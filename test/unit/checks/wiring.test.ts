// Every defined check runs in exactly one suite file, and each suite file reads as its spec: every
// judge it lists carries, as its line's comment, the title of the check it judges.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { CHECKS } from '../../../lib/checks/catalog.ts'
import { ROOT } from '../../integration/cli/cli.ts'

interface Listed {
  file: string
  name: string
  comment: string
  id: string
  title: string
}

/** Each `  judge, // title` line of a suite file's list, with the check the imported judge is bound to. */
async function listed(file: string): Promise<Listed[]> {
  const text = readFileSync(join(ROOT, file), 'utf8')
  const from = new Map<string, string>()
  for (const m of text.matchAll(/^import \{([^}]+)\} from '([^']+)'$/gm))
    for (const n of (m[1] ?? '').split(',')) from.set(n.trim(), m[2] ?? '')
  const out: Listed[] = []
  for (const m of text.matchAll(/^ +(\w+), \/\/ (.+)$/gm)) {
    const [, name = '', comment = ''] = m
    const mod = (await import(join(ROOT, 'suites', file.split('/')[1] ?? '', from.get(name) ?? 'missing'))) as Record<
      string,
      { check?: { id: string; title: string } }
    >
    const check = mod[name]?.check
    out.push({ file, name, comment, id: check?.id ?? `(${name} is bound to no check)`, title: check?.title ?? '' })
  }
  return out
}

const files = ['underlay', 'overlay', 'hosts'].flatMap((s) =>
  readdirSync(join(ROOT, 'suites', s)).map((f) => `suites/${s}/${f}`),
)

describe('suite wiring', () => {
  test('every defined check is listed by exactly one suite file, and nothing else is', async () => {
    const all = (await Promise.all(files.map(listed))).flat()
    const where = new Map<string, string[]>()
    for (const l of all) where.set(l.id, [...(where.get(l.id) ?? []), l.file])
    expect(
      [...where].filter(([, fs]) => fs.length !== 1),
      'listed more than once',
    ).toEqual([])
    expect([...where.keys()].sort()).toEqual(CHECKS.map((c) => c.id).sort())
  })

  test("each suite file's list names each check by its title", async () => {
    for (const l of (await Promise.all(files.map(listed))).flat())
      expect(l.comment, `${l.file}: ${l.name}`).toBe(l.title)
  })

  test('each check lives in the suite its ID names', async () => {
    for (const l of (await Promise.all(files.map(listed))).flat())
      expect(l.file.split('/')[1], l.id).toBe(l.id.split('.')[0])
  })
})
