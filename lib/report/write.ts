// Every report file of a run, written from its records: by the Vitest reporter at the end of a
// run, and by merge-reports from the shards' results.json, so both write exactly the same files;
// and the observations they judged.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Observations } from '../observe/record.ts'
import { maskKnownDeep } from '../secrets/known.ts'
import { REPORT_CSS, REPORT_CSS_FILE, reportHtml } from './html.ts'
import { writeJunit } from './junit.ts'
import type { RunInfo, TestRecord } from './record.ts'
import { summaryMarkdown } from './summary.ts'
import { inReportOrder } from './tally.ts'
import { RESULTS_FILE, resultsOf } from './trend.ts'

export function writeReports(found: readonly TestRecord[], run: RunInfo): TestRecord[] {
  // Secrets the run holds are masked in the data, before any encoding (XML, HTML, JSON) could hide them from the mask.
  const records = maskKnownDeep([...found])
  const info = maskKnownDeep(run)
  const sorted = inReportOrder(records)
  mkdirSync(info.reportDir, { recursive: true })
  writeJunit(join(info.reportDir, 'junit.xml'), sorted, info)
  writeFileSync(join(info.reportDir, 'summary.md'), summaryMarkdown(sorted, info))
  writeFileSync(join(info.reportDir, REPORT_CSS_FILE), REPORT_CSS)
  writeFileSync(join(info.reportDir, 'report.html'), reportHtml(sorted, info))
  writeFileSync(join(info.reportDir, RESULTS_FILE), safeJson(resultsOf(sorted, info)))
  return sorted
}

export const OBSERVATIONS_FILE = 'observations.json'

/** observations.json, for --replay: secrets the run holds masked, as in every report. Returns its size in bytes. */
export function writeObservations(reportDir: string, o: Observations): number {
  mkdirSync(reportDir, { recursive: true })
  const text = safeJson(maskKnownDeep(o))
  writeFileSync(join(reportDir, OBSERVATIONS_FILE), text)
  return Buffer.byteLength(text)
}

// Characters a terminal or a renderer acts on that JSON.stringify leaves raw (it escapes only C0
// and lone surrogates): DEL and C1, bidi controls, line and paragraph separators.
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff]/g

/** Pretty JSON whose text shows no such character raw (`\u202e`, not U+202E); it parses to the same value. */
export const safeJson = (v: unknown): string =>
  `${JSON.stringify(v, null, 1).replace(UNSAFE_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`
