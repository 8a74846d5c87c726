// Every report file of a run, written from its records: by the Vitest reporter at the end of a
// run, and by merge-reports from the shards' results.json, so both write exactly the same files.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { reportHtml } from './html.ts'
import { writeJunit } from './junit.ts'
import type { RunInfo, TestRecord } from './record.ts'
import { summaryMarkdown } from './summary.ts'
import { inReportOrder } from './tally.ts'
import { RESULTS_FILE, resultsOf } from './trend.ts'

export function writeReports(records: readonly TestRecord[], info: RunInfo): TestRecord[] {
  const sorted = inReportOrder(records)
  mkdirSync(info.reportDir, { recursive: true })
  writeJunit(join(info.reportDir, 'junit.xml'), sorted, info)
  writeFileSync(join(info.reportDir, 'summary.md'), summaryMarkdown(sorted, info))
  writeFileSync(join(info.reportDir, 'report.html'), reportHtml(sorted, info))
  writeFileSync(join(info.reportDir, RESULTS_FILE), `${JSON.stringify(resultsOf(sorted, info), null, 1)}\n`)
  return sorted
}
