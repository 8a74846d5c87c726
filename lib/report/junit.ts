// junit.xml for the Jenkins junit plugin (docs/design.md §6), built with junit-report-builder.
// jrb 5.1.2 deletes illegal characters silently, breaks on a second `]]>`, has no skip
// message, writes raw float times and timestamps without a zone (docs/libraries.md §3): every string
// goes through sanitizeText, times are rounded here, and `<skipped>` is patched.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import jrbImport from 'junit-report-builder'
import type { Builder, TestCase, TestSuite } from 'junit-report-builder'
import type { TestRecord, RunInfo } from './record.ts'
import { oneLine, sanitizeText } from '../util/sanitize.ts'
import { subjectOf } from './tally.ts'
import { costOf } from './timings.ts'

// The package is CommonJS whose module.exports IS the builder, but its .d.ts says
// `export default`, so under NodeNext the default import is typed `{ default: Builder }`
// (TS2339 on `.newBuilder`). Take `.default` when a loader added one, else the import itself.
const jrb = ((jrbImport as unknown as { default?: Builder }).default ?? jrbImport) as unknown as Builder

/** Attribute text: sanitized and on one line. */
const attr = (s: string): string => oneLine(sanitizeText(s))

/** JUnit seconds with at most 3 decimals: jrb would write `0.0084834679…` or `1e-7`. */
const secs = (ms: number): number => Number((Math.max(0, ms || 0) / 1000).toFixed(3))
/** A test's time in whole milliseconds, so a suite's time is exactly the sum of its tests'. */
const testMs = (r: TestRecord): number => Math.round(costOf(r))

/** jrb passes timestamp strings through; make sure ours carries a zone. */
function zoned(iso: string): string {
  if (/(?:Z|[+-]\d\d:?\d\d)$/.test(iso)) return iso
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? iso : d.toISOString()
}

/** Jenkins splits classname at its LAST dot into package and class, so the subject loses its dots. */
export const classnameOf = (r: Pick<TestRecord, 'suite' | 'group'>): string =>
  `v6ready.${r.suite}.${attr(r.group).replaceAll('.', '_')}`

function failureMessage(r: TestRecord): string {
  const v = r.verdict
  if (r.message) return attr(r.message)
  if (v)
    return attr(`${v.subject}: expected ${v.expected}, observed ${v.observed}${v.remedy ? `. Fix: ${v.remedy}` : ''}`)
  return 'failed'
}

function failureBody(r: TestRecord): string {
  const v = r.verdict
  const parts: string[] = []
  if (v) {
    parts.push(`check:    ${v.check}`, `subject:  ${v.subject}`, `expected: ${v.expected}`, `observed: ${v.observed}`)
    if (v.remedy) parts.push(`remedy:   ${v.remedy}`)
    if (v.evidence) parts.push('evidence:', v.evidence)
  }
  // The reporter's body may repeat the verdict's evidence; say it once.
  if (r.body && !(v?.evidence && r.body.includes(v.evidence))) parts.push(...(v ? ['details:'] : []), r.body)
  return sanitizeText(parts.join('\n'))
}

/** jrb's `skipped()` takes no reason; add `message=` to the element that its build writes. */
function skipWithMessage(tc: TestCase, message: string): void {
  tc.skipped()
  const build = tc.build.bind(tc)
  tc.build = (parent) => {
    const el = build(parent)
    for (const child of el.children) {
      if ('name' in child && child.name === 'skipped') (child as typeof el).att('message', message)
    }
    return el
  }
}

export function junitXml(records: readonly TestRecord[], info: RunInfo): string {
  // The default export is a process-wide singleton that accumulates suites: build on a fresh one.
  const builder = jrb.newBuilder().name(attr(`v6ready ${info.target}`))
  const timestamp = attr(zoned(info.startedAt))

  const groups = new Map<string, TestRecord[]>()
  for (const r of records) {
    const key = `${r.suite}\0${r.group}`
    const list = groups.get(key)
    if (list) list.push(r)
    else groups.set(key, [r])
  }

  for (const rs of groups.values()) {
    const first = rs[0]
    if (!first) continue
    const suite = builder
      .testSuite()
      .name(attr(`${first.suite} ${first.group}`))
      .timestamp(timestamp)
      .time(secs(rs.reduce((t, r) => t + testMs(r), 0)))
      .property('target', attr(info.target))
      .property('run_id', attr(info.runId))
    interruptedProperties(suite, info)

    for (const r of rs) {
      const tc = suite
        .testCase()
        .className(classnameOf(r))
        .name(attr(r.name))
        .time(secs(testMs(r)))
      tc.property('check', attr(r.check)).property('subject', attr(subjectOf(r)))
      const where = r.verdict?.where
      for (const key of ['host', 'interface', 'address', 'family'] as const) {
        const value = where?.[key]
        if (value) tc.property(key, attr(value))
      }
      if (r.waiver) {
        tc.property('waiver', attr(r.waiver.reason)).property('waiver_expires', attr(r.waiver.expires))
      }
      // One <failure> only: Jenkins shows just the first one (CaseResult.java).
      if (r.state === 'failed') tc.failure(failureMessage(r)).stacktrace(failureBody(r))
      else if (r.state === 'skipped') {
        const reason = r.message ?? r.verdict?.skip ?? r.waiver?.reason ?? ''
        skipWithMessage(tc, attr(reason))
      }
    }
  }
  // Interrupted before any check was judged: no suite would carry the mark, so one says it alone.
  if (info.interrupted && groups.size === 0)
    interruptedProperties(
      builder
        .testSuite()
        .name('v6ready interrupted')
        .timestamp(timestamp)
        .time(0)
        .property('target', attr(info.target))
        .property('run_id', attr(info.runId)),
      info,
    )
  // The run's wall time on the root: subjects are observed side by side, so their suites' times add up to more.
  return builder.build().replace(/<testsuites\b/, `<testsuites time="${secs(info.durationMs)}"`)
}

function interruptedProperties(suite: TestSuite, info: RunInfo): void {
  if (!info.interrupted) return
  suite.property('interrupted', 'true')
  if (info.interruption) suite.property('interruption', attr(info.interruption))
}

/** Writes junit.xml via a temp file and rename, so an interrupted run never leaves half a file. */
export function writeJunit(path: string, records: readonly TestRecord[], info: RunInfo): void {
  mkdirSync(dirname(path), { recursive: true })
  const tmp = `${path}.${process.pid}.tmp`
  writeFileSync(tmp, junitXml(records, info), 'utf8')
  renameSync(tmp, path)
}
