// v6ready's command line: `npm test -- ARGS` is `v6ready run ARGS`.
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CATALOG, checkInfo, isCheckId } from '../checks/catalog.ts'
import { plan } from '../checks/plan.ts'
import { globMatch, isSelected, parseListFile, type Selection } from '../checks/select.ts'
import { didYouMean } from '../util/suggest.ts'
import { readObservations } from '../observe/observations-file.ts'
import type { Observations } from '../observe/record.ts'
import type { Access } from '../openstack/access.ts'
import type { OverlayGuard } from '../overlay/guard.ts'
import type { OverlaySession, OverlayState } from '../overlay/session.ts'
import { observeTarget, TARGET_DEFAULTS } from '../observe/target.ts'
import { hasUnderlay } from '../observe/underlay-options.ts'
import { checkReportDir, reportDirFor } from '../report/report-dir.ts'
import { readBaseline, readResults, type Baseline } from '../report/trend.ts'
import { mergeResults } from '../report/merge.ts'
import { readHistory } from '../report/history.ts'
import type { RunInfo } from '../report/record.ts'
import { observationCosts } from '../report/timings.ts'
import { ConsoleReporter } from '../report/console-reporter.ts'
import { printSummary, V6ReadyReporter, writeInterrupted } from '../report/vitest-reporter.ts'
import { oneLine, sanitizeText } from '../report/sanitize.ts'
import { writeObservations, writeReports } from '../report/write.ts'
import type { RunContext } from '../run-context.ts'
import { targetsPath } from '../targets/find.ts'
import { formatConfigError, TargetsError } from '../targets/errors.ts'
import { formatPath } from '../util/zod-issues.ts'
import { loadTargetsFile, positionsOf } from '../targets/load.ts'
import { targetWarnings } from '../targets/warnings.ts'
import { rememberSecrets } from '../secrets/known.ts'
import { localTarget, resolveTarget, secretsOf, type ResolvedTarget } from '../targets/resolve.ts'
import { bytesText, LIST_INPUT, OBSERVATIONS_INPUT, readInput } from '../util/input-file.ts'
import { helpFor, list, parseArgs, str, suitesOf, UsageError, VERSION_TEXT, type Parsed } from './args.ts'
import { colorWanted, settleColor } from './color.ts'
import { Interrupts } from './interrupts.ts'
import { Progress } from './progress.ts'
import { maskProcessOutput } from './masked-output.ts'
import { hostLines, targetSummary } from './show-hosts.ts'
import { suiteConfig } from './suite-config.ts'

/** The repository, or the compiled build of it that bin/v6ready.js runs (bin/compile.js). */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
/** suites/overlay holds six files, one per topic. */
const OVERLAY_FILES = 6

/**
 * A --targets file that is not there, or one given without a --target to pick from it, is an
 * error: `run --targets lab1` (meant: --target) would otherwise judge this machine without a word.
 */
function checkTargetsFlag(p: Parsed): void {
  const given = str(p, 'targets')
  if (given === undefined) return
  // A bare word is more likely a target's name than a file's.
  const meant = !/[./]/.test(given) && str(p, 'target') === undefined ? ` (to pick a target, use --target ${given})` : ''
  if (!existsSync(given)) throw new UsageError(`--targets ${given}: no such file${meant}`)
  if (str(p, 'target') === undefined && p.command !== 'validate')
    throw new UsageError(`--targets ${given} names a targets file, but no --target picks one of its targets: add --target NAME (v6ready validate --targets ${given} lists them), or leave --targets out to judge this machine`)
}

/** --target NAME from the targets file; with no --target, the built-in local target. */
function loadTarget(p: Parsed): ResolvedTarget {
  const name = str(p, 'target')
  const file = targetsPath(str(p, 'targets'))
  if (!name || (name === 'local' && !file)) return localTarget()
  if (!file) throw new UsageError(`no targets file: pass --targets FILE, set V6READY_TARGETS, or create ./targets.yaml`)
  const target = resolveTarget(loadTargetsFile(file), name)
  // Its passwords and passphrases are masked from here on, wherever they would appear verbatim.
  rememberSecrets(secretsOf(target))
  return target
}

