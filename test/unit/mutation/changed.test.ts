// npm run mutate:changed: the changed lines of the mutated folders, from a real `git diff -U0`
// (this repository's commit cf4f302,
// `git diff -U0 --no-color --diff-filter=d cf4f302~1 cf4f302 -- lib ':!lib/judge/underlay-view.ts'`).
import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { changedRanges, mutateArgs } from '../../mutation/changed.ts'

const diff = readFileSync(new URL('../../fixtures/mutation/git-diff-U0-cf4f302.txt', import.meta.url), 'utf8')
const folders = ['lib/judge', 'lib/observe/parse', 'lib/net', 'lib/config', 'lib/dns', 'lib/overlay/judge']

describe('mutate:changed', () => {
  test('each hunk gives the new lines it added; a pure deletion gives none', () => {
    const connect6 = changedRanges(diff).filter((r) => r.file === 'lib/http/connect6.ts')
    // @@ -4 +4 @@, then two deletions (@@ -17,13 +16,0 @@, @@ -55,5 +41,0 @@)
    expect(connect6).toEqual([{ file: 'lib/http/connect6.ts', start: 4, end: 4 }])
  })

  test('a new file is one range over all its lines', () => {
    expect(changedRanges(diff).filter((r) => r.file === 'lib/net/dialable.ts')).toEqual([
      { file: 'lib/net/dialable.ts', start: 1, end: 24 },
    ])
  })

  test('only the mutated folders go to --mutate: lib/http, lib/observe (outside parse/), lib/openstack do not', () => {
    expect(mutateArgs(changedRanges(diff), folders)).toEqual([
      'lib/dns/index.ts:8-8',
      'lib/dns/results.ts:1-13',
      'lib/judge/underlay-catalog.ts:3-3',
      'lib/judge/underlay-dns.ts:4-4',
      'lib/judge/underlay-dns.ts:6-6',
      'lib/judge/underlay-dns.ts:8-8',
      'lib/judge/underlay-endpoint.ts:3-4',
      'lib/net/dialable.ts:1-24',
      'lib/net/index.ts:4-4',
    ])
  })
})
