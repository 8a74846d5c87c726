// The commands besides run: list, validate, explain, cleanup and merge-reports.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { CATALOG, checkInfo, isCheckId } from '../checks/catalog.ts'
import { plan } from '../checks/plan.ts'
import { didYouMean } from '../util/suggest.ts'
import { readObservations } from '../observe/observations-file.ts'
import { checkReportDir, reportDirFor } from '../report/report-dir.ts'
import { readResults } from '../report/trend.ts'
import { mergeResults } from '../report/merge.ts'
import { printSummary } from '../report/vitest-reporter.ts'
import { sanitizeText } from '../util/sanitize.ts'
import { writeObservations, writeReports } from '../report/write.ts'
import { targetsPath } from '../targets/find.ts'
import { formatConfigError } from '../targets/errors.ts'
import { formatPath } from '../util/zod-issues.ts'
import { loadTargetsFile, positionsOf } from '../targets/load.ts'
import { targetWarnings } from '../checks/warnings.ts'
import { list, str, UsageError, type Parsed } from './args.ts'
import { hostLines, targetSummary } from './show-hosts.ts'
import { baselineOf, loadTarget, pastOf, selection } from './inputs.ts'

export async function cleanupCommand(p: Parsed): Promise<number> {
  if (!str(p, 'target'))
    throw new UsageError('cleanup needs --target NAME (the cloud whose v6ready-* resources are deleted)')
  const age = str(p, 'older-than')
  const [{ parseAge }, { cleanup }] = await Promise.all([
    import('../overlay/leftovers.ts'),
    import('../overlay/cleanup.ts'),
  ])
  const olderThanMs = age === undefined ? undefined : parseAge(age)
  if (age !== undefined && olderThanMs === undefined)
    throw new UsageError(`--older-than needs an age like 30m, 1h or 2d, got "${age}"`)
  const target = loadTarget(p)
  if (!target.openstack)
    throw new UsageError(`target ${target.name} has no openstack section: there is no cloud to clean up`)
  return cleanup(
    target,
    { dryRun: p.own['dry-run'] === true, ...(olderThanMs !== undefined && { olderThanMs }) },
    (line) => console.log(line),
  )
}

export function listChecks(p: Parsed): number {
  const select = selection(p)
  const target = str(p, 'target') ? loadTarget(p) : undefined
  const planned = target ? plan(target, select) : []
  for (const c of CATALOG) {
    const pl = planned.find((x) => x.check === c.id)
    if (target && !pl) continue
    console.log(`${c.id.padEnd(30)} ${c.suite.padEnd(8)} ${(c.tags.join(',') || '-').padEnd(9)} ${c.title}`)
    for (const s of pl?.subjects ?? []) console.log(`    ${c.id} ${s}`)
  }
  if (target)
    console.log(
      `\n${planned.reduce((n, x) => n + x.subjects.length, 0)} tests for target ${target.name} (${target.hosts.length} hosts; host:* stands for each observed interface or listener)`,
    )
  if (target) console.log(['hosts:', ...hostLines(target, '    ')].join('\n'))
  return 0
}

export function validate(p: Parsed): number {
  const file = targetsPath(str(p, 'targets'))
  if (!file) throw new UsageError('no targets file: pass --targets FILE, set V6READY_TARGETS, or create ./targets.yaml')
  // validate also checks that the local files the targets file names are there.
  const f = loadTargetsFile(file, { checkFiles: true })
  const names = Object.keys(f.targets)
  const warnings = targetWarnings(f)
  if (warnings.length) {
    // Placed as errors are, each at the value it is about.
    const at = positionsOf(readFileSync(file, 'utf8'))
    const placed = warnings.map((w) => ({ file, path: formatPath(w.path), message: w.message, ...at(w.path) }))
    placed.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0))
    for (const w of placed) console.error(sanitizeText(formatConfigError(w, 'warning')))
  }
  console.log(
    `${file}: ok (${names.length} targets: ${names.join(', ')})${warnings.length ? `, ${warnings.length} ${warnings.length === 1 ? 'warning' : 'warnings'}` : ''}`,
  )
  // The hosts each target resolves to, inventories included (show-hosts.ts).
  for (const n of names) for (const line of targetSummary(f, n)) console.log(line)
  return 0
}

export function explain(p: Parsed): number {
  const id = p.positional[0]
  if (!id) throw new UsageError('explain needs a check ID (v6ready list shows them)')
  if (!isCheckId(id))
    throw new UsageError(
      `unknown check "${id}"${didYouMean(
        id,
        CATALOG.map((c) => c.id),
      )} (v6ready list shows them)`,
    )
  const c = checkInfo(id)
  console.log(
    `${c.id}  [${c.suite}${c.tags.length ? `, ${c.tags.join(', ')}` : ''}]\n${c.title}\n\nWhy: ${c.why}\n\nFix: ${c.fix}`,
  )
  return 0
}

/** The shards' report directories joined into one: the same files an unsharded run writes. */
export function mergeReports(p: Parsed): number {
  if (!p.positional.length) throw new UsageError('merge-reports needs the report directories of the shards')
  const parts = p.positional.map((d) => readResults(d, 'merge-reports').results)
  let merged: ReturnType<typeof mergeResults>
  try {
    merged = mergeResults(parts)
  } catch (e) {
    throw new UsageError((e as Error).message)
  }
  const reportDir = reportDirFor(merged.info.target, str(p, 'report-dir'))
  const baseline = baselineOf(p)
  // Every shard observed the whole target: the first one's observations serve --replay, once checked.
  const obs = p.positional.map((d) => join(d, 'observations.json')).find((f) => existsSync(f))
  const observations = obs === undefined ? undefined : readObservations(obs, 'merge-reports')
  if (obs && observations && observations.target.name !== merged.info.target)
    throw new UsageError(
      `merge-reports ${obs}: target.name: ${observations.target.name}, but the results are of ${merged.info.target}: merge the report directories of one run`,
    )
  checkReportDir(reportDir)
  const info = { ...merged.info, reportDir, ...pastOf(p, merged.info.target, baseline) }
  const records = writeReports(merged.records, info)
  // Written again rather than copied: checked, scrubbed and masked as every observations.json is.
  if (observations) writeObservations(reportDir, observations)
  if (merged.duplicates)
    console.error(`merge-reports: ${merged.duplicates} tests were in more than one report; each is kept once`)
  printSummary(records, info)
  return records.some((r) => r.state === 'failed') ? 1 : 0
}