function selection(p: Parsed): Selection {
  const read = (flag: 'include-list' | 'exclude-list') => {
    const f = str(p, flag)
    return f ? parseListFile(readInput(f, `--${flag}`, LIST_INPUT)) : []
  }
  const skip = list(p, 'skip')
  const s: Selection = { suites: suitesOf(p), checks: list(p, 'check'), tags: list(p, 'tag'), include: read('include-list'), exclude: [...skip, ...read('exclude-list')] }
  // A glob that matches no check ID is a typo: --check would select nothing, --skip would skip nothing.
  const ids = CATALOG.map((c) => c.id)
  for (const [flag, globs] of [['--check', s.checks], ['--skip', skip]] as const)
    for (const g of globs) if (!ids.some((id) => globMatch(g, id))) throw new UsageError(`${flag} ${g} matches no check${didYouMean(g, ids)}: v6ready list prints the check IDs`)
  const tags = [...new Set(CATALOG.flatMap((c) => c.tags))]
  for (const t of s.tags) if (!tags.includes(t)) throw new UsageError(`--tag ${t}: no check has this tag${didYouMean(t, tags)} (tags: ${tags.join(', ')})`)
  // A typo in a glob, or filters that exclude each other, would otherwise pass as a green night with no test.
  if (!CATALOG.some((c) => isSelected(c.id, s))) throw new UsageError(`the selection matches no check (${showSelection(s)}): v6ready list prints the check IDs, suites and tags`)
  return s
}

const showSelection = (s: Selection): string =>
  [
    ...s.suites.map((x) => `--suite ${x}`),
    ...s.checks.map((x) => `--check ${x}`),
    ...s.tags.map((x) => `--tag ${x}`),
    ...(s.include.length ? [`--include-list (${s.include.length} globs)`] : []),
    ...(s.exclude.length ? [`--skip/--exclude-list (${s.exclude.length} globs)`] : []),
  ].join(' ')

/** Read before anything is observed: a bad --baseline is a usage error, not a lost night's run. */
function baselineOf(p: Parsed): Baseline | undefined {
  const path = str(p, 'baseline')
  return path === undefined ? undefined : readBaseline(path)
}

/**
 * The nights before this run: `--history DIR`'s (whose newest also marks tonight's findings, unless
 * --baseline names another run), else the baseline's chain. Read before anything is observed.
 */
function pastOf(p: Parsed, target: string, baseline: Baseline | undefined): Pick<RunInfo, 'baseline' | 'history'> {
  const dir = str(p, 'history')
  const h = dir === undefined ? undefined : readHistory(dir, target)
  const base = baseline ?? h?.last
  return { ...(base && { baseline: base }), ...(h && { history: h.nights }) }
}

/** Vitest's own reporters, or a module path or package; a mistyped name would fail only after the observation. */
async function checkReporters(p: Parsed): Promise<void> {
  const names = p.vitest.filter((_, i) => p.vitest[i - 1] === '--reporter')
  if (!names.length) return
  const { ReportersMap } = await import('vitest/node')
  const known = [...Object.keys(ReportersMap), 'html']
  for (const n of names)
    if (!known.includes(n) && !/[./@]/.test(n)) throw new UsageError(`--reporter ${n}: not one of Vitest's reporters (${known.join(', ')}), nor a path to a reporter module`)
}

