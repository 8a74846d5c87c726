// npm run mutate:changed: the changed lines of the mutated folders, from a real `git diff -U0`
// (this repository's commit cf4f302, `git diff -U0 --no-color --diff-filter=d cf4f302~1 cf4f302 -- lib`).
import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { changedRanges, mutateArgs } from '../../mutation/changed.ts'

const diff = readFileSync(new URL('../../fixtures/mutation/git-diff-U0-cf4f302.txt', import.meta.url), 'utf8')
const folders = ['lib/judge', 'lib/observe/parse', 'lib/net', 'lib/config', 'lib/dns', 'lib/overlay/judge']

describe('mutate:changed', () => {
  test('each hunk gives the new lines it added; a pure deletion gives none', () => {
    const view = changedRanges(diff).filter((r) => r.file === 'lib/judge/underlay-view.ts')
    // @@ -3,2 +3 @@, @@ -6 +4,0 @@, @@ -8 +6 @@, then three deletions (+23,0 +25,0 +28,0)
    expect(view).toEqual([
      { file: 'lib/judge/underlay-view.ts', start: 3, end: 3 },
      { file: 'lib/judge/underlay-view.ts', start: 6, end: 6 },
    ])
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
      'lib/judge/underlay-view.ts:3-3',
      'lib/judge/underlay-view.ts:6-6',
      'lib/net/dialable.ts:1-24',
      'lib/net/index.ts:4-4',
    ])
  })
})
