// npm run bench:startup [-- --runs N]: `npm test` end to end on this machine (the built-in local
// target: observe this machine, judge, write the reports), and where its time goes. Each run of
// `node bin/v6ready.js run` is split by its own records: results.json's durationMs is the run from
// the moment main() starts to the reports, observations.json's the observation, and the rest of
// that is Vitest (start-up, judging, the reports); outside it are Node, loading the CLI, and the
// exit (closing Vitest's workers). Next to it, the
// same run from the TypeScript sources through tsx's loader, as bin/v6ready.js ran it before
// bin/compile.js. Alternating, `runs` times each; medians; bench/results/startup-<timestamp>.json.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { REPO_DIR } from '../lab/proc.ts'
import { measure, median, type Cost } from './measure.ts'

const RESULTS = join(REPO_DIR, 'bench', 'results')
const WORK = join(tmpdir(), `v6bench-startup-${process.pid}`)

const runs = (() => {
  const [flag, n] = process.argv.slice(2)
  if (flag === undefined) return 5
  if (flag === '--runs' && /^[1-9]\d?$/.test(n ?? '')) return Number(n)
  console.error('usage: npm run bench:startup [-- --runs N]')
  process.exit(2)
})()

interface Way {
  name: string
  argv: (reportDir: string) => string[]
  /** Has reports to split the time by. */
  run: boolean
}

const node = process.execPath
const WAYS: Way[] = [
  { name: 'node -e 0 (Node alone)', argv: () => [node, '-e', '0'], run: false },
  { name: 'v6ready list (start the compiled CLI, no run)', argv: () => [node, 'bin/v6ready.js', 'list'], run: false },
  {
    name: 'npm test: node bin/v6ready.js run (compiled)',
    argv: (d) => [node, 'bin/v6ready.js', 'run', '--report-dir', d],
    run: true,
  },
  {
    name: 'the same from the sources through tsx (before)',
    argv: (d) => [node, '--import', 'tsx', 'lib/cli/main.ts', 'run', '--report-dir', d],
    run: true,
  },
]

interface Sample extends Cost {
  way: string
  run: number
  loadBefore: number
  /** From main() to the reports, and the observation within it (ms). */
  mainMs?: number
  observeMs?: number
}

const json = (f: string) =>
  JSON.parse(readFileSync(f, 'utf8')) as { info?: { durationMs: number }; durationMs?: number }

mkdirSync(WORK, { recursive: true })
mkdirSync(RESULTS, { recursive: true })
// The compiled build exists before the first timed run, as after `npm ci`.
await measure([node, 'bin/v6ready.js', 'list'], { cwd: REPO_DIR, log: join(WORK, 'warm.log') })
const samples: Sample[] = []
for (let run = 1; run <= runs; run++) {
  for (const way of WAYS) {
    const dir = join(WORK, `r${run}-${WAYS.indexOf(way)}`)
    const loadBefore = loadavg()[0] ?? 0
    const cost = await measure(way.argv(dir), {
      cwd: REPO_DIR,
      env: { ...process.env, NO_COLOR: '1' },
      log: `${dir}.log`,
    })
    if (cost.exitCode > 1) throw new Error(`${way.name} exited ${cost.exitCode}: see ${dir}.log`)
    const split = way.run
      ? {
          mainMs: json(join(dir, 'results.json')).info?.durationMs ?? 0,
          observeMs: json(join(dir, 'observations.json')).durationMs ?? 0,
        }
      : {}
    samples.push({ way: way.name, run, loadBefore, ...cost, ...split })
  }
}

const rows = WAYS.map((w) => {
  const s = samples.filter((x) => x.way === w.name)
  const m = (f: (x: Sample) => number) => median(s.map(f))
  const wallS = m((x) => x.wallS)
  const split = w.run
    ? {
        beforeMainS: m((x) => x.wallS - (x.mainMs ?? 0) / 1000),
        observeS: m((x) => (x.observeMs ?? 0) / 1000),
        vitestS: m((x) => ((x.mainMs ?? 0) - (x.observeMs ?? 0)) / 1000),
      }
    : {}
  return { way: w.name, runs: s.length, wallS, cpuS: m((x) => x.cpuS), peakRssMiB: m((x) => x.peakRssMiB), ...split }
})
const started = new Date().toISOString()
const file = join(RESULTS, `startup-${started.replace(/[:.]/g, '-')}.json`)
writeFileSync(
  file,
  `${JSON.stringify({ kind: 'startup', started, machine: { cpus: cpus().length, model: cpus()[0]?.model }, node: process.version, runs, summary: rows, samples }, null, 2)}\n`,
)
rmSync(WORK, { recursive: true, force: true })

const f = (x: number | undefined, d = 2) => (x === undefined ? '' : x.toFixed(d))
console.log(`startup benchmark, medians of ${runs} runs each (alternating)\n`)
console.log(
  '| command | wall s | CPU s | peak RSS MiB | start-up and exit s | observation s | Vitest: start, judge, reports s |\n|---|---:|---:|---:|---:|---:|---:|',
)
for (const r of rows)
  console.log(
    `| ${r.way} | ${f(r.wallS)} | ${f(r.cpuS)} | ${f(r.peakRssMiB, 0)} | ${f(r.beforeMainS)} | ${f(r.observeS)} | ${f(r.vitestS)} |`,
  )
const [now, before] = [rows[2]!, rows[3]!]
console.log(
  `\nnpm test: ${f(now.wallS)} s against ${f(before.wallS)} s from the sources (${f(before.wallS / now.wallS, 1)}× faster), ${f(now.peakRssMiB, 0)} MiB against ${f(before.peakRssMiB, 0)} MiB`,
)
console.log(`bench: results in ${file}`)
