// The one-screen summary after Vitest's progress (docs/design.md §6): whatever the number of records,
// it stays about 30 lines, and points at the files that hold everything.
import { join } from 'node:path'
import type { TestRecord, RunInfo } from './record.ts'
import { clip } from '../util/sanitize.ts'
import { fixGroups } from './fixes.ts'
import { countBySuite, line, seconds, subjectOf } from './tally.ts'
import { trendCounts } from './trend.ts'

export interface ConsoleOptions {
  /** The caller decides (TTY, NO_COLOR, FORCE_COLOR); never guessed here. */
  color: boolean
  width?: number
}

/** Fixes shown; each takes two lines, so the whole summary stays ≤ 30 lines. */
const TOP = 6

const SGR = { red: 31, green: 32, yellow: 33, cyan: 36, dim: 2, bold: 1 } as const
type Style = keyof typeof SGR

export function consoleSummary(records: readonly TestRecord[], info: RunInfo, opts: ConsoleOptions): string {
  const width = Math.max(40, opts.width ?? 100)
  // Width is measured on plain text; colour is added after clipping, so codes never get cut.
  const paint = (s: string, style: Style): string => (opts.color ? `\x1b[${SGR[style]}m${s}\x1b[0m` : s)
  const fit = (s: string): string => clip(s, width)
  const out: string[] = []

  const status = info.interrupted ? ' INTERRUPTED' : ''
  out.push(
    paint(fit(`v6ready ${line(info.target)}: run ${line(info.runId)}, ${seconds(info.durationMs)}${status}`), 'bold'),
  )
  if (info.interruption) out.push(fit(`  interrupted: ${line(info.interruption)}`))

  const counts = countBySuite(records)
  if (counts.size === 0) out.push('  no tests ran')
  for (const [suite, c] of counts) {
    const cell = (n: number, label: string, style: Style): string => {
      const text = `${String(n).padStart(5)} ${label}`
      return n > 0 ? paint(text, style) : text
    }
    out.push(
      `  ${suite.padEnd(9)}` +
        `${cell(c.passed, 'passed', 'green')} ${cell(c.failed, 'failed', 'red')} ` +
        `${cell(c.skipped, 'skipped', 'yellow')} ${cell(c.waived, 'waived', 'cyan')}`,
    )
  }

  if (info.baseline) {
    const t = trendCounts(records, info.baseline)
    const since = `  since ${line(info.baseline.runId)}: `
    out.push(
      fit(
        `${since}${paint(`${t.new} new`, t.new ? 'red' : 'dim')}, ${t.still} still failing, ${paint(`${t.fixed} fixed`, t.fixed ? 'green' : 'dim')}`,
      ),
    )
  }

  const groups = fixGroups(records)
  if (groups.length) {
    out.push('', 'What to fix, most subjects first:')
    for (const g of groups.slice(0, TOP)) {
      const n = g.records.length
      const fix = g.template ?? line(g.records[0]?.message ?? 'failed (no remedy given)')
      out.push(paint(fit(`  ${String(n).padStart(4)}× ${line(g.check)}: ${fix}`), 'red'))
      const subjects = g.records.map((r) => line(subjectOf(r)))
      out.push(fit(`        ${listFitting(subjects, width - 8)}`))
    }
    const rest = groups.slice(TOP)
    if (rest.length) {
      const n = rest.reduce((t, g) => t + g.records.length, 0)
      out.push(
        `  +${rest.length} more ${rest.length === 1 ? 'fix' : 'fixes'} (${n} ${n === 1 ? 'failure' : 'failures'}): see summary.md`,
      )
    }
  }

  out.push('', 'Reports:')
  for (const f of ['junit.xml', 'report.html', 'summary.md', 'observations.json'])
    out.push(paint(`  ${join(info.reportDir, f)}`, 'dim'))
  return out.join('\n')
}

/** As many items as fit in `room` columns, then `+N more`. */
function listFitting(items: string[], room: number): string {
  let text = ''
  for (const [i, item] of items.entries()) {
    const next = text ? `${text}, ${item}` : item
    const more = i + 1 < items.length ? ` +${items.length - i - 1} more` : ''
    if (next.length + more.length > room && text) return `${text} +${items.length - i} more`
    text = next
  }
  return text
}
