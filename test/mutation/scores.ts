// The mutation score of each mutated folder, from Stryker's JSON report (mutation-testing-elements
// schema), and the surviving mutants one per line: Stryker's own table is per file, and the goal
// (docs/testing.md, "Mutation testing") is per folder.
//   tsx test/mutation/scores.ts [reports/mutation/mutation.json] [--break 90]
import { readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { relative, resolve } from 'node:path'

interface Mutant {
  mutatorName: string
  replacement?: string
  status: string
  location: { start: { line: number; column: number } }
}
interface Report {
  files: Record<string, { mutants: Mutant[] }>
}

/** Stryker's score: detected (killed, timed out) over valid (detected, survived, not covered). */
const detected = new Set(['Killed', 'Timeout'])
const undetected = new Set(['Survived', 'NoCoverage'])

export interface FolderScore {
  folder: string
  detected: number
  undetected: number
  ignored: number
  /** Percent, or null when no mutant of the folder was tested. */
  score: number | null
}

export function folderScores(report: Report, folders: readonly string[], cwd: string): FolderScore[] {
  return folders.map((folder) => {
    const row = { folder, detected: 0, undetected: 0, ignored: 0 }
    for (const [file, { mutants }] of Object.entries(report.files)) {
      if (!inFolder(relative(cwd, resolve(cwd, file)), folder)) continue
      for (const m of mutants) {
        if (detected.has(m.status)) row.detected++
        else if (undetected.has(m.status)) row.undetected++
        else row.ignored++
      }
    }
    const valid = row.detected + row.undetected
    return { ...row, score: valid === 0 ? null : (100 * row.detected) / valid }
  })
}

export function survivors(report: Report, cwd: string): string[] {
  const lines: string[] = []
  for (const [file, { mutants }] of Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b))) {
    for (const m of mutants.filter((x) => undetected.has(x.status))) {
      const at = `${relative(cwd, resolve(cwd, file))}:${m.location.start.line}:${m.location.start.column}`
      lines.push(`${at} ${m.status} ${m.mutatorName} ${JSON.stringify(m.replacement ?? '')}`)
    }
  }
  return lines
}

function inFolder(file: string, folder: string): boolean {
  return file.startsWith(`${folder}/`)
}

/** The folders, from the `mutate` globs of stryker.config.mjs ("lib/net/**\/*.ts" → "lib/net"). */
export async function mutatedFolders(cwd: string): Promise<string[]> {
  const mod: { mutatedFolders?: unknown } = await import(pathToFileURL(resolve(cwd, 'stryker.config.mjs')).href)
  const folders = mod.mutatedFolders
  if (!Array.isArray(folders) || !folders.every((f) => typeof f === 'string')) {
    throw new Error('stryker.config.mjs: expected `export const mutatedFolders` to be a list of folders')
  }
  return folders
}

async function main(argv: string[]): Promise<number> {
  const cwd = process.cwd()
  const at = argv.indexOf('--break')
  const threshold = at >= 0 ? Number(argv[at + 1]) : null
  const file = argv.find((a, i) => !a.startsWith('--') && (at < 0 || i !== at + 1)) ?? 'reports/mutation/mutation.json'
  const report = JSON.parse(readFileSync(file, 'utf8')) as Report
  const rows = folderScores(report, await mutatedFolders(cwd), cwd)
  console.log('folder                 score   killed  survived  ignored')
  for (const r of rows) {
    const score = r.score === null ? '    -' : `${r.score.toFixed(1)}%`.padStart(6)
    console.log(
      `${r.folder.padEnd(22)} ${score} ${String(r.detected).padStart(8)} ${String(r.undetected).padStart(9)} ${String(r.ignored).padStart(8)}`,
    )
  }
  const left = survivors(report, cwd)
  if (left.length > 0) console.log(`\nsurviving mutants (${left.length}):\n${left.join('\n')}`)
  const below = rows.filter((r) => threshold !== null && r.score !== null && r.score < threshold)
  for (const r of below) console.log(`${r.folder}: mutation score ${r.score?.toFixed(1)}% is below ${threshold}%`)
  return below.length > 0 ? 1 : 0
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main(process.argv.slice(2))
}