/** The overlay's state for this run: skipped (replay, not enabled), failed (no session), or ready with its guard. */
async function overlayFor(o: Observations, access: Access | undefined, reportDir: string, replay: boolean): Promise<{ state: OverlayState; guard?: OverlayGuard } | undefined> {
  const spec = o.target.openstack?.overlay
  if (!spec) return undefined
  if (replay) return { state: { state: 'skip', reason: '--replay judges recorded observations; the overlay suite acts on Neutron and is never replayed' } }
  if (!spec.enabled || spec.cidr === undefined) return { state: { state: 'skip', reason: `openstack.overlay.enabled is not true for target ${o.target.name}: the overlay suite creates resources only when the targets file allows it` } }
  if (!access) return undefined
  if (!access.ok) return { state: { state: 'failed', message: access.message, evidence: access.evidence.join('\n'), ...(access.remedy && { remedy: access.remedy }) } }
  // The overlay's modules are loaded only by a run that acts on Neutron.
  const [{ carveProblem }, { OverlayGuard }] = await Promise.all([import('../overlay/carve.ts'), import('../overlay/guard.ts')])
  const problem = carveProblem(spec.cidr)
  if (problem) return { state: { state: 'failed', message: problem, evidence: `targets.${o.target.name}.openstack.overlay.cidr: ${spec.cidr}` } }
  const session: OverlaySession = { target: o.target.name, runId: o.runId, cidr: spec.cidr, journal: join(reportDir, 'overlay-journal.jsonl'), endpoint: access.endpoint, extensions: access.extensions }
  const guard = new OverlayGuard(session, (line) => console.error(`v6ready overlay: ${line}`))
  const busy = await guard.start()
  if (busy) return { state: { state: 'failed', message: busy, evidence: session.journal } }
  return { state: { state: 'ready', session }, guard }
}

async function run(p: Parsed): Promise<number> {
  const stop = new Interrupts()
  stop.listen()
  try {
    return await runUntilDone(p, stop)
  } finally {
    stop.close()
  }
}

