// The files a run reads back, fed mutated real ones: observations.json to the --replay reader,
// results.json to the --baseline and merge-reports readers. Each case gives a value or a usage
// error naming the file, never a crash, within 1 s; a value holds no `__proto__` key and leaves
// Object.prototype as it was, even after the deep merge Vitest runs over its options.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
// The merge startVitest() runs over the options the CLI gives it, observations included.
import { deepMerge } from '@vitest/utils/helpers'
import fc from 'fast-check'
import { afterAll, describe, expect, test } from 'vitest'
import { parseObservations } from '../../../lib/observe/observations-file.ts'
import { consoleSummary } from '../../../lib/report/console.ts'
import { reportHtml } from '../../../lib/report/html.ts'
import { mergeResults } from '../../../lib/report/merge.ts'
import { summaryMarkdown } from '../../../lib/report/summary.ts'
import { inReportOrder } from '../../../lib/report/tally.ts'
import { readBaseline, readResults, trendCounts, type Results } from '../../../lib/report/trend.ts'
import { UsageError } from '../../../lib/util/usage-error.ts'
import { mutatedJson, protoKeys } from './mutate-json.ts'
import { mutated, timed } from './mutate.ts'

const FIX = new URL('../../fixtures/report/', import.meta.url).pathname
// What the lab's faults run observed, and what `v6ready run --replay` of it wrote.
const OBSERVATIONS = readFileSync(join(FIX, 'lab-faults.observations.json'), 'utf8')
const RESULTS = readFileSync(join(FIX, 'lab-faults.results.json'), 'utf8')
// The seeds are 190 KB each: fewer runs than the small parsers' 1,500 keep this file within seconds.
const RUNS = 600

const PROTO_NAMES = Object.getOwnPropertyNames(Object.prototype).sort()

/** A case's outcome: the value, or a UsageError that names the file (anything else is thrown on: a crash). */
function valueOrUsage<T>(read: () => T, label: RegExp): T | undefined {
  try {
    return read()
  } catch (e) {
    if (!(e instanceof UsageError)) throw e
    expect(e.message).toMatch(label)
    return undefined
  }
}

/** No `__proto__` key in the value, and Object.prototype untouched by merging it as Vitest does. */
function harmless(v: unknown): void {
  expect(protoKeys(v)).toEqual([])
  deepMerge({}, { provide: { run: { observations: v } } })
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTO_NAMES)
  expect(({} as Record<string, unknown>).polluted).toBeUndefined()
}

const both = (seed: string) =>
  fc.oneof({ weight: 3, arbitrary: mutatedJson(seed) }, { weight: 1, arbitrary: mutated([seed]) })

describe('observations.json and results.json under mutation', () => {
  const dir = mkdtempSync(join(tmpdir(), 'v6ready-fuzz-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const file = (text: string) => {
    const f = join(dir, 'results.json')
    writeFileSync(f, text)
    return f
  }

  test('the seeds are accepted as they are', () => {
    expect(parseObservations(OBSERVATIONS, 'seed').hosts.length).toBe(4)
    expect(readBaseline(file(RESULTS)).results.length).toBeGreaterThan(100)
  })

  test('--replay: observations, or a usage error naming the file', () => {
    fc.assert(
      fc.property(both(OBSERVATIONS), (text) =>
        timed(() => {
          const o = valueOrUsage(() => parseObservations(text, '--replay fuzz.json'), /^--replay fuzz\.json: \S/)
          if (o) harmless(o)
        }),
      ),
      { numRuns: RUNS },
    )
  })

  test('--baseline: a baseline that marks findings, or a usage error naming the file', () => {
    const now = (JSON.parse(RESULTS) as Results).records
    fc.assert(
      fc.property(both(RESULTS), (text) =>
        timed(() => {
          const b = valueOrUsage(() => readBaseline(file(text)), /^--baseline \S*results\.json: \S/)
          if (!b) return
          harmless(b)
          trendCounts(now, b)
        }),
      ),
      { numRuns: RUNS },
    )
  })

  test('merge-reports: reports written from the merged shards, or a usage error naming the file', () => {
    const shard = JSON.parse(RESULTS) as Results
    const baseline = readBaseline(file(RESULTS))
    fc.assert(
      fc.property(both(RESULTS), (text) =>
        timed(() => {
          const r = valueOrUsage(
            () => readResults(file(text), 'merge-reports').results,
            /^merge-reports \S*results\.json: \S/,
          )
          if (!r) return
          harmless(r)
          let merged: ReturnType<typeof mergeResults>
          try {
            merged = mergeResults([shard, r])
          } catch (e) {
            // Shards of two targets: the CLI turns this into a usage error.
            expect((e as Error).message).toMatch(/^merge-reports: the reports are of different targets/)
            return
          }
          const records = inReportOrder(merged.records)
          const info = { ...merged.info, reportDir: dir, baseline }
          summaryMarkdown(records, info)
          reportHtml(records, info)
          consoleSummary(records, info, { color: false, width: 100 })
        }),
      ),
      { numRuns: RUNS },
    )
  })
})
