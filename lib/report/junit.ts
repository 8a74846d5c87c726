// junit.xml for the Jenkins junit plugin (docs/design.md §6), written as text. It was built with
// junit-report-builder, whose XML tree held ~100 MiB at 1,000 hosts (26,000 test cases); this writes
// the same bytes (test/fixtures/report/junit/, recorded from it) without the tree. Every string goes
// through sanitizeText, so no illegal character and no `]]>` reaches the file; times are rounded to
// milliseconds and timestamps carry their zone (docs/libraries.md §3).
import { mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { TestRecord, RunInfo } from './record.ts'
import { oneLine, sanitizeText } from '../util/sanitize.ts'
import { groupBy, subjectOf } from './tally.ts'
import { costOf } from './timings.ts'

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

/** XML attribute escaping, as xmlbuilder's (W3C canonical XML's character escaping). */
const esc = (v: string | number): string =>
  String(v)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('"', '&quot;')
    .replaceAll('\t', '&#x9;')
    .replaceAll('\n', '&#xA;')
    .replaceAll('\r', '&#xD;')

type Attrs = [string, string | number][]
const open = (name: string, attrs: Attrs): string => `<${name}${attrs.map(([k, v]) => ` ${k}="${esc(v)}"`).join('')}`

/** Pretty-printed XML, two spaces a level, as junit-report-builder wrote it. */
class XmlLines {
  readonly lines: string[] = ['<?xml version="1.0" encoding="UTF-8"?>']
  private depth = 0
  private readonly stack: string[] = []
  private get pad(): string {
    return '  '.repeat(this.depth)
  }
  empty(name: string, attrs: Attrs): void {
    this.lines.push(`${this.pad}${open(name, attrs)}/>`)
  }
  start(name: string, attrs: Attrs): void {
    this.lines.push(`${this.pad}${open(name, attrs)}>`)
    this.stack.push(name)
    this.depth++
  }
  end(): void {
    this.depth--
    this.lines.push(`${this.pad}</${this.stack.pop()}>`)
  }
  /** An element holding only character data, on one line. sanitizeText has defused every `]]>`. */
  cdata(name: string, attrs: Attrs, text: string): void {
    this.lines.push(`${this.pad}${open(name, attrs)}><![CDATA[${text}]]></${name}>`)
  }
  properties(props: Attrs): void {
    if (!props.length) return
    this.start('properties', [])
    for (const [name, value] of props)
      this.empty('property', [
        ['name', name],
        ['value', value],
      ])
    this.end()
  }
}

const counts = (rs: readonly TestRecord[]): Attrs => [
  ['tests', rs.length],
  ['failures', rs.filter((r) => r.state === 'failed').length],
  ['errors', 0],
  ['skipped', rs.filter((r) => r.state === 'skipped').length],
]

function suiteProperties(info: RunInfo): Attrs {
  const props: Attrs = [
    ['target', attr(info.target)],
    ['run_id', attr(info.runId)],
  ]
  if (info.interrupted) {
    props.push(['interrupted', 'true'])
    if (info.interruption) props.push(['interruption', attr(info.interruption)])
  }
  return props
}

function testCase(x: XmlLines, r: TestRecord): void {
  x.start('testcase', [
    ['classname', classnameOf(r)],
    ['name', attr(r.name)],
    ['time', secs(testMs(r))],
  ])
  const props: Attrs = [
    ['check', attr(r.check)],
    ['subject', attr(subjectOf(r))],
  ]
  const where = r.verdict?.where
  for (const key of ['host', 'interface', 'address', 'family'] as const) {
    const value = where?.[key]
    if (value) props.push([key, attr(value)])
  }
  if (r.waiver) props.push(['waiver', attr(r.waiver.reason)], ['waiver_expires', attr(r.waiver.expires)])
  x.properties(props)
  // One <failure> only: Jenkins shows just the first one (CaseResult.java).
  if (r.state === 'failed') {
    const body = failureBody(r)
    const message: Attrs = [['message', failureMessage(r)]]
    if (body) x.cdata('failure', message, body)
    else x.empty('failure', message)
  } else if (r.state === 'skipped')
    x.empty('skipped', [['message', attr(r.message ?? r.verdict?.skip ?? r.waiver?.reason ?? '')]])
  x.end()
}

export function junitXml(records: readonly TestRecord[], info: RunInfo): string {
  const timestamp = attr(zoned(info.startedAt))
  const groups = groupBy(records, (r) => `${r.suite}\0${r.group}`)
  const x = new XmlLines()
  // The run's wall time on the root: subjects are observed side by side, so their suites' times add up to more.
  const root: Attrs = [['time', secs(info.durationMs)], ['name', attr(`v6ready ${info.target}`)], ...counts(records)]
  // Interrupted before any check was judged: no suite would carry the mark, so one says it alone.
  const alone = info.interrupted && groups.length === 0
  if (!groups.length && !alone) {
    x.empty('testsuites', root)
    return x.lines.join('\n')
  }
  x.start('testsuites', root)
  for (const rs of groups) {
    const first = rs[0] as TestRecord
    x.start('testsuite', [
      ['name', attr(`${first.suite} ${first.group}`)],
      ['timestamp', timestamp],
      ['time', secs(rs.reduce((t, r) => t + testMs(r), 0))],
      ...counts(rs),
    ])
    x.properties(suiteProperties(info))
    for (const r of rs) testCase(x, r)
    x.end()
  }
  if (alone) {
    x.start('testsuite', [['name', 'v6ready interrupted'], ['timestamp', timestamp], ['time', 0], ...counts([])])
    x.properties(suiteProperties(info))
    x.end()
  }
  x.end()
  return x.lines.join('\n')
}

/** Writes junit.xml via a temp file and rename, so an interrupted run never leaves half a file. */
export function writeJunit(path: string, records: readonly TestRecord[], info: RunInfo): void {
  mkdirSync(dirname(path), { recursive: true })
  const tmp = `${path}.${process.pid}.tmp`
  writeFileSync(tmp, junitXml(records, info), 'utf8')
  renameSync(tmp, path)
}