async function runUntilDone(p: Parsed, stop: Interrupts): Promise<number> {
  const t0 = performance.now()
  const startedAt = new Date().toISOString()
  const select = selection(p)
  const baseline = baselineOf(p)
  await checkReporters(p)
  const replay = str(p, 'replay')
  const concurrency = p.own.concurrency ?? TARGET_DEFAULTS.concurrency
  // Nothing of the underlay is asked or probed unless one of its checks will judge it.
  const underlay = CATALOG.some((c) => c.suite === 'underlay' && isSelected(c.id, select))
  // Nor is Keystone asked for the overlay's token unless an overlay check will use it.
  const overlayWanted = CATALOG.some((c) => c.suite === 'overlay' && isSelected(c.id, select))
  // Every input is checked before anything is observed, and so is the report directory: a run
  // must not find out after the whole observation that it cannot write its reports.
  const replayed = replay === undefined ? undefined : readObservations(replay, '--replay')
  const judged = replayed ? replayed.target : loadTarget(p)
  const target = replayed ? undefined : judged
  const name = judged.name
  // Checks that exist but that this target gives no subject (the overlay on a target without one):
  // a run of them would be a green night with no test.
  if (plan(judged, select).every((x) => x.subjects.length === 0))
    throw new UsageError(`the selection (${showSelection(select)}) has no test for target ${name}: v6ready list --target ${name} prints the tests each check would have`)
  const reportDir = reportDirFor(name, str(p, 'report-dir'))
  checkReportDir(reportDir)
  const past = pastOf(p, name, baseline)
  // Hosts and probes cannot be asked to stop half-way; what they found so far is not all there is
  // to judge, so a signal now gets a report that says nothing was judged, at once.
  if (target) {
    const info = { target: target.name, runId: 'none (not assigned before the observation ended)', startedAt, reportDir }
    stop.during((signal) => {
      // An earlier run's observations.json must not stand beside this run's report as if it were its own.
      rmSync(join(info.reportDir, 'observations.json'), { force: true })
      writeInterrupted([], { ...info, durationMs: Math.round(performance.now() - t0) }, `${signal} while observing the target, before any check was judged`)
    })
  }
  // On stderr while the hosts are observed: the first line at once, then who is being waited on.
  const progress = target && new Progress(target.hosts.length)
  progress?.start(name, concurrency, underlay && hasUnderlay(judged))
  const [observations, access] = await Promise.all([
    replayed ?? observeTarget(judged, { ...TARGET_DEFAULTS, concurrency, ...(!underlay && { underlay: undefined }), ...(progress && { progress }) }).finally(() => progress?.stop()),
    target && overlayWanted && target.openstack?.overlay?.enabled ? import('../openstack/access.ts').then((a) => a.networkAccess(target)) : undefined,
  ])
  const reporter = new V6ReadyReporter(
    { target: name, runId: observations.runId, startedAt: observations.startedAt, reportDir, ...past },
    { costs: observationCosts(observations), t0 },
  )
  stop.during((signal) => reporter.interrupt(signal))
  const bytes = writeObservations(reportDir, observations)
  if (bytes > OBSERVATIONS_INPUT.maxBytes)
    console.error(`v6ready: warning: observations.json is ${bytesText(bytes)}, over the ${bytesText(OBSERVATIONS_INPUT.maxBytes)} that --replay reads (${OBSERVATIONS_INPUT.tooBig})`)
  const overlay = overlayWanted ? await overlayFor(observations, access, reportDir, replay !== undefined) : undefined
  const guard = overlay?.guard
  // The reports first (synchronous, so Vitest's own exit cannot cut them short), then the overlay's resources.
  if (guard) stop.during(async (signal) => (reporter.interrupt(signal), void (await guard.interrupt(signal))), guard.leftBehind)

  const { startVitest, parseCLI } = await import('vitest/node')
  const { options } = parseCLI(['vitest', 'run', ...p.vitest])
  const userReporters = options.reporters
  const context: RunContext = { observations, select, ...(overlay && { overlay: overlay.state }) }
  const filters = select.suites.map((s) => `suites/${s}/`)
  const vitest = await startVitest('test', filters, {
    ...options,
    root: ROOT,
    config: false,
    ...suiteConfig(ROOT, import.meta.url.endsWith('.js')),
    watch: false,
    provide: { run: context },
    // Ours unless the user named Vitest's: one line per suite file with tests, each failure once.
    reporters: [...(userReporters ? [userReporters].flat() : [new ConsoleReporter(colorWanted(process.env, !!process.stdout.isTTY))]), reporter, stop.reporter],
    // The overlay's files wait on Neutron, not on a CPU: run them side by side.
    ...(guard && { maxWorkers: Math.max(OVERLAY_FILES, availableParallelism() - 1) }),
  })
  await vitest?.close()
  // Vitest may finish while a signal's clean-up runs: that one ends the process, not this.
  if (stop.signal) return stop.ending
  const left = guard ? await guard.finish() : 0
  // Not a finding: a check that never ran must not pass for a night with one failure, so exit 2.
  for (const u of reporter.unloaded) console.error(`v6ready: ${u.file} failed to load, so none of its checks ran: ${sanitizeText(oneLine(u.error))}`)
  if (reporter.unloaded.length) return 2
  return reporter.failed > 0 || left > 0 || (process.exitCode ?? 0) !== 0 ? 1 : 0
}

async function cleanupCommand(p: Parsed): Promise<number> {
  if (!str(p, 'target')) throw new UsageError('cleanup needs --target NAME (the cloud whose v6ready-* resources are deleted)')
  const age = str(p, 'older-than')
  const [{ parseAge }, { cleanup }] = await Promise.all([import('../overlay/leftovers.ts'), import('../overlay/cleanup.ts')])
  const olderThanMs = age === undefined ? undefined : parseAge(age)
  if (age !== undefined && olderThanMs === undefined) throw new UsageError(`--older-than needs an age like 30m, 1h or 2d, got "${age}"`)
  const target = loadTarget(p)
  if (!target.openstack) throw new UsageError(`target ${target.name} has no openstack section: there is no cloud to clean up`)
  return cleanup(target, { dryRun: p.own['dry-run'] === true, ...(olderThanMs !== undefined && { olderThanMs }) }, (line) => console.log(line))
}

