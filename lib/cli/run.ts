// `v6ready run`: check every input, observe the target (or read a replay), judge it in Vitest, and
// write the reports; a signal gets reports that say what was judged.
import { rmSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CATALOG } from '../checks/catalog.ts'
import { plan } from '../checks/plan.ts'
import { isSelected } from '../checks/select.ts'
import { readObservations } from '../observe/observations-file.ts'
import { observeTarget, TARGET_DEFAULTS } from '../observe/target.ts'
import { hasUnderlay } from '../observe/underlay-options.ts'
import { checkReportDir, reportDirFor } from '../report/report-dir.ts'
import { observationCosts } from '../report/timings.ts'
import { ConsoleReporter } from '../report/console-reporter.ts'
import { V6ReadyReporter, writeInterrupted } from '../report/vitest-reporter.ts'
import { oneLine, sanitizeText } from '../util/sanitize.ts'
import { writeObservations } from '../report/write.ts'
import type { RunContext } from '../run-context.ts'
import { bytesText, OBSERVATIONS_INPUT } from '../util/input-file.ts'
import { list, shardOfArgs, str, UsageError, type Parsed } from './args.ts'
import type { Observations } from '../observe/record.ts'
import { judgedObservations, shareOfObservations } from '../observe/shard.ts'
import { UNDERLAY_DEFAULTS } from '../observe/underlay-options.ts'
import { checkedNames } from '../targets/checked-names.ts'
import { shardText, shareOfTarget, type Shard } from '../targets/shard.ts'
import { colorWanted } from '../report/color.ts'
import { Interrupts } from './interrupts.ts'
import { Progress } from './progress.ts'
import { suiteConfig } from './suite-config.ts'
import { baselineOf, loadTarget, pastOf, selection, showSelection } from './inputs.ts'
import { overlayFor } from './overlay-session.ts'
import { rolesOf } from '../report/roles.ts'

/** The repository, or the compiled build of it that bin/v6ready.js runs (bin/compile.js). */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')

/** suites/overlay holds six files, one per topic. */
const OVERLAY_FILES = 6

/** Vitest's own reporters, or a module path or package; a mistyped name would fail only after the observation. */
async function checkReporters(p: Parsed): Promise<void> {
  const names = p.vitest.filter((_, i) => p.vitest[i - 1] === '--reporter')
  if (!names.length) return
  const { ReportersMap } = await import('vitest/node')
  const known = [...Object.keys(ReportersMap), 'html']
  for (const n of names)
    if (!known.includes(n) && !/[./@]/.test(n))
      throw new UsageError(
        `--reporter ${n}: not one of Vitest's reporters (${known.join(', ')}), nor a path to a reporter module`,
      )
}

export async function run(p: Parsed): Promise<number> {
  const stop = new Interrupts()
  stop.listen()
  try {
    return await runUntilDone(p, stop)
  } finally {
    stop.close()
  }
}

/**
 * The run's shard: `--shard i/n`, or the one a replayed shard's observations.json was made by (it
 * holds only that share). Undefined for a whole run. 1/1 is a shard too, so that merge-reports of
 * a CI job run one way joins it like any other.
 */
