// summary.md: counts, then what to do. One fix for twenty hosts is one short heading (the check and
// how many subjects), with the fix and the findings below it. Every group (a fix, a skip reason, a
// waiver, a check fixed since the baseline) lists at most SHOWN subjects and counts the rest, so a
// fix for 1,000 hosts is a dozen lines, not 1,000: report.html and junit.xml hold every one.
import { shardNote } from './shard-note.ts'
import type { TestRecord, RunInfo } from './record.ts'
import { clip } from '../util/sanitize.ts'
import { codeSpans, fixGroups, remedyOf } from './fixes.ts'
import { countBySuite, groupBy, isWaived, line, seconds, SHOWN, skipsByReason, subjectOf } from './tally.ts'
import { fixedSince, trendCounts, trendOf, type Baseline } from './trend.ts'

/** Host text rendered as Markdown text, not markup. Also escapes `\`, so `\x00` shows as written. */
const md = (s: string): string => line(s).replace(/[\\`*_[\]<>|~&#]/g, '\\$&')

/** A code span; text holding a backtick falls back to escaped text (code spans take no escapes). */
const code = (s: string): string => (line(s).includes('`') ? md(s) : `\`${line(s)}\``)

// Long observed values (a whole config file) belong in junit.xml, not in a summary line.
const FIELD = 300

/** A remedy (one line already) as Markdown: its commands and quoted text as code spans, the rest escaped with its spaces. */
const remedyMd = (remedy: string): string =>
  codeSpans(line(remedy))
    .map((s) => (s.code ? code(s.text) : s.text.replace(/[\\`*_[\]<>|~&#]/g, '\\$&')))
    .join('')

function failureItem(r: TestRecord, ownFix: boolean, b?: Baseline): string {
  const v = r.verdict
  const isNew = b && trendOf(r, b) === 'new' ? ' (new)' : ''
  const head = `- **${md(subjectOf(r))}**${isNew}`
  if (!v) return `${head}: ${md(clip(line(r.message ?? 'failed'), FIELD))}`
  const fix = ownFix && remedyOf(r) ? `; fix: ${remedyMd(clip(remedyOf(r) ?? '', FIELD))}` : ''
  return `${head}: expected ${md(clip(line(v.expected), FIELD))}, observed ${md(clip(line(v.observed), FIELD))}${fix}`
}

/** The group's first SHOWN items, then a line that counts the rest. */
function bounded<T>(items: readonly T[], item: (x: T) => string): string[] {
  const more = items.length - SHOWN
  return [
    ...items.slice(0, SHOWN).map(item),
    ...(more > 0 ? [`- and ${more} more: report.html and junit.xml list every one`] : []),
  ]
}

/** Subjects on one line: `**a**, **b** and 3 more`, at most SHOWN of them named. */
function subjectsLine(subjects: readonly string[]): string {
  const named = subjects.slice(0, SHOWN).map((s) => `**${md(s)}**`)
  const more = subjects.length - named.length
  if (more > 0) return `${named.join(', ')} and ${more} more`
  return named.length > 1 ? `${named.slice(0, -1).join(', ')} and ${named.at(-1)}` : (named[0] ?? '')
}

function waiverStatus(r: TestRecord): string {
  if (r.state === 'failed') return 'expired: the finding fails again'
  if (r.state === 'passed') return 'not needed: the check passes'
  return 'waived'
}

export function summaryMarkdown(records: readonly TestRecord[], info: RunInfo): string {
  const out: string[] = [`# v6ready: ${md(info.target)}`, '']
  out.push(
    `Run ${code(info.runId)}, started ${md(info.startedAt)}, took ${seconds(info.durationMs)}.${info.shard ? ` ${shardNote(info.shard)}` : ''}`,
  )
  if (info.interrupted)
    out.push(
      '',
      `**Interrupted:** ${md(info.interruption ?? 'the run stopped early')}, so these results are incomplete.`,
    )
  out.push('')

  const counts = countBySuite(records)
  out.push('| suite | passed | failed | skipped | waived | total |', '|---|---:|---:|---:|---:|---:|')
  for (const [suite, c] of counts)
    out.push(`| ${suite} | ${c.passed} | ${c.failed} | ${c.skipped} | ${c.waived} | ${c.total} |`)
  if (counts.size === 0) out.push('| (no tests ran) | 0 | 0 | 0 | 0 | 0 |')
  out.push('')

  const fixes = fixGroups(records)
  const nFailed = fixes.reduce((n, g) => n + g.records.length, 0)
  out.push(
    `## What to fix (${nFailed} ${nFailed === 1 ? 'finding' : 'findings'}, ${fixes.length} ${fixes.length === 1 ? 'fix' : 'fixes'})`,
    '',
  )
  if (nFailed === 0) out.push('None: no check failed.', '')
  fixes.forEach((g, i) => {
    const n = g.records.length
    out.push(`### ${i + 1}. ${code(g.check)}: ${n} ${n === 1 ? 'subject' : 'subjects'}`, '')
    out.push(`Fix: ${g.template === null ? 'no remedy given' : remedyMd(g.template)}`, '')
    // Tonight's new findings first, so the ten shown include them however many still fail.
    const b = info.baseline
    const isNew = (r: TestRecord) => Number(b !== undefined && trendOf(r, b) === 'new')
    const ordered = b ? [...g.records].sort((x, y) => isNew(y) - isNew(x)) : g.records
    out.push(...bounded(ordered, (r) => failureItem(r, g.varies, b)), '')
  })

  if (info.baseline) {
    const b = info.baseline
    const t = trendCounts(records, b)
    out.push(`## Since the baseline (${t.new} new, ${t.still} still failing, ${t.fixed} fixed)`, '')
    out.push(`Baseline: run ${code(b.runId)}, started ${md(b.startedAt)} (${md(b.source)}).`, '')
    const fixed = fixedSince(records, b)
    const byCheck = groupBy(fixed, (x) => x.check)
    if (fixed.length)
      out.push(
        'Fixed:',
        '',
        ...byCheck.map((g) => `- ${code(g[0]?.check ?? '')} ${subjectsLine(g.map((x) => x.subject))}`),
        '',
      )
  }

  const skips = skipsByReason(records)
  if (skips.length) {
    out.push(`## Skipped (${skips.reduce((n, g) => n + g.records.length, 0)})`, '')
    for (const g of skips) {
      out.push(`### ${md(g.reason)} (${g.records.length})`, '')
      out.push(...bounded(g.records, (r) => `- ${code(r.check)} **${md(subjectOf(r))}**`), '')
    }
  }

  const waived = records.filter((r) => r.waiver)
  if (waived.length) {
    out.push(`## Waivers (${records.filter(isWaived).length} waived)`, '')
    // Soonest expiry first: that is the one to act on.
    const sorted = [...waived].sort((a, b) => (a.waiver?.expires ?? '').localeCompare(b.waiver?.expires ?? ''))
    // One line per waiver and status: a waiver on a role covers every host of it.
    const same = groupBy(sorted, (r) => `${r.check}\0${r.waiver?.reason}\0${r.waiver?.expires}\0${waiverStatus(r)}`)
    for (const g of same) {
      const r = g[0]
      const w = r?.waiver
      if (!r || !w) continue
      out.push(
        `- ${code(r.check)} ${subjectsLine(g.map(subjectOf))}: ${md(w.reason)}; expires ${md(w.expires)} (${waiverStatus(r)})`,
      )
    }
    out.push('')
  }
  return out.join('\n')
}
