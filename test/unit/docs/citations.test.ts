// No tracked file cites a document that users and contributors do not have: the notes the project
// was started from (its first design, the seeds, the reference notes on anchors, libraries and the
// lab). Their content lives in docs/design.md, docs/libraries.md and docs/lab-notes.md, or in the
// primary source (an RFC, ip-sysctl.rst, a man page, Neutron's docs), which is what to cite.
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const SELF = 'test/unit/docs/citations.test.ts'

/** What a citation of those documents looks like, with what to cite instead. */
const OUTSIDE_CITATIONS: readonly { pattern: RegExp; instead: string }[] = [
  { pattern: /\bDESIGN\b/, instead: 'docs/design.md §N' },
  {
    pattern: /\bseeds? ?0\d\d\b|\bthe seed's\b|\bseeds\/0/i,
    instead: 'the field report in words (e.g. "an OpenStack Ocata IPv6 migration write-up")',
  },
  {
    pattern: /\banchors(\.md| §)/,
    instead: 'the primary source: the RFC section, ip-sysctl.rst, gai.conf(5), Neutron or Tempest by name',
  },
  { pattern: /\blibeval\b/, instead: 'docs/libraries.md §N' },
  { pattern: /\blab-notes §/, instead: 'docs/lab-notes.md §N' },
  { pattern: /\/work\/shared/, instead: 'a file in the repository' },
  { pattern: /\bSTYLE(\.md|: (?![A-Z{])| §)/, instead: 'docs/design.md §2' },
]

/**
 * Recorded outputs of a lab run, kept as they were recorded: their text quotes the lab's files and
 * remedies as they read then. Re-record them from the lab (never edit them) and drop them here.
 */
const RECORDED = new Set([
  'test/fixtures/report/lab-faults.observations.json',
  'test/fixtures/report/lab-faults.results.json',
  'test/fixtures/report/junit/lab-faults.xml',
])

/** Every `file:line: text` of `text` (a file's content) that cites one of those documents. */
function outsideCitations(file: string, text: string): string[] {
  const found: string[] = []
  text.split('\n').forEach((line, i) => {
    const hit = OUTSIDE_CITATIONS.find((c) => c.pattern.test(line))
    if (hit) found.push(`${file}:${i + 1}: ${line.trim().slice(0, 160)} (cite ${hit.instead})`)
  })
  return found
}

describe('citations', () => {
  test('each pattern catches the forms that were in the repository, and not what replaced them', () => {
    const cited = [
      'junit.xml for the Jenkins junit plugin (DESIGN §6)',
      'the *effective* acceptance (DESIGN principle 2)',
      'need IPv6 forwarding (seeds 001, 003)',
      'Seed 004: an orphaned A record',
      "as OS_AUTH_URL in the seed's overcloudrc",
      'the matrix of anchors.md §4.3',
      "Neutron's RA there has A=0 (anchors §4.3)",
      "Vitest's parser accepts any --typo (libeval §2)",
      "Debian's pytest, not a pyenv shim (lab-notes §Things 4)",
      'Measured pitfalls are in /work/shared/reference/libeval.md §4.',
      'single-quoted for sh (STYLE: no shell strings)',
    ]
    for (const line of cited) expect(outsideCitations('f', line), line).toHaveLength(1)
    const fine = [
      'junit.xml for the Jenkins junit plugin (docs/design.md §6)',
      'Debian\'s tools (docs/lab-notes.md, "Things that affect the test suite")',
      "the OPNFV IPv6 project's release notes, Calico's IPv6 guide",
      '`lab:up --clean` seeds none of them',
      'const seeds = { ss: readFileSync(SS) }',
      'YAML anchors used 100,000 times',
      'docs/libraries.md §9',
      'const STYLE: Record<Suite, { color: string }> = {',
    ]
    for (const line of fine) expect(outsideCitations('f', line), line).toEqual([])
  })

  test.skipIf(!existsSync(`${ROOT}.git`))(
    'no tracked source or doc cites a document outside the repository (skipped outside a git checkout)',
    () => {
      const files = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' })
        .split('\0')
        .filter((f) => f && f !== SELF && !f.startsWith('node_modules/') && !RECORDED.has(f))
      expect(files.length).toBeGreaterThan(100)
      const found = files.flatMap((f) => {
        const path = `${ROOT}${f}`
        // A file deleted in the working tree but still in the index: nothing to read.
        if (!existsSync(path)) return []
        const text = readFileSync(path, 'utf8')
        return text.includes('\0') ? [] : outsideCitations(f, text)
      })
      expect(found, `cite the repository's docs or the primary source instead:\n${found.join('\n')}`).toEqual([])
    },
  )
})