function shardOf(p: Parsed, replay: string | undefined, replayed: Observations | undefined): Shard | undefined {
  const asked = shardOfArgs(p)
  const recorded = replayed?.shard
  if (asked && recorded && shardText(asked) !== shardText(recorded))
    throw new UsageError(
      `--shard ${shardText(asked)}: ${replay} holds only the subjects of shard ${shardText(recorded)}: replay it with --shard ${shardText(recorded)} or without --shard, or replay a whole run's observations.json (or merge-reports' one) with any --shard`,
    )
  return asked ?? recorded
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
  const shard = shardOf(p, replay, replayed)
  const whole = replayed ? replayed.target : loadTarget(p)
  // A shard observes and judges only its share of the subjects (lib/targets/shard.ts).
  const judged = shard ? shareOfTarget(whole, shard) : whole
  const target = replayed ? undefined : judged
  const name = judged.name
  // Checks that exist but that this target gives no subject (the overlay on a target without one):
  // a run of them would be a green night with no test. A shard may hold none of them by chance.
  if (plan(whole, select).every((x) => x.subjects.length === 0))
    throw new UsageError(
      `the selection (${showSelection(select)}) has no test for target ${name}: v6ready list --target ${name} prints the tests each check would have`,
    )
  const reportDir = reportDirFor(name, str(p, 'report-dir'))
  checkReportDir(reportDir)
  const past = pastOf(p, name, baseline)
  // Hosts and probes cannot be asked to stop half-way; what they found so far is not all there is
  // to judge, so a signal now gets a report that says nothing was judged, at once.
  if (target) {
    const info = {
      target: target.name,
      runId: 'none (not assigned before the observation ended)',
      startedAt,
      reportDir,
    }
    stop.during((signal) => {
      // An earlier run's observations.json must not stand beside this run's report as if it were its own.
      rmSync(join(info.reportDir, 'observations.json'), { force: true })
      writeInterrupted(
        [],
        { ...info, durationMs: Math.round(performance.now() - t0) },
        `${signal} while observing the target, before any check was judged`,
      )
    })
  }
  // On stderr while the hosts are observed: the first line at once, then who is being waited on.
  const progress = target && new Progress(target.hosts.length)
  progress?.start(name, concurrency, underlay && hasUnderlay(judged))
  // The resolvers' TCP-only query asks the whole target's first name, in shard 1 as in a whole run.
  const tcpOnlyName = shard?.index === 1 ? checkedNames(whole)[0] : undefined
  const [observed, access] = await Promise.all([
    replayed ??
      observeTarget(judged, {
        ...TARGET_DEFAULTS,
        concurrency,
        ...(underlay
          ? { underlay: { ...UNDERLAY_DEFAULTS, ...(tcpOnlyName !== undefined && { tcpOnlyName }) } }
          : { underlay: undefined }),
        ...(progress && { progress }),
      })
        .then((o) => ({ ...o, target: whole }))
        .finally(() => progress?.stop()),
    target && overlayWanted && target.openstack?.overlay?.enabled
      ? import('../openstack/access.ts').then((a) => a.networkAccess(target))
      : undefined,
  ])
  // Written with the whole target and judged with the share: merge-reports joins the shards' files.
  const observations = shard && !observed.shard ? shareOfObservations(observed, shard) : observed
  const reporter = new V6ReadyReporter(
    {
      target: name,
      runId: observations.runId,
      startedAt: observations.startedAt,
      reportDir,
      ...(shard && { shard }),
      roles: rolesOf(whole.hosts),
      ...past,
    },
    { costs: observationCosts(observations), t0 },
  )
  stop.during((signal) => reporter.interrupt(signal))
  const bytes = writeObservations(reportDir, observations)
  if (bytes > OBSERVATIONS_INPUT.maxBytes)
    console.error(
      `v6ready: warning: observations.json is ${bytesText(bytes)}, over the ${bytesText(OBSERVATIONS_INPUT.maxBytes)} that --replay reads (${OBSERVATIONS_INPUT.tooBig})`,
    )
  const forSuites = judgedObservations(observations)
  const overlay = overlayWanted ? await overlayFor(forSuites, access, reportDir, replay !== undefined) : undefined
  const guard = overlay?.guard
  // The reports first (synchronous, so Vitest's own exit cannot cut them short), then the overlay's resources.
  if (guard)
    stop.during(async (signal) => (reporter.interrupt(signal), void (await guard.interrupt(signal))), guard.leftBehind)

  const { startVitest, parseCLI } = await import('vitest/node')
  const { options } = parseCLI(['vitest', 'run', ...p.vitest])
  const userReporters = options.reporters
  const context: RunContext = { observations: forSuites, select, ...(overlay && { overlay: overlay.state }) }
  const filters = select.suites.map((s) => `suites/${s}/`)
  const vitest = await startVitest('test', filters, {
    ...options,
    root: ROOT,
    config: false,
    ...suiteConfig(ROOT, import.meta.url.endsWith('.js')),
    watch: false,
    provide: { run: context },
    // Ours unless the user named Vitest's: one line per suite file with tests, each failure once.
    reporters: [
      ...(userReporters
        ? [userReporters].flat()
        : [new ConsoleReporter(colorWanted(process.env, !!process.stdout.isTTY))]),
      reporter,
      stop.reporter,
    ],
    // The overlay's files wait on Neutron, not on a CPU: run them side by side.
    ...(guard && { maxWorkers: Math.max(OVERLAY_FILES, availableParallelism() - 1) }),
  })
  await vitest?.close()
  // Vitest may finish while a signal's clean-up runs: that one ends the process, not this.
  if (stop.signal) return stop.ending
  const left = guard ? await guard.finish() : 0
  // Not a finding: a check that never ran must not pass for a night with one failure, so exit 2.
  for (const u of reporter.unloaded)
    console.error(`v6ready: ${u.file} failed to load, so none of its checks ran: ${sanitizeText(oneLine(u.error))}`)
  if (reporter.unloaded.length) return 2
  return reporter.failed > 0 || left > 0 || (process.exitCode ?? 0) !== 0 ? 1 : 0
}
