// The commands besides run: list, validate, explain, cleanup and merge-reports.
import { existsSync, readFileSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { CATALOG, checkInfo, isCheckId } from '../checks/catalog.ts'
import { plan } from '../checks/plan.ts'
import { didYouMean } from '../util/suggest.ts'
import { readObservations } from '../observe/observations-file.ts'
import { checkReportDir, reportDirFor } from '../report/report-dir.ts'
import { readResults } from '../report/trend.ts'
import { mergeResults } from '../report/merge.ts'
import type { Observations } from '../observe/record.ts'
import { checkShards, mergeObservations } from '../observe/shard.ts'
import { shardPlan, shardText, shareOfTarget, type Shard } from '../targets/shard.ts'
import type { ResolvedTarget } from '../targets/resolve.ts'
import { printSummary } from '../report/vitest-reporter.ts'
import { sanitizeText } from '../util/sanitize.ts'
import { writeObservations, writeReports } from '../report/write.ts'
import { targetsPath } from '../targets/find.ts'
import { formatConfigError } from '../targets/errors.ts'
import { formatPath } from '../util/zod-issues.ts'
import { loadTargetsFile, positionsOf } from '../targets/load.ts'
import { targetWarnings } from '../checks/warnings.ts'
import { list, shardOfArgs, str, UsageError, type Parsed } from './args.ts'
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
  const shard = shardOfArgs(p)
  if (shard && !str(p, 'target'))
    throw new UsageError('list --shard needs --target NAME: the target whose share is listed')
  const whole = str(p, 'target') ? loadTarget(p) : undefined
  const target = whole && shard ? shareOfTarget(whole, shard) : whole
  const planned = target ? plan(target, select, shard) : []
  for (const c of CATALOG) {
    const pl = planned.find((x) => x.check === c.id)
    if (target && !pl) continue
    console.log(`${c.id.padEnd(30)} ${c.suite.padEnd(8)} ${(c.tags.join(',') || '-').padEnd(9)} ${c.title}`)
    for (const s of pl?.subjects ?? []) console.log(`    ${c.id} ${s}`)
  }
  if (target)
    console.log(
      `\n${planned.reduce((n, x) => n + x.subjects.length, 0)} tests for target ${target.name}${shard ? ` shard ${shardText(shard)}` : ''} (${target.hosts.length} hosts; host:* stands for each observed interface or listener)`,
    )
  if (target) console.log(['hosts:', ...hostLines(target, '    ')].join('\n'))
  if (whole && shard) console.log(shardLines(whole, shard).join('\n'))
  return 0
}

/** What a shard holds besides its hosts, for an operator who wants to know which agent judges what. */
function shardLines(whole: ResolvedTarget, shard: Shard): string[] {
  const s = shardPlan(whole, shard)
  const each = (title: string, xs: string[]) => [
    `${title}:`,
    ...(xs.length ? xs.map((x) => `    ${x}`) : ['    (none)']),
  ]
  return [
    ...each('endpoints', s.endpoints),
    ...each('names', s.names),
    ...(s.firstOnly.length ? each('only in shard 1', s.firstOnly) : []),
    `shard of each host, endpoint and name: FNV-1a of its name mod ${shard.count}, plus 1 (docs/sharding.md)`,
  ]
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

/**
 * The shards' report directories joined into one: the same files an unsharded run writes, and
 * the observations joined too, so that `--replay` judges the whole target again.
 */
export async function mergeReports(p: Parsed): Promise<number> {
  if (!p.positional.length) throw new UsageError('merge-reports needs the report directories of the shards')
  const read = p.positional.map((d) => readResults(d, 'merge-reports'))
  const shards = p.positional.map((d, i) => {
    const file = join(statSync(d).isDirectory() ? d : dirname(read[i]!.file), 'observations.json')
    if (!existsSync(file))
      throw new UsageError(
        `merge-reports ${file}: no such file: each shard's report directory holds the observations.json its run wrote, which merge-reports joins (a run interrupted while observing has none: run that shard again)`,
      )
    const observations = readObservations(file, 'merge-reports')
    const results = read[i]!
    const [a, b] = [observations.shard, results.results.info.shard]
    if (observations.target.name !== results.results.info.target || (a && shardText(a)) !== (b && shardText(b)))
      throw new UsageError(
        `merge-reports ${file}: of target ${observations.target.name}${a ? `, shard ${shardText(a)}` : ''}, but ${results.file} is of ${results.results.info.target}${b ? `, shard ${shardText(b)}` : ''}: give each shard's report directory as its run wrote it`,
      )
    return { file, observations }
  })
  let merged: ReturnType<typeof mergeResults>
  let whole: Observations
  try {
    checkShards(read.map((r) => ({ file: r.file, target: r.results.info.target, shard: r.results.info.shard })))
    merged = mergeResults(read.map((r) => r.results))
    whole = mergeObservations(shards)
  } catch (e) {
    throw new UsageError((e as Error).message)
  }
  const reportDir = reportDirFor(merged.info.target, str(p, 'report-dir'))
  const baseline = baselineOf(p)
  checkReportDir(reportDir)
  const info = { ...merged.info, reportDir, ...pastOf(p, merged.info.target, baseline) }
  // Loaded here: the judges and the DNS code stay out of the other commands' start-up.
  const { withJoinedChecks } = await import('../report/joined-checks.ts')
  const records = writeReports(withJoinedChecks(merged.records, whole), info)
  // Written again rather than copied: checked, scrubbed and masked as every observations.json is.
  writeObservations(reportDir, whole)
  if (merged.duplicates)
    console.error(`merge-reports: ${merged.duplicates} tests were in more than one report; each is kept once`)
  printSummary(records, info)
  return records.some((r) => r.state === 'failed') ? 1 : 0
}
