// Readiness over the nights: each run's results.json carries the chain of the nights before it
// (taken from its --baseline) with its own night last, so a nightly job that passes last night's
// report directory as --baseline builds the chain by itself. `--history DIR` reads it from a
// directory of earlier report directories instead. report.html draws it (trend-chart.ts).
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { UsageError } from '../util/usage-error.ts'
import { SUITES, type Suite } from '../verdict.ts'
import {
  baselineOf,
  chain,
  MAX_NIGHTS,
  nightOf,
  readResults,
  RESULTS_FILE,
  type Baseline,
  type Night,
} from './trend.ts'

/**
 * `--history DIR`: the results.json of each report directory in DIR (or each results file in it) for
 * `target`, oldest first, each night's new and fixed counted against the night before. Returns the
 * newest as a baseline too: it marks tonight's findings unless --baseline names another.
 */
export function readHistory(dir: string, target: string): { nights: Night[]; last?: Baseline } {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new UsageError(`--history ${dir}: not a directory (want one holding earlier report directories)`)
  const files = readdirSync(dir)
    .map((e) => join(dir, e))
    .flatMap((p) =>
      statSync(p).isDirectory()
        ? existsSync(join(p, RESULTS_FILE))
          ? [join(p, RESULTS_FILE)]
          : []
        : p.endsWith('.json')
          ? [p]
          : [],
    )
    // The newest first when there are too many: the chart shows the latest nights.
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)
    .slice(0, MAX_NIGHTS)
  const runs = files
    .map((f) => readResults(f, '--history'))
    .filter(({ results: r }) => r.info.target === target)
    .sort((a, b) => a.results.info.startedAt.localeCompare(b.results.info.startedAt))
  const nights: Night[] = []
  let last: Baseline | undefined
  for (const { file, results: r } of runs) {
    const here = baselineOf(r, file)
    const night = nightOf(r.records, r.info, last)
    nights.splice(0, nights.length, ...chain(nights, night))
    last = here
  }
  return { nights, ...(last && { last }) }
}

/** Suites in report order that any night judged. */
export const suitesIn = (nights: readonly Night[]): Suite[] =>
  SUITES.filter((s) => nights.some((n) => n.readiness[s] !== undefined))
