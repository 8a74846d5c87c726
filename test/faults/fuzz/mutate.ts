// Inputs for the fuzz tests: real recorded outputs, mutated the ways a broken host, a cut
// connection or a hostile file would (flips, cuts, repeats, inserted controls and Unicode).
import fc from 'fast-check'
import { expect } from 'vitest'

// Characters that break naive parsers: controls, NUL, CDATA ends, brackets, quotes, RTL marks,
// astral and lone surrogates, and the separators each format lives on.
const NASTY = [
  '\0',
  '\x1b[31m',
  '\r',
  '\n',
  '\t',
  ']]>',
  '[',
  ']',
  '"',
  "'",
  '%',
  ':',
  '::',
  '=',
  '#',
  ';',
  '{',
  '}',
  '\u202e',
  '\ud83d\ude00',
  '\ud800',
  '\ufffe',
  '\u2028',
  '0',
  '-1',
  '99999999999',
  'ffff',
]

const piece = fc.oneof(
  fc.constantFrom(...NASTY),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.string({ maxLength: 12 }),
)

type Edit = (s: string) => string

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.tuple(fc.nat(), piece).map(
    ([i, p]): Edit =>
      (s) =>
        s.slice(0, i % (s.length + 1)) + p + s.slice(i % (s.length + 1)),
  ),
  fc.tuple(fc.nat(), fc.nat({ max: 64 })).map(
    ([i, n]): Edit =>
      (s) =>
        s.slice(0, i % (s.length + 1)) + s.slice((i % (s.length + 1)) + n),
  ),
  fc.nat().map(
    (i): Edit =>
      (s) =>
        s.slice(0, i % (s.length + 1)),
  ), // cut short
  fc.nat().map(
    (i): Edit =>
      (s) => {
        const lines = s.split('\n')
        const k = i % Math.max(1, lines.length)
        return [...lines.slice(0, k + 1), lines[k] ?? '', ...lines.slice(k + 1)].join('\n') // a repeated line
      },
  ),
  fc.tuple(fc.nat(), fc.nat()).map(
    ([i, j]): Edit =>
      (s) => {
        const lines = s.split('\n')
        const a = i % Math.max(1, lines.length)
        const b = j % Math.max(1, lines.length)
        ;[lines[a], lines[b]] = [lines[b] ?? '', lines[a] ?? '']
        return lines.join('\n')
      },
  ),
)

/** A seed text with 1–6 edits applied, or (one time in five) text from nowhere. */
export function mutated(seeds: readonly string[]): fc.Arbitrary<string> {
  const fromSeed = fc
    .tuple(fc.constantFrom(...seeds), fc.array(edit, { minLength: 1, maxLength: 6 }))
    .map(([s, es]) => es.reduce((t, e) => e(t), s))
  return fc.oneof(
    { weight: 4, arbitrary: fromSeed },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 400 }) },
  )
}

/**
 * A parser's contract under garbage: a result, or an Error that says what is wrong. A TypeError,
 * RangeError or ReferenceError is a crash (a bug), whatever its message.
 */
export function clearOrResult(parse: () => unknown): void {
  try {
    parse()
  } catch (e) {
    if (!(e instanceof Error) || e instanceof TypeError || e instanceof RangeError || e instanceof ReferenceError)
      throw e
    if (!e.message.trim()) throw new Error(`an error without a message: ${e.name}`)
  }
}

/** Runs per fuzz property: thousands in all, bounded in time by the per-case limit below. */
export const RUNS = 1500

/**
 * No single input may take longer than this: a hang (or catastrophic backtracking) fails. A case
 * takes a few ms; 250 ms was once exceeded by a GC pause on a machine at load 20 (261 ms).
 */
export const MAX_CASE_MS = 1000

/** "No crash, no hang", asserted: each input ends in a result or a clear Error, within MAX_CASE_MS. */
export function timed(parse: () => unknown): void {
  const t0 = performance.now()
  clearOrResult(parse)
  const ms = performance.now() - t0
  expect(ms, `one input took ${ms.toFixed(0)} ms (limit ${MAX_CASE_MS} ms)`).toBeLessThanOrEqual(MAX_CASE_MS)
}
