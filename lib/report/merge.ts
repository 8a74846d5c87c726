// merge-reports: the shards of one run (`--shard i/n` on several CI agents) joined into one report,
// the Jenkins `parallel` pattern of docs/design.md §9. Pure: the CLI reads and writes the files.
import type { RunInfo, TestRecord } from './record.ts'
import type { Results } from './trend.ts'

export interface Merged {
  info: Omit<RunInfo, 'reportDir'>
  records: TestRecord[]
  /** Tests that more than one part reported (the same shard given twice): kept once. */
  duplicates: number
}

export function mergeResults(parts: readonly Results[]): Merged {
  const first = parts[0]
  if (!first) throw new Error('merge-reports needs at least one report directory')
  const targets = [...new Set(parts.map((p) => p.info.target))]
  if (targets.length > 1)
    throw new Error(
      `merge-reports: the reports are of different targets (${targets.join(', ')}); merge the shards of one run`,
    )
  const seen = new Set<string>()
  const records: TestRecord[] = []
  let duplicates = 0
  for (const r of parts.flatMap((p) => p.records)) {
    const key = `${r.suite}\0${r.group}\0${r.name}`
    if (seen.has(key)) duplicates++
    else seen.add(key), records.push(r)
  }
  const runIds = [...new Set(parts.map((p) => p.info.runId))]
  const interrupted = parts.some((p) => p.info.interrupted)
  const interruption = parts.find((p) => p.info.interruption)?.info.interruption
  return {
    info: {
      target: first.info.target,
      runId: runIds.join('+'),
      startedAt: parts.map((p) => p.info.startedAt).sort()[0] ?? first.info.startedAt,
      // Shards run side by side: the run took as long as its slowest shard.
      durationMs: Math.max(...parts.map((p) => p.info.durationMs)),
      // Each shard knows the whole target's roles; a results.json written before roles has none.
      ...(parts.some((p) => p.info.roles) && { roles: Object.assign({}, ...parts.map((p) => p.info.roles ?? {})) }),
      ...(interrupted && { interrupted }),
      ...(interruption && { interruption }),
    },
    records,
    duplicates,
  }
}
