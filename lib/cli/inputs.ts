// What a command reads before it does anything: the targets file and the target, the selection,
// the baseline and the nights before; each a usage error (exit 2) when it is bad.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { CATALOG } from '../checks/catalog.ts'
import { globMatch, isSelected, parseListFile, type Selection } from '../checks/select.ts'
import { didYouMean } from '../util/suggest.ts'
import { readBaseline, type Baseline } from '../report/trend.ts'
import { readHistory } from '../report/history.ts'
import type { RunInfo } from '../report/record.ts'
import { targetsPath } from '../targets/find.ts'
import { loadTargetsFile } from '../targets/load.ts'
import { rememberSecrets } from '../secrets/known.ts'
import { localTarget, resolveTarget, secretsOf, type ResolvedTarget } from '../targets/resolve.ts'
import { LIST_INPUT, readInput } from '../util/input-file.ts'
import { list, str, suitesOf, UsageError, type Parsed } from './args.ts'

/**
 * A --targets file that is not there, or one given without a --target to pick from it, is an
 * error: `run --targets lab1` (meant: --target) would otherwise judge this machine without a word.
 */
export function checkTargetsFlag(p: Parsed): void {
  const given = str(p, 'targets')
  if (given === undefined) return
  // A bare word is more likely a target's name than a file's.
  const meant =
    !/[./]/.test(given) && str(p, 'target') === undefined ? ` (to pick a target, use --target ${given})` : ''
  if (!existsSync(given)) throw new UsageError(`--targets ${given}: no such file${meant}`)
  if (str(p, 'target') === undefined && p.command !== 'validate')
    throw new UsageError(
      `--targets ${given} names a targets file, but no --target picks one of its targets: add --target NAME (v6ready validate --targets ${given} lists them), or leave --targets out to judge this machine`,
    )
}

/** --target NAME from the targets file; with no --target, the built-in local target. */
export function loadTarget(p: Parsed): ResolvedTarget {
  const name = str(p, 'target')
  const file = targetsPath(str(p, 'targets'))
  if (!name || (name === 'local' && !file)) return localTarget()
  if (!file) throw new UsageError(`no targets file: pass --targets FILE, set V6READY_TARGETS, or create ./targets.yaml`)
  const target = resolveTarget(loadTargetsFile(file), name)
  // Its passwords and passphrases are masked from here on, wherever they would appear verbatim.
  rememberSecrets(secretsOf(target))
  return target
}

export function selection(p: Parsed): Selection {
  const read = (flag: 'include-list' | 'exclude-list') => {
    const f = str(p, flag)
    return f ? parseListFile(readInput(f, `--${flag}`, LIST_INPUT)) : []
  }
  const skip = list(p, 'skip')
  const s: Selection = {
    suites: suitesOf(p),
    checks: list(p, 'check'),
    tags: list(p, 'tag'),
    include: read('include-list'),
    exclude: [...skip, ...read('exclude-list')],
  }
  // A glob that matches no check ID is a typo: --check would select nothing, --skip would skip nothing.
  const ids = CATALOG.map((c) => c.id)
  for (const [flag, globs] of [
    ['--check', s.checks],
    ['--skip', skip],
  ] as const)
    for (const g of globs)
      if (!ids.some((id) => globMatch(g, id)))
        throw new UsageError(`${flag} ${g} matches no check${didYouMean(g, ids)}: v6ready list prints the check IDs`)
  const tags = [...new Set(CATALOG.flatMap((c) => c.tags))]
  for (const t of s.tags)
    if (!tags.includes(t))
      throw new UsageError(`--tag ${t}: no check has this tag${didYouMean(t, tags)} (tags: ${tags.join(', ')})`)
  // A typo in a glob, or filters that exclude each other, would otherwise pass as a green night with no test.
  if (!CATALOG.some((c) => isSelected(c.id, s)))
    throw new UsageError(
      `the selection matches no check (${showSelection(s)}): v6ready list prints the check IDs, suites and tags`,
    )
  return s
}

export const showSelection = (s: Selection): string =>
  [
    ...s.suites.map((x) => `--suite ${x}`),
    ...s.checks.map((x) => `--check ${x}`),
    ...s.tags.map((x) => `--tag ${x}`),
    ...(s.include.length ? [`--include-list (${s.include.length} globs)`] : []),
    ...(s.exclude.length ? [`--skip/--exclude-list (${s.exclude.length} globs)`] : []),
  ].join(' ')

/** Read before anything is observed: a bad --baseline is a usage error, not a lost night's run. */
export function baselineOf(p: Parsed): Baseline | undefined {
  const path = str(p, 'baseline')
  return path === undefined ? undefined : readBaseline(path)
}

/**
 * The nights before this run: `--history DIR`'s (whose newest also marks tonight's findings, unless
 * --baseline names another run), else the baseline's chain. Read before anything is observed.
 */
export function pastOf(
  p: Parsed,
  target: string,
  baseline: Baseline | undefined,
): Pick<RunInfo, 'baseline' | 'history'> {
  const dir = str(p, 'history')
  const h = dir === undefined ? undefined : readHistory(dir, target)
  const base = baseline ?? h?.last
  return { ...(base && { baseline: base }), ...(h && { history: h.nights }) }
}
