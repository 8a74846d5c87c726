// Readiness per suite over the nights, as inline SVG in report.html: no script, no style attribute
// (Jenkins' CSP blocks both); colours are presentation attributes, which a CSP does not touch. Each
// point and bar carries a <title>, which browsers show on hover without script. Below the lines,
// each night's new findings (red, up) and fixed ones (green, down).
import type { Suite } from '../verdict.ts'
import { suitesIn } from './history.ts'
import type { Night } from './trend.ts'

const W = 760
const PLOT = { left: 44, right: 130, top: 12, height: 150 }
const BARS = { gap: 26, half: 22 }
const H = PLOT.top + PLOT.height + BARS.gap + 2 * BARS.half + 28

/** One colour per suite, told apart without colour by their marker too. */
const STYLE: Record<Suite, { color: string; marker: 'circle' | 'square' | 'diamond' }> = {
  underlay: { color: '#1f5fbf', marker: 'circle' },
  overlay: { color: '#8a4fbf', marker: 'square' },
  hosts: { color: '#c26a00', marker: 'diamond' },
}
const NEW = '#b3261e'
const FIXED = '#1e7a32'

const xml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c)
const r1 = (n: number) => Math.round(n * 10) / 10
const day = (iso: string) => iso.slice(0, 10)

function marker(kind: 'circle' | 'square' | 'diamond', x: number, y: number, color: string, title: string): string {
  const t = `<title>${xml(title)}</title>`
  if (kind === 'circle') return `<circle cx="${x}" cy="${y}" r="3.5" fill="${color}">${t}</circle>`
  if (kind === 'square')
    return `<rect x="${r1(x - 3.2)}" y="${r1(y - 3.2)}" width="6.4" height="6.4" fill="${color}">${t}</rect>`
  return `<polygon points="${x},${r1(y - 4.5)} ${r1(x + 4.5)},${y} ${x},${r1(y + 4.5)} ${r1(x - 4.5)},${y}" fill="${color}">${t}</polygon>`
}

/** The chart for two nights or more; nothing for fewer (there is no trend in one point). */
export function trendSvg(nights: readonly Night[]): string {
  if (nights.length < 2) return ''
  const suites = suitesIn(nights)
  const plotW = W - PLOT.left - PLOT.right
  const x = (i: number) => r1(PLOT.left + (nights.length === 1 ? plotW / 2 : (i * plotW) / (nights.length - 1)))
  const y = (pct: number) => r1(PLOT.top + PLOT.height - (pct / 100) * PLOT.height)
  const out: string[] = []

  // The axis: 0, 50 and 100 % with their lines.
  for (const p of [0, 50, 100])
    out.push(
      `<line x1="${PLOT.left}" x2="${PLOT.left + plotW}" y1="${y(p)}" y2="${y(p)}" stroke="#ddd" stroke-width="1"/>`,
      `<text x="${PLOT.left - 6}" y="${r1(y(p) + 4)}" text-anchor="end" font-size="11" fill="#555">${p}%</text>`,
    )

  suites.forEach((s, k) => {
    const { color, marker: m } = STYLE[s]
    const points = nights.flatMap((n, i) =>
      n.readiness[s] === undefined ? [] : [[x(i), y(n.readiness[s] ?? 0), i] as const],
    )
    out.push(`<g class="suite-${s}">`)
    if (points.length > 1)
      out.push(
        `<polyline points="${points.map(([px, py]) => `${px},${py}`).join(' ')}" fill="none" stroke="${color}" stroke-width="2"/>`,
      )
    for (const [px, py, i] of points) {
      const n = nights[i]!
      out.push(marker(m, px, py, color, `${s}: ${n.readiness[s]}% ready on ${day(n.startedAt)} (run ${n.runId})`))
    }
    out.push('</g>')
    // The legend, right of the plot, with the last value.
    const ly = PLOT.top + 14 + k * 20
    const last = [...nights].reverse().find((n) => n.readiness[s] !== undefined)?.readiness[s]
    out.push(
      marker(m, PLOT.left + plotW + 18, ly - 4, color, s),
      `<text x="${PLOT.left + plotW + 28}" y="${ly}" font-size="12" fill="#1b1b1b">${s} ${last ?? ''}%</text>`,
    )
  })

  // New (up, red) and fixed (down, green) per night, scaled to the busiest night.
  const mid = PLOT.top + PLOT.height + BARS.gap + BARS.half
  const most = Math.max(1, ...nights.map((n) => Math.max(n.new ?? 0, n.fixed ?? 0)))
  const bw = Math.max(3, Math.min(18, plotW / nights.length / 2.5))
  out.push(`<line x1="${PLOT.left}" x2="${PLOT.left + plotW}" y1="${mid}" y2="${mid}" stroke="#999" stroke-width="1"/>`)
  out.push(
    `<text x="${PLOT.left - 6}" y="${mid - BARS.half + 10}" text-anchor="end" font-size="11" fill="${NEW}">new</text>`,
    `<text x="${PLOT.left - 6}" y="${mid + BARS.half}" text-anchor="end" font-size="11" fill="${FIXED}">fixed</text>`,
  )
  nights.forEach((n, i) => {
    const what = n.new === undefined ? 'no night before it to compare' : `${n.new} new, ${n.fixed ?? 0} fixed`
    const t = `<title>${xml(`${day(n.startedAt)} (run ${n.runId}): ${what}`)}</title>`
    const up = ((n.new ?? 0) / most) * BARS.half
    const down = ((n.fixed ?? 0) / most) * BARS.half
    out.push(`<g class="night">`)
    if (up > 0)
      out.push(
        `<rect class="new" x="${r1(x(i) - bw / 2)}" y="${r1(mid - up)}" width="${r1(bw)}" height="${r1(up)}" fill="${NEW}">${t}</rect>`,
      )
    if (down > 0)
      out.push(
        `<rect class="fixed" x="${r1(x(i) - bw / 2)}" y="${mid}" width="${r1(bw)}" height="${r1(down)}" fill="${FIXED}">${t}</rect>`,
      )
    if (n.new)
      out.push(
        `<text x="${x(i)}" y="${r1(mid - up - 3)}" text-anchor="middle" font-size="10" fill="${NEW}">${n.new}</text>`,
      )
    if (n.fixed)
      out.push(
        `<text x="${x(i)}" y="${r1(mid + down + 10)}" text-anchor="middle" font-size="10" fill="${FIXED}">${n.fixed}</text>`,
      )
    // A transparent column over the night, so its title shows wherever the pointer is.
    out.push(
      `<rect x="${r1(x(i) - bw / 2)}" y="${mid - BARS.half}" width="${r1(bw)}" height="${2 * BARS.half}" fill="transparent">${t}</rect>`,
      '</g>',
    )
  })

  // Dates under the first, the last and about six between.
  const every = Math.max(1, Math.ceil(nights.length / 7))
  nights.forEach((n, i) => {
    if (i % every === 0 || i === nights.length - 1)
      out.push(
        `<text x="${x(i)}" y="${H - 6}" text-anchor="middle" font-size="11" fill="#555">${xml(day(n.startedAt).slice(5))}</text>`,
      )
  })

  const summary = `Readiness per suite over ${nights.length} nights, from ${day(nights[0]!.startedAt)} to ${day(nights.at(-1)!.startedAt)}, with each night's new and fixed findings`
  return `<svg class="trend-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${xml(summary)}"><title>${xml(summary)}</title>${out.join('')}</svg>`
}
