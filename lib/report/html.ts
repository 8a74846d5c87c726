// report.html, for Jenkins' HTML publisher, readable offline: the page and its stylesheet
// report.css beside it, nothing else. Jenkins serves published files with the CSP
// `sandbox; default-src 'none'; img-src 'self'; style-src 'self';`, which blocks an inline <style>
// and any style="" attribute but lets a stylesheet of the same origin load: so the styles live in
// report.css, and the page has no script (it works with JavaScript off: the cells open with
// <details>). The readiness matrix comes first, its hosts by role with the failing ones in rows and
// the rest folded into a count (lib/report/roles.ts), then what to fix, grouped by check and remedy.
import { shardNote } from './shard-note.ts'
import { CATALOG } from '../checks/catalog.ts'
import { SUITES, type Suite } from '../verdict.ts'
import type { RunInfo, TestRecord } from './record.ts'
import { clip, sanitizeText } from '../util/sanitize.ts'
import { codeSpans, fixGroups, remedyOf } from './fixes.ts'
import { countBySuite, isWaived, line, score, seconds, skipsByReason, subjectOf, type Counts } from './tally.ts'
import { byRole, passingText, type RoleGroup, type RowKind } from './roles.ts'
import { trendSvg } from './trend-chart.ts'
import { fixedSince, nightsUpTo, trendCounts, trendOf, type Baseline } from './trend.ts'

export type CellState = 'fail' | 'waived' | 'pass' | 'skip'

export interface Cell {
  /** The worst state among the cell's tests: one failure makes the cell fail. */
  state: CellState
  records: TestRecord[]
}

export interface Row {
  /** As the JUnit testsuites name it: a host, a DNS name, an endpoint, the catalog. */
  subject: string
  cells: (Cell | undefined)[]
}

export interface Matrix {
  suite: Suite
  /** Check groups (`hosts.sysctl`), in catalog order. */
  columns: string[]
  /** Every subject, in natural order. */
  rows: Row[]
  /** The same rows by role, as the page shows them: failing subjects in rows, the others folded. */
  groups: RoleGroup<Row>[]
}

const WORST_FIRST: readonly CellState[] = ['fail', 'waived', 'pass', 'skip']
const GLYPH: Record<CellState, string> = { fail: '✗', waived: 'W', pass: '✓', skip: '–' }

export const topicOf = (check: string): string => check.split('.').slice(0, 2).join('.')
export const stateOf = (r: TestRecord): CellState =>
  r.state === 'failed' ? 'fail' : isWaived(r) ? 'waived' : r.state === 'passed' ? 'pass' : 'skip'

const natural = new Intl.Collator('en', { numeric: true })
// Each topic's first place in the catalog, looked up once rather than per comparison.
const TOPIC_RANK = new Map<string, number>()
CATALOG.forEach((c, i) => TOPIC_RANK.has(topicOf(c.id)) || TOPIC_RANK.set(topicOf(c.id), i))
const topicRank = (t: string): number => TOPIC_RANK.get(t) ?? CATALOG.length

/** A subject with a failed cell keeps its row, and so does one with nothing passed; the rest fold. */
export const rowKind = (r: Row): RowKind =>
  r.cells.some((c) => c?.state === 'fail')
    ? 'failing'
    : r.cells.some((c) => c?.state === 'pass')
      ? 'passing'
      : 'unjudged'

/** One matrix per suite that ran: subjects × check groups, by role (`roles`: RunInfo's). Pure, so the tests read it directly. */
export function matrices(records: readonly TestRecord[], roles?: RunInfo['roles']): Matrix[] {
  return SUITES.flatMap((suite): Matrix[] => {
    const rs = records.filter((r) => r.suite === suite)
    if (!rs.length) return []
    const columns = [...new Set(rs.map((r) => topicOf(r.check)))].sort(
      (a, b) => topicRank(a) - topicRank(b) || a.localeCompare(b),
    )
    const subjects = [...new Set(rs.map((r) => r.group))].sort(natural.compare)
    // One pass to bucket the records by cell: a fleet has thousands of subjects.
    const byCell = new Map<string, TestRecord[]>()
    for (const r of rs) {
      const k = `${r.group}\0${topicOf(r.check)}`
      const list = byCell.get(k)
      if (list) list.push(r)
      else byCell.set(k, [r])
    }
    const rows: Row[] = subjects.map((subject) => ({
      subject,
      cells: columns.map((col): Cell | undefined => {
        const here = byCell.get(`${subject}\0${col}`)
        if (!here) return undefined
        const state = WORST_FIRST.find((s) => here.some((r) => stateOf(r) === s)) ?? 'skip'
        return { state, records: here }
      }),
    }))
    return [{ suite, columns, rows, groups: byRole(rows, rowKind, roles) }]
  })
}

