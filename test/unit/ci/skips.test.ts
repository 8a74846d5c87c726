// CI's skip gate (test/skips.ts) on reports shaped as Vitest's JSON reporter writes them.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { ALLOWED_FILE, parseAllowed, skippedTests, unlisted, type VitestJson } from '../../skips.ts'
import { ROOT } from '../../integration/cli/cli.ts'

const report = (root: string): VitestJson => ({
  testResults: [
    {
      name: `${root}/test/unit/http/tcp-probe.test.ts`,
      assertionResults: [
        { ancestorTitles: ['tcpProbe6'], title: 'connects over IPv6', status: 'passed' },
        { ancestorTitles: ['tcpProbe6'], title: '2001:db8::1 (unreachable route) fails at once', status: 'pending' },
      ],
    },
    {
      name: `${root}/test/integration/cli/inputs.test.ts`,
      assertionResults: [
        { ancestorTitles: ['a report directory'], title: 'a read-only directory (mode 555)', status: 'skipped' },
        { ancestorTitles: [], title: 'a later feature', status: 'todo' },
        { ancestorTitles: [], title: 'broken', status: 'failed' },
      ],
    },
  ],
})

describe('skippedTests', () => {
  test('names each test that did not run by file, describes and title, from any clone', () => {
    const names = [
      'test/unit/http/tcp-probe.test.ts > tcpProbe6 > 2001:db8::1 (unreachable route) fails at once',
      'test/integration/cli/inputs.test.ts > a report directory > a read-only directory (mode 555)',
      'test/integration/cli/inputs.test.ts > a later feature',
    ]
    expect(skippedTests(report(ROOT.replace(/\/$/, '')))).toEqual(names)
    expect(skippedTests(report('/tmp/tmp.n24/repo'))).toEqual(names)
  })
})

describe('unlisted', () => {
  const skipped = skippedTests(report('/r'))
  test('an entry names a skip exactly, or with * for the text that varies', () => {
    expect(
      unlisted(skipped, [
        'test/integration/cli/inputs.test.ts > a report directory > a read-only directory (*)',
        'test/integration/cli/inputs.test.ts > a later feature',
      ]),
    ).toEqual(['test/unit/http/tcp-probe.test.ts > tcpProbe6 > 2001:db8::1 (unreachable route) fails at once'])
  })
  test('regular-expression characters in a name are literal', () =>
    expect(
      unlisted(skipped, ['test/unit/http/tcp-probe.test.ts > tcpProbe6 > 2001:db8::1 . fails at once']),
    ).toHaveLength(3))
  test('an empty list allows no skip', () => expect(unlisted(skipped, [])).toEqual(skipped))
})

describe('the list and the command CI runs', () => {
  test('comments and blank lines are not entries', () =>
    expect(parseAllowed('# why\n\n  a > b  \n#c\n')).toEqual(['a > b']))
  test('every entry of the list names a test file that exists', () => {
    const files = parseAllowed(readFileSync(join(ROOT, ALLOWED_FILE), 'utf8')).map((e) => e.split(' > ')[0] ?? '')
    for (const f of files) expect(() => readFileSync(join(ROOT, f)), f).not.toThrow()
    expect(files.every((f) => f.endsWith('.test.ts'))).toBe(true)
  })
  test('exits 1 on a skip not on the list, printing the list and the skip', () => {
    const f = join(mkdtempSync(join(tmpdir(), 'v6r-skips-')), 'self.json')
    writeFileSync(f, JSON.stringify(report(ROOT)))
    let out = ''
    let status = 0
    try {
      execFileSync(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'test/skips.ts'), f], { encoding: 'utf8' })
    } catch (e) {
      const x = e as { status: number; stdout: string }
      status = x.status
      out = x.stdout
    }
    expect(status).toBe(1)
    expect(out).toMatch(/^skips allowed \(test\/skips-allowed\.txt\):/)
    expect(out).toContain('3 skipped, ')
    expect(out).toContain(
      '  not allowed: test/unit/http/tcp-probe.test.ts > tcpProbe6 > 2001:db8::1 (unreachable route) fails at once',
    )
  })
})
