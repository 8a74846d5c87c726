// Mutation testing of what a branch changed: the lines of the mutated folders that differ from a
// base, each passed to Stryker as a `--mutate file:start-end` range, so that the run costs what the
// change costs. The score is checked per folder as `npm run mutate` checks it.
//   npm run mutate:changed                        # against the merge-base with main, uncommitted edits included
//   npm run mutate:changed -- --base HEAD~3        # against another base
//   npm run mutate:changed -- --window-hours 3     # against main as it was 3 hours before HEAD's commit (CI)
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
  const ranges = changedRanges(git(['diff', '-U0', '--no-color', '--diff-filter=d', mergeBase, '--', ...folders]))
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
  const report = 'reports/mutation/mutation.json'
  rmSync(report, { force: true })
  const stryker = spawnSync('npx', ['stryker', 'run', '--mutate', mutate.join(','), ...argv], { stdio: 'inherit' })
  if (!existsSync(report)) return stryker.status ?? 1
  const scores = spawnSync('npx', ['tsx', 'test/mutation/scores.ts', report, '--break', '90'], { stdio: 'inherit' })
  return Math.max(stryker.status ?? 1, scores.status ?? 1)
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main(process.argv.slice(2))
}