export { score }

const esc = (s: string): string =>
  sanitizeText(s).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  )
const one = (s: string, max = 400): string => esc(clip(line(s), max))
const pct = (n: number | undefined): string => (n === undefined ? 'n/a' : `${n}%`)

// Each failure gets an anchor, so a red cell links to its finding in "What to fix".
function anchors(records: readonly TestRecord[]): Map<TestRecord, string> {
  const ids = new Map<TestRecord, string>()
  fixGroups(records).forEach((g, i) => g.records.forEach((r, j) => ids.set(r, `f${i}-${j}`)))
  return ids
}

function cellHtml(cell: Cell | undefined, ids: Map<TestRecord, string>, b?: Baseline): string {
  if (!cell) return '<td class="none"></td>'
  const n = cell.records.filter((r) => stateOf(r) === cell.state).length
  if (cell.state === 'pass') return `<td class="pass" title="${cell.records.length} passed">${GLYPH.pass}</td>`
  const items = cell.records
    .filter((r) => stateOf(r) !== 'pass')
    .map((r) => {
      const what =
        r.state === 'failed'
          ? `observed ${one(r.verdict?.observed ?? r.message ?? '', 160)}`
          : one(r.waiver?.reason ?? r.message ?? r.verdict?.skip ?? '', 160)
      const id = ids.get(r)
      const subject = esc(subjectOf(r))
      return `<li class="${stateOf(r)}"><code>${esc(r.check)}</code> ${id ? `<a href="#${id}">${subject}</a>` : subject}: ${what}</li>`
    })
  const fresh = b ? cell.records.filter((r) => trendOf(r, b) === 'new').length : 0
  return `<td class="${cell.state}"><details><summary>${GLYPH[cell.state]} ${n}${fresh ? ` <span class="new">${fresh} new</span>` : ''}</summary><ul>${items.join('')}</ul></details></td>`
}

/**
 * A role's rows: its heading (when the suite's subjects have roles), each failing subject in its
 * own row, then each with nothing judged, then the passing ones folded into a count with their
 * names inside (<details>: no script).
 */
function roleHtml(g: RoleGroup<Row>, m: Matrix, ids: Map<TestRecord, string>, b?: Baseline): string {
  const span = m.columns.length + 1
  const noun = m.suite === 'hosts' ? 'host' : 'subject'
  const n = g.failing.length + g.unjudged.length + g.passing.length
  const heading =
    g.role !== undefined || m.groups.length > 1
      ? `<tr class="role"><th scope="rowgroup" colspan="${span}">${g.role === undefined ? 'no role' : esc(g.role)} <span class="count">${g.failing.length} of ${n} ${noun}${n === 1 ? '' : 's'} failing</span></th></tr>\n`
      : ''
  const rows = [...g.failing, ...g.unjudged].map(
    (r) => `<tr><th scope="row">${esc(r.subject)}</th>${r.cells.map((c) => cellHtml(c, ids, b)).join('')}</tr>`,
  )
  if (g.passing.length) {
    // Waived and skipped cells have their own sections below; the count says how many it hides.
    const partly = g.passing.filter((r) => r.cells.some((c) => c && c.state !== 'pass')).length
    const note = partly ? ` <span class="count">(${partly} with checks waived or not judged)</span>` : ''
    const names = g.passing.map((r) => esc(r.subject)).join(', ')
    rows.push(
      `<tr class="folded"><td colspan="${span}"><details><summary>${GLYPH.pass} ${passingText(g.passing.length, noun)}${note}</summary><p>${names}</p></details></td></tr>`,
    )
  }
  return `<tbody>\n${heading}${rows.join('\n')}\n</tbody>`
}

function matrixHtml(m: Matrix, counts: Counts | undefined, ids: Map<TestRecord, string>, b?: Baseline): string {
  const head = m.columns.map((c) => `<th scope="col">${esc(c.slice(m.suite.length + 1))}</th>`).join('')
  const s = counts ? ` <span class="score">${pct(score(counts))} ready</span>` : ''
  return `<section class="matrix" id="suite-${m.suite}"><h2>${m.suite}${s}</h2>
<table><thead><tr><th scope="col">subject</th>${head}</tr></thead>
${m.groups.map((g) => roleHtml(g, m, ids, b)).join('\n')}
</table></section>`
}

