// CI's skip gate: every test the run skipped must be on test/skips-allowed.txt, by its full name
// (`file > describe > test`, `*` for any text). A skip that is not there fails CI, so a missing
// route, namespace, root or Chromium cannot hide a test. Usage, after a run with Vitest's JSON reporter:
//   npx tsx test/skips.ts reports/self.json [more.json …]
import { readFileSync } from 'node:fs'
import { relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
export const ALLOWED_FILE = 'test/skips-allowed.txt'

/** The part of Vitest's JSON report (--reporter=json) this reads. */
export interface VitestJson {
  testResults: { name: string; assertionResults: { ancestorTitles: string[]; title: string; status: string }[] }[]
}

/** Vitest marks a test that did not run as skipped, pending (skipIf, ctx.skip), todo or disabled. */
const NOT_RUN = new Set(['skipped', 'pending', 'todo', 'disabled'])

/** A test file's path from the repository's root, whichever clone ran it (CI's Node 24 run is another). */
const repoPath = (name: string): string =>
  /(?:^|\/)(test\/(?:unit|integration|faults)\/.+)$/.exec(name)?.[1] ?? relative(ROOT, name)

/** `test/unit/x.test.ts > describe > test` for each test the report says did not run. */
export function skippedTests(report: VitestJson): string[] {
  return report.testResults.flatMap((file) =>
    file.assertionResults
      .filter((a) => NOT_RUN.has(a.status))
      .map((a) => [repoPath(file.name), ...a.ancestorTitles, a.title].join(' > ')),
  )
}

/** The list's entries: one full name a line; `#` starts a comment line; blank lines are ignored. */
export const parseAllowed = (text: string): string[] =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))

const matcher = (entry: string): RegExp =>
  new RegExp(
    `^${entry
      .split('*')
      .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  )

/** The skipped tests that no entry of the list names. */
export function unlisted(skipped: string[], allowed: string[]): string[] {
  const ms = allowed.map(matcher)
  return skipped.filter((s) => !ms.some((m) => m.test(s)))
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const reports = process.argv.slice(2)
  if (!reports.length) {
    console.error('usage: tsx test/skips.ts REPORT.json [REPORT.json …]')
    process.exit(2)
  }
  const allowed = parseAllowed(readFileSync(new URL(`../${ALLOWED_FILE}`, import.meta.url), 'utf8'))
  const skipped = reports.flatMap((f) => skippedTests(JSON.parse(readFileSync(f, 'utf8')) as VitestJson))
  const bad = unlisted(skipped, allowed)
  console.log(`skips allowed (${ALLOWED_FILE}):${allowed.length ? '' : ' none'}`)
  for (const a of allowed) console.log(`  ${a}`)
  console.log(`${skipped.length} skipped, ${bad.length} not on the list`)
  for (const b of bad) console.log(`  not allowed: ${b}`)
  if (bad.length)
    console.log(`a skipped test must set up what it needs, or be named in ${ALLOWED_FILE} with the reason it may skip`)
  process.exit(bad.length ? 1 : 0)
}
