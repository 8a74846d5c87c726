// Mutation testing of what a branch changed: the lines of the mutated folders that differ from a
// base, each passed to Stryker as a `--mutate file:start-end` range, so that the run costs what the
// change costs. The score is checked per folder as `npm run mutate` checks it.
//   npm run mutate:changed                        # against the merge-base with main, uncommitted edits included
//   npm run mutate:changed -- --base HEAD~3        # against another base
//   npm run mutate:changed -- --window-hours 3     # against main as it was 3 hours before HEAD's commit (CI)
//   npm run mutate:changed -- --list               # print the ranges, run nothing
//   npm run mutate:changed -- --budget-minutes 20  # one Stryker run per folder, smallest change first, until
//                                                  # the budget is spent; a folder not finished is reported
// Other arguments go to `stryker run` (e.g. --concurrency 2).
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, rmSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { mutatedFolders } from './scores.ts'

export interface LineRange {
  file: string
  start: number
  end: number
}

/** The added or changed lines of `git diff -U0` output, per new file; deletions add no line. */
export function changedRanges(diff: string): LineRange[] {
  const ranges: LineRange[] = []
  let file: string | null = null
  for (const line of diff.split('\n')) {
    if (line.startsWith('+++ ')) {
      file = line === '+++ /dev/null' ? null : line.slice('+++ b/'.length)
      continue
    }
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line)
    if (hunk === null || file === null) continue
    const start = Number(hunk[1])
    const count = hunk[2] === undefined ? 1 : Number(hunk[2])
    if (count > 0) ranges.push({ file, start, end: start + count - 1 })
  }
  return ranges
}

/** Stryker's `--mutate` entries: one `file:start-end` per range, in a folder, of a .ts file. */
export function mutateArgs(ranges: readonly LineRange[], folders: readonly string[]): string[] {
  return ranges
    .filter((r) => r.file.endsWith('.ts') && folders.some((f) => r.file.startsWith(`${f}/`)))
    .map((r) => `${r.file}:${r.start}-${r.end}`)
}

/** The last first-parent commit committed at least `hours` before HEAD, else the oldest one. */
function commitBefore(hours: number): string {
  const log = git(['log', '--first-parent', '--format=%H %ct', 'HEAD']).trim().split('\n')
  const [, head] = (log[0] ?? '').split(' ')
  const limit = Number(head) - hours * 3600
  const hit = log.find((l) => Number(l.split(' ')[1]) <= limit) ?? log.at(-1) ?? ''
  return hit.split(' ')[0] ?? 'HEAD'
}

function git(args: string[]): string {
  return execFileSync('git', args, { encoding: 'utf8', maxBuffer: 64 << 20 })
}

function option(argv: string[], name: string): string | undefined {
  const at = argv.indexOf(name)
  if (at < 0) return undefined
  const value = argv[at + 1]
  if (value === undefined) throw new Error(`${name} needs a value`)
  argv.splice(at, 2)
  return value
}

async function main(argv: string[]): Promise<number> {
  const folders = await mutatedFolders(process.cwd())
  const window = option(argv, '--window-hours')
  const base = option(argv, '--base') ?? (window !== undefined ? commitBefore(Number(window)) : 'main')
  const mergeBase = git(['merge-base', base, 'HEAD']).trim()
  // Against the working tree: a developer's uncommitted edits count; new untracked files whole.
  // -w: a change of indentation or spacing alone (a reformat) changes no mutant.
  const diff = git(['diff', '-U0', '-w', '--no-color', '--diff-filter=d', mergeBase, '--', ...folders])
  const ranges = changedRanges(diff)
  const untracked = git(['ls-files', '--others', '--exclude-standard', '--', ...folders])
    .split('\n')
    .filter(Boolean)
  const mutate = [...mutateArgs(ranges, folders), ...untracked.filter((f) => f.endsWith('.ts'))]
  console.log(`mutation testing the lines changed since ${mergeBase.slice(0, 12)} (${base}): ${mutate.length} range(s)`)
  if (mutate.length === 0) {
    console.log(`no line of ${folders.join(', ')} changed: nothing to mutate`)
    return 0
  }
  for (const m of mutate) console.log(`  ${m}`)
  if (argv.includes('--list')) return 0
  const budget = option(argv, '--budget-minutes')
  const deadline = budget === undefined ? Number.POSITIVE_INFINITY : Date.now() + Number(budget) * 60_000
  const report = 'reports/mutation/mutation.json'
  let status = 0
  for (const { folder, ranges: mutateFolder } of byFolder(mutate, folders)) {
    const left = Math.floor((deadline - Date.now()) / 1000)
    const stryker = ['stryker', 'run', '--mutate', mutateFolder.join(','), ...argv]
    if (left < 120) {
      console.log(`${folder}: not mutation-tested, the ${budget}-minute budget is spent`)
      continue
    }
    rmSync(report, { force: true })
    // timeout(1) signals its whole process group: npx, Stryker and its test runners.
    const run = Number.isFinite(left)
      ? spawnSync('timeout', ['--kill-after=20s', `${left}s`, 'npx', ...stryker], { stdio: 'inherit' })
      : spawnSync('npx', stryker, { stdio: 'inherit' })
    if (run.status === 124 || run.status === 137) {
      console.log(`${folder}: mutation testing stopped at the ${budget}-minute budget, not finished`)
      continue
    }
    if (!existsSync(report)) {
      status = Math.max(status, run.status ?? 1)
      continue
    }
    const scores = spawnSync('npx', ['tsx', 'test/mutation/scores.ts', report, '--break', '90'], { stdio: 'inherit' })
    status = Math.max(status, run.status ?? 1, scores.status ?? 1)
  }
  return status
}

/** The ranges of each folder, the folder with the fewest first (the most folders within a budget). */
function byFolder(mutate: readonly string[], folders: readonly string[]): { folder: string; ranges: string[] }[] {
  return folders
    .map((folder) => ({ folder, ranges: mutate.filter((m) => m.startsWith(`${folder}/`)) }))
    .filter((g) => g.ranges.length > 0)
    .sort((a, b) => a.ranges.length - b.ranges.length)
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main(process.argv.slice(2))
}