/** A remedy with its commands and quoted text set as code. */
const remedyHtml = (remedy: string): string =>
  codeSpans(remedy)
    .map((s) => (s.code ? `<code>${esc(s.text)}</code>` : esc(s.text)))
    .join('')

function fixesHtml(records: readonly TestRecord[], ids: Map<TestRecord, string>, b?: Baseline): string {
  const groups = fixGroups(records)
  const n = groups.reduce((k, g) => k + g.records.length, 0)
  if (!n) return '<section id="fixes"><h2>What to fix</h2><p>Nothing: no check failed.</p></section>'
  const items = groups.map((g, i) => {
    const findings = g.records.map((r) => {
      const v = r.verdict
      const detail = v ? `expected ${one(v.expected)}, observed ${one(v.observed)}` : one(r.message ?? 'failed')
      const own = g.varies && remedyOf(r) ? `; fix: ${remedyHtml(clip(remedyOf(r) ?? '', 400))}` : ''
      const evidence = r.body
        ? `<details><summary>evidence</summary><pre>${esc(clip(r.body, 4000))}</pre></details>`
        : ''
      const expired = r.waiver ? ` <span class="expired">(waiver expired ${esc(r.waiver.expires)})</span>` : ''
      const isNew = b && trendOf(r, b) === 'new' ? ' <span class="new">new</span>' : ''
      return `<li id="${ids.get(r) ?? ''}"><b>${esc(subjectOf(r))}</b>${isNew}${expired}: ${detail}${own}${evidence}</li>`
    })
    const k = g.records.length
    const fix = g.template === null ? 'No remedy given' : remedyHtml(clip(g.template, 600))
    // The three fixes that clear the most findings start open.
    return `<li><details${i < 3 ? ' open' : ''}><summary><code>${esc(g.check)}</code> <span class="count">${k} ${k === 1 ? 'subject' : 'subjects'}</span><span class="fix">${fix}</span></summary><ul>${findings.join('')}</ul></details></li>`
  })
  return `<section id="fixes"><h2>What to fix: ${n} ${n === 1 ? 'finding' : 'findings'}, ${groups.length} ${groups.length === 1 ? 'fix' : 'fixes'}</h2><ol>${items.join('\n')}</ol></section>`
}

function trendHtml(records: readonly TestRecord[], b: Baseline | undefined): string {
  if (!b) return ''
  const t = trendCounts(records, b)
  const fixed = fixedSince(records, b).map((x) => `<li><code>${esc(x.check)}</code> ${esc(x.subject)}</li>`)
  return `<section id="trend"><h2>Since the baseline: ${t.new} new, ${t.still} still failing, ${t.fixed} fixed</h2>
<p class="meta">Baseline run <code>${esc(b.runId)}</code>, started ${esc(b.startedAt)}.</p>${fixed.length ? `<details open><summary>Fixed</summary><ul>${fixed.join('')}</ul></details>` : ''}</section>`
}

/** Readiness over the nights of the chain (--baseline's, or --history's), when there are two or more. */
function historyHtml(records: readonly TestRecord[], info: RunInfo): string {
  const nights = nightsUpTo(records, info)
  const svg = trendSvg(nights)
  return svg ? `<section id="history"><h2>Readiness over ${nights.length} nights</h2>${svg}</section>` : ''
}

function waiversHtml(records: readonly TestRecord[]): string {
  const waived = records
    .filter((r) => r.waiver)
    .sort((a, b) => (a.waiver?.expires ?? '').localeCompare(b.waiver?.expires ?? ''))
  if (!waived.length) return ''
  const status = (r: TestRecord) =>
    r.state === 'failed' ? 'expired: fails again' : r.state === 'passed' ? 'not needed: passes' : 'waived'
  const rows = waived.map(
    (r) =>
      `<tr class="${stateOf(r)}"><td><code>${esc(r.check)}</code></td><td>${esc(subjectOf(r))}</td><td>${one(r.waiver?.reason ?? '')}</td><td>${esc(r.waiver?.expires ?? '')}</td><td>${status(r)}</td></tr>`,
  )
  return `<section id="waivers"><h2>Waivers</h2><table><thead><tr><th>check</th><th>subject</th><th>reason</th><th>expires</th><th>status</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`
}

function skipsHtml(records: readonly TestRecord[]): string {
  const groups = skipsByReason(records)
  if (!groups.length) return ''
  const n = groups.reduce((k, g) => k + g.records.length, 0)
  const items = groups.map(
    (g) =>
      `<li><details><summary>${esc(g.reason)} <span class="count">${g.records.length}</span></summary><ul>${g.records.map((r) => `<li><code>${esc(r.check)}</code> ${esc(subjectOf(r))}</li>`).join('')}</ul></details></li>`,
  )
  return `<section id="skips"><h2>Not judged: ${n}</h2><ul>${items.join('')}</ul></section>`
}

