// summary.md: counts, then what to do. One remedy that clears twenty findings is one heading.
import type { TestRecord, RunInfo } from './record.ts'
import { clip } from './sanitize.ts'
import { countBySuite, failuresByRemedy, isWaived, line, seconds, skipsByReason, subjectOf } from './tally.ts'
import { fixedSince, trendCounts, trendOf, type Baseline } from './trend.ts'

/** Host text rendered as Markdown text, not markup. Also escapes `\`, so `\x00` shows as written. */
const md = (s: string): string => line(s).replace(/[\\`*_[\]<>|~&#]/g, '\\$&')

/** A code span; text holding a backtick falls back to escaped text (code spans take no escapes). */
const code = (s: string): string => (line(s).includes('`') ? md(s) : `\`${line(s)}\``)

// Long observed values (a whole config file) belong in junit.xml, not in a summary line.
const FIELD = 300

function failureItem(r: TestRecord, b?: Baseline): string {
  const v = r.verdict
  const isNew = b && trendOf(r, b) === 'new' ? ' (new)' : ''
  const head = `- ${code(r.check)} **${md(subjectOf(r))}**${isNew}`
  if (!v) return `${head}: ${md(clip(line(r.message ?? 'failed'), FIELD))}`
  return `${head}: expected ${md(clip(line(v.expected), FIELD))}, observed ${md(clip(line(v.observed), FIELD))}`
}

function waiverStatus(r: TestRecord): string {
  if (r.state === 'failed') return 'expired: the finding fails again'
  if (r.state === 'passed') return 'not needed: the check passes'
  return 'waived'
}

export function summaryMarkdown(records: readonly TestRecord[], info: RunInfo): string {
  const out: string[] = [`# v6ready: ${md(info.target)}`, '']
  out.push(`Run ${code(info.runId)}, started ${md(info.startedAt)}, took ${seconds(info.durationMs)}.`)
  if (info.interrupted) out.push('', `**Interrupted:** ${md(info.interruption ?? 'the run stopped early')}, so these results are incomplete.`)
  out.push('')

  const counts = countBySuite(records)
  out.push('| suite | passed | failed | skipped | waived | total |', '|---|---:|---:|---:|---:|---:|')
  for (const [suite, c] of counts) out.push(`| ${suite} | ${c.passed} | ${c.failed} | ${c.skipped} | ${c.waived} | ${c.total} |`)
  if (counts.size === 0) out.push('| (no tests ran) | 0 | 0 | 0 | 0 | 0 |')
  out.push('')

  const failures = failuresByRemedy(records)
  const nFailed = failures.reduce((n, g) => n + g.records.length, 0)
  out.push(`## Failures (${nFailed})`, '')
  if (nFailed === 0) out.push('None.', '')
  for (const g of failures) {
    const n = g.records.length
    out.push(`### ${g.remedy === null ? 'No remedy given' : md(g.remedy)} (${n} ${n === 1 ? 'finding' : 'findings'})`, '')
    out.push(...g.records.map((r) => failureItem(r, info.baseline)), '')
  }

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
      out.push(`- ${code(r.check)} **${md(subjectOf(r))}**: ${md(w.reason)}; expires ${md(w.expires)} (${waiverStatus(r)})`)
    }
    out.push('')
  }
  return out.join('\n')
}
