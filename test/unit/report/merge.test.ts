import { describe, expect, test } from 'vitest'
import { mergeResults } from '../../../lib/report/merge.ts'
import type { Results } from '../../../lib/report/record.ts'

const part = (roles?: Record<string, string[]>): Results => ({
  version: 1,
  info: { target: 'lab', runId: 'r1', startedAt: '2026-11-24T02:18:18.237Z', durationMs: 1, ...(roles && { roles }) },
  records: [],
})

describe('mergeResults', () => {
  test("the hosts' roles of every shard, joined: the merged report groups its matrix as the whole run's does", () => {
    const merged = mergeResults([part({ ctl: ['controller'] }), part({ cmp: ['compute'], ctl: ['controller'] })])
    expect(merged.info.roles).toEqual({ ctl: ['controller'], cmp: ['compute'] })
  })

  test('shards written before roles were kept: no roles, not an empty map', () => {
    expect(mergeResults([part(), part()]).info).not.toHaveProperty('roles')
  })
})