/** report.css: written beside report.html, which links it. */
export const REPORT_CSS = `body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#1b1b1b}
h1{font-size:1.4em;margin:0 0 .2em}h2{font-size:1.15em;margin:1.4em 0 .4em}
.meta{color:#555}.score{font-weight:normal;color:#555;margin-left:.5em}
table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}
.matrix td{text-align:center;min-width:2.2em}.matrix td details{text-align:left}
.matrix td summary{text-align:center;cursor:pointer}.matrix ul{margin:.3em 0;padding-left:1.2em;min-width:22em;font-size:.9em}
td.pass{background:#e3f4e4;color:#1e6b24}td.fail{background:#fbe3e1;color:#9b1c14;font-weight:bold}
td.waived{background:#fff1d6;color:#7a4d00}td.skip{background:#f0f0f0;color:#666}td.none{background:#fafafa}
.matrix tr.role th{background:#eef1f5;font-weight:bold}.matrix tr.folded td{text-align:left;color:#1e6b24;background:#f4faf4}
.matrix tr.folded summary{text-align:left}.matrix tr.folded p{margin:.3em 0;color:#1b1b1b;font-size:.9em;max-width:80em}
li.fail{color:#9b1c14}li.fail,li.waived,li.skip{font-weight:normal}
.totals td,.totals th{text-align:right}.totals td:first-child,.totals th:first-child{text-align:left}
.count{color:#555;font-weight:normal}.expired{color:#9b1c14}
#fixes summary{cursor:pointer}#fixes .fix{display:block;margin:.2em 0 .2em 1.2em}
svg.trend-chart{max-width:100%;height:auto}
code{background:#f3f3f3;border-radius:3px;padding:0 .25em;font-size:.92em}
pre{white-space:pre-wrap;background:#f6f6f6;padding:.5em;max-height:20em;overflow:auto}
.banner{background:#fbe3e1;border:1px solid #9b1c14;padding:.5em}
.new{background:#9b1c14;color:#fff;border-radius:3px;padding:0 .3em;font-size:.85em}
`
export const REPORT_CSS_FILE = 'report.css'

/** The page's own policy, as strict as Jenkins' default: its stylesheet from beside it, nothing else. */
export const PAGE_CSP = "default-src 'none'; style-src 'self'; img-src 'self'"

export function reportHtml(records: readonly TestRecord[], info: RunInfo): string {
  const counts = countBySuite(records)
  const total: Counts = { passed: 0, failed: 0, skipped: 0, waived: 0, total: 0 }
  for (const c of counts.values()) for (const k of Object.keys(total) as (keyof Counts)[]) total[k] += c[k]
  const ids = anchors(records)
  const totals = [...counts]
    .map(
      ([s, c]) =>
        `<tr><td><a href="#suite-${s}">${s}</a></td><td>${pct(score(c))}</td><td>${c.passed}</td><td>${c.failed}</td><td>${c.waived}</td><td>${c.skipped}</td></tr>`,
    )
    .join('')
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${PAGE_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>v6ready: ${esc(info.target)}: ${pct(score(total))} ready</title>
<link rel="stylesheet" href="${REPORT_CSS_FILE}"></head>
<body>
<h1>v6ready: ${esc(info.target)} <span class="score" id="target-score">${pct(score(total))} ready</span></h1>
<p class="meta">Run <code>${esc(info.runId)}</code>, started ${esc(info.startedAt)}, took ${seconds(info.durationMs)}.${info.shard ? ` ${esc(shardNote(info.shard))}` : ''}</p>
${info.interrupted ? `<p class="banner"><b>Interrupted:</b> ${esc(info.interruption ?? 'the run stopped early')}, so these results are incomplete.</p>` : ''}
<table class="totals"><thead><tr><th>suite</th><th>ready</th><th>passed</th><th>failed</th><th>waived</th><th>skipped</th></tr></thead><tbody>${totals}</tbody></table>
${historyHtml(records, info)}
${matrices(records, info.roles)
  .map((m) => matrixHtml(m, counts.get(m.suite), ids, info.baseline))
  .join('\n')}
${trendHtml(records, info.baseline)}
${fixesHtml(records, ids, info.baseline)}
${waiversHtml(records)}
${skipsHtml(records)}
</body></html>
`
}
