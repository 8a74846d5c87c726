// "Did you mean": the nearest known name to a typo, by edit distance (fastest-levenshtein, a
// maintained package), so `--tagret`, `controler` and `hosts.sysctl.accpt-ra` point at the word
// that was meant instead of leaving the operator to search a list.
import { distance } from 'fastest-levenshtein'

/**
 * The known name nearest to `typo`, when it is near enough to be a slip rather than another word:
 * at most a third of its length in edits (2 at least), and nearer than any other at that distance.
 */
export function nearest(typo: string, known: Iterable<string>): string | undefined {
  const room = Math.max(2, Math.floor(typo.length / 3))
  let best: string | undefined
  let bestD = Infinity
  let tie = false
  for (const k of known) {
    if (k === typo) continue
    const d = distance(typo.toLowerCase(), k.toLowerCase())
    if (d < bestD) [best, bestD, tie] = [k, d, false]
    else if (d === bestD && k !== best) tie = true
  }
  return best !== undefined && bestD <= room && !tie ? best : undefined
}

/** `; did you mean "controller"?`, or nothing when no known name is near. `show` quotes it as the message needs. */
export function didYouMean(
  typo: string,
  known: Iterable<string>,
  show: (s: string) => string = (s) => `"${s}"`,
): string {
  const n = nearest(typo, known)
  return n === undefined ? '' : `; did you mean ${show(n)}?`
}
