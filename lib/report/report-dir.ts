// Where a run's reports go, checked before anything is observed: a report directory that cannot be
// written would otherwise be found only when the reports are, after the whole observation.
import { closeSync, mkdirSync, openSync, rmSync, statSync } from 'node:fs'
import { isAbsolute, join, relative, resolve, sep } from 'node:path'
import { UsageError } from '../util/usage-error.ts'

/** Every file a run or merge-reports writes in the report directory. */
export const REPORT_FILES = [
  'junit.xml',
  'summary.md',
  'report.html',
  'results.json',
  'observations.json',
  'overlay-journal.jsonl',
] as const

/**
 * `--report-dir` as given, else `reports/<target>` under `cwd`. The target name comes from a file
 * (a replay, a shard's results.json): it must stay one segment inside `reports/`, whatever the
 * schema that checked it let through.
 */
export function reportDirFor(target: string, explicit: string | undefined, cwd: string = process.cwd()): string {
  if (explicit !== undefined) return resolve(cwd, explicit)
  const base = resolve(cwd, 'reports')
  const dir = resolve(base, target)
  const rel = relative(base, dir)
  if (rel === '' || rel === '..' || rel.includes(sep) || isAbsolute(rel))
    throw new UsageError(
      `target name ${JSON.stringify(target)} would put the reports at ${dir}, not in a directory of ${base}: a target name is letters, digits, "_", "." and "-", starting with a letter or digit`,
    )
  return dir
}

const reason = (e: unknown): string => (e instanceof Error ? e.message : String(e))

/**
 * The report directory exists (or is created) and takes new files, and no report file's name is
 * taken by a directory. Tried by creating a file, not by mode bits: root ignores those, but not a
 * read-only mount or an immutable directory.
 */
export function checkReportDir(dir: string): void {
  const fix = 'pass --report-dir a directory v6ready can write'
  let isDir: boolean | undefined
  try {
    isDir = statSync(dir).isDirectory()
  } catch {
    // absent: created below
  }
  if (isDir === false) throw new UsageError(`report directory ${dir} is a file, not a directory: ${fix}`)
  try {
    mkdirSync(dir, { recursive: true })
  } catch (e) {
    throw new UsageError(`cannot create the report directory ${dir} (${reason(e)}): ${fix}`)
  }
  const probe = join(dir, `.v6ready-write-check-${process.pid}`)
  try {
    closeSync(openSync(probe, 'wx'))
    rmSync(probe, { force: true })
  } catch (e) {
    throw new UsageError(`cannot write in the report directory ${dir} (${reason(e)}): ${fix}`)
  }
  for (const f of REPORT_FILES) {
    let taken = false
    try {
      taken = statSync(join(dir, f)).isDirectory()
    } catch {
      // absent: fine
    }
    if (taken)
      throw new UsageError(
        `${join(dir, f)} is a directory, so the report cannot be written there: remove it, or ${fix}`,
      )
  }
}