function listChecks(p: Parsed): number {
  const select = selection(p)
  const target = str(p, 'target') ? loadTarget(p) : undefined
  const planned = target ? plan(target, select) : []
  for (const c of CATALOG) {
    const pl = planned.find((x) => x.check === c.id)
    if (target && !pl) continue
    console.log(`${c.id.padEnd(30)} ${c.suite.padEnd(8)} ${(c.tags.join(',') || '-').padEnd(9)} ${c.title}`)
    for (const s of pl?.subjects ?? []) console.log(`    ${c.id} ${s}`)
  }
  if (target) console.log(`\n${planned.reduce((n, x) => n + x.subjects.length, 0)} tests for target ${target.name} (${target.hosts.length} hosts; host:* stands for each observed interface or listener)`)
  if (target) console.log(['hosts:', ...hostLines(target, '    ')].join('\n'))
  return 0
}

function validate(p: Parsed): number {
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
  console.log(`${file}: ok (${names.length} targets: ${names.join(', ')})${warnings.length ? `, ${warnings.length} ${warnings.length === 1 ? 'warning' : 'warnings'}` : ''}`)
  // The hosts each target resolves to, inventories included (show-hosts.ts).
  for (const n of names) for (const line of targetSummary(f, n)) console.log(line)
  return 0
}

function explain(p: Parsed): number {
  const id = p.positional[0]
  if (!id) throw new UsageError('explain needs a check ID (v6ready list shows them)')
  if (!isCheckId(id)) throw new UsageError(`unknown check "${id}"${didYouMean(id, CATALOG.map((c) => c.id))} (v6ready list shows them)`)
  const c = checkInfo(id)
  console.log(`${c.id}  [${c.suite}${c.tags.length ? `, ${c.tags.join(', ')}` : ''}]\n${c.title}\n\nWhy: ${c.why}\n\nFix: ${c.fix}`)
  return 0
}

/** The shards' report directories joined into one: the same files an unsharded run writes. */
function mergeReports(p: Parsed): number {
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
    throw new UsageError(`merge-reports ${obs}: target.name: ${observations.target.name}, but the results are of ${merged.info.target}: merge the report directories of one run`)
  checkReportDir(reportDir)
  const info = { ...merged.info, reportDir, ...pastOf(p, merged.info.target, baseline) }
  const records = writeReports(merged.records, info)
  // Written again rather than copied: checked, scrubbed and masked as every observations.json is.
  if (observations) writeObservations(reportDir, observations)
  if (merged.duplicates) console.error(`merge-reports: ${merged.duplicates} tests were in more than one report; each is kept once`)
  printSummary(records, info)
  return records.some((r) => r.state === 'failed') ? 1 : 0
}

export async function main(argv: string[]): Promise<number> {
  maskProcessOutput()
  // Before Vitest is loaded: it decides on colour when imported.
  settleColor()
  try {
    const p = parseArgs(argv)
    if (p.own.version || p.command === 'version') return console.log(VERSION_TEXT), 0
    if (p.own.help || p.command === 'help') return console.log(helpFor(p, argv)), 0
    checkTargetsFlag(p)
    switch (p.command) {
      case 'list':
        return listChecks(p)
      case 'validate':
        return validate(p)
      case 'explain':
        return explain(p)
      case 'cleanup':
        return await cleanupCommand(p)
      case 'merge-reports':
        return mergeReports(p)
      default:
        if (p.positional.length) throw new UsageError(`unexpected argument "${p.positional[0]}"`)
        return await run(p)
    }
  } catch (e) {
    // Both can quote what the user typed or a file holds: shown, never interpreted.
    if (e instanceof TargetsError) {
      console.error(sanitizeText(e.message))
      return 2
    }
    if (e instanceof UsageError) {
      console.error(`v6ready: ${sanitizeText(e.message)}`)
      return 2
    }
    // Anything else is a bug in v6ready: an exit code of its own, so that CI never takes it for a finding (1).
    console.error(internalError(e))
    return 3
  }
}

/** One line that says it is v6ready's bug, then the stack for the report. */
export function internalError(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e)
  const stack = e instanceof Error && e.stack ? `\n${e.stack}` : ''
  return `v6ready: internal error: ${sanitizeText(message.split('\n')[0] ?? '')} (a bug in v6ready: please report it with the stack below)${stack}`
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // Exit hard once reports are written: a leaked socket must never hang a nightly job.
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      console.error(internalError(e))
      process.exit(3)
    },
  )
}
