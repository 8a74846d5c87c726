// summary.md: counts, then what to do. One fix for twenty hosts is one short heading (the check and
// how many subjects), with the fix and the findings below it.
import { shardNote } from './shard-note.ts'
import type { TestRecord, RunInfo } from './record.ts'
import { clip } from '../util/sanitize.ts'
import { codeSpans, fixGroups, remedyOf } from './fixes.ts'
import { countBySuite, isWaived, line, seconds, skipsByReason, subjectOf } from './tally.ts'
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
    out.push(...g.records.map((r) => failureItem(r, g.varies, info.baseline)), '')
  })

  if (info.baseline) {
    const b = info.baseline
    const t = trendCounts(records, b)
    out.push(`## Since the baseline (${t.new} new, ${t.still} still failing, ${t.fixed} fixed)`, '')
    out.push(`Baseline: run ${code(b.runId)}, started ${md(b.startedAt)} (${md(b.source)}).`, '')
    const fixed = fixedSince(records, b)
    if (fixed.length) out.push('Fixed:', '', ...fixed.map((x) => `- ${code(x.check)} **${md(x.subject)}**`), '')
  }

  const skips = skipsByReason(records)
  if (skips.length) {
    out.push(`## Skipped (${skips.reduce((n, g) => n + g.records.length, 0)})`, '')
    for (const g of skips) {
      out.push(`### ${md(g.reason)} (${g.records.length})`, '')
      out.push(...g.records.map((r) => `- ${code(r.check)} **${md(subjectOf(r))}**`), '')
    }
  }

  const waived = records.filter((r) => r.waiver)
  if (waived.length) {
    out.push(`## Waivers (${records.filter(isWaived).length} waived)`, '')
    // Soonest expiry first: that is the one to act on.
    const sorted = [...waived].sort((a, b) => (a.waiver?.expires ?? '').localeCompare(b.waiver?.expires ?? ''))
    for (const r of sorted) {
      const w = r.waiver
      if (!w) continue
      out.push(
        `- ${code(r.check)} **${md(subjectOf(r))}**: ${md(w.reason)}; expires ${md(w.expires)} (${waiverStatus(r)})`,
      )
    }
    out.push('')
  }
  return out.join('\n')
}
