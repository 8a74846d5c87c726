// npm run bench:underlay [-- --runs N] [--names N]: the underlay's DNS checks for N generated
// names (1,000 by default), resolved at the lab's first resolver (AAAA and A for every name, a PTR
// for every AAAA, its forward confirmation, and the TCP query) and judged: `v6ready run --suite
// underlay` end to end, and the resolution alone (observations.json's underlay duration). Every
// 10th name has only an A record, so the run must report exactly `underlay.dns.aaaa` and
// `underlay.dns.no-orphan-a` for those. The names are a hosts file in dnsmasq's hostsdir
// (lab/dnsmasq.ts), removed afterwards. Writes bench/results/underlay-<timestamp>.json.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import { stringify } from 'yaml'
import { query } from '../lib/dns/query.ts'
import { DNS_HOSTS_DIR } from '../lab/dnsmasq.ts'
import { DOMAIN, LAB_PREFIXES, RESOLVER, RTR } from '../lab/plan.ts'
import { REPO_DIR } from '../lab/proc.ts'
import { statePath } from '../lab/state.ts'
import { intoLab } from './lab.ts'
import { measure, median, type Cost } from './measure.ts'

const RESULTS = join(REPO_DIR, 'bench', 'results')
const WORK = statePath('bench-underlay')
const HOSTS_FILE = join(DNS_HOSTS_DIR, 'bench-names')

function usage(msg: string): never {
  console.error(`bench:underlay: ${msg}\nusage: npm run bench:underlay [-- --runs N] [--names N]`)
  process.exit(2)
}

function parseArgs(argv: string[]): { runs: number; names: number } {
  const out = { runs: 5, names: 1000 }
  for (let i = 0; i < argv.length; i++) {
    const [a, v] = [argv[i], argv[i + 1] ?? '']
    if (a === '--runs' && /^[1-9]\d?$/.test(v)) out.runs = Number(argv[++i])
    else if (a === '--names' && /^[1-9]\d{0,3}$/.test(v)) out.names = Number(argv[++i])
    else usage(`unknown argument ${a}`)
  }
  return out
}

interface Name {
  name: string
  aaaa?: string
  a?: string
}

/** u0000.lab.test …: an AAAA in the lab's documentation prefix, or for every 10th an A only. */
const generate = (n: number): Name[] =>
  Array.from({ length: n }, (_, i) => {
    const name = `u${String(i).padStart(4, '0')}.${DOMAIN}`
    return i % 10 === 9
      ? { name, a: `198.51.100.${200 + (i % 50)}` }
      : { name, aaaa: `2001:db8:0:b00::${(i + 1).toString(16)}` }
  })

const expectedFindings = (names: Name[]): string[] =>
  names
    .filter((x) => !x.aaaa)
    .flatMap((x) => [`underlay.dns.aaaa ${x.name}`, `underlay.dns.no-orphan-a ${x.name}`])
    .sort()

/** The hosts file, moved in whole so dnsmasq never reads half of it; then wait until it answers. */
async function serve(names: Name[]): Promise<void> {
  const tmp = join(WORK, 'bench-names.tmp')
  writeFileSync(tmp, names.map((x) => `${x.aaaa ?? x.a} ${x.name}\n`).join(''))
  renameSync(tmp, HOSTS_FILE)
  const last = names.findLast((x) => x.aaaa)!
  for (let i = 0; i < 50; i++) {
    const r = await query({ address: RTR.dns, port: 53 }, last.name, 'AAAA', { timeoutMs: 1000 })
    if (r.ok && r.rcode === 'NOERROR' && r.answers.length) return
    await new Promise((res) => setTimeout(res, 100))
  }
  usage(
    `the lab resolver ${RESOLVER} does not serve ${last.name} from ${HOSTS_FILE}: rebuild the lab (npm run lab:up), which gives dnsmasq that hostsdir`,
  )
}

function targetFile(names: Name[]): string {
  const file = join(WORK, 'targets.yaml')
  const target = {
    stack: 'ipv6-only',
    prefixes: LAB_PREFIXES.filter((p) => p.includes(':')),
    dns: { resolvers: [RESOLVER], names: names.map((x) => x.name), reverse: true },
  }
  writeFileSync(file, `# Written by bench/underlay.ts.\n${stringify({ targets: { names: target } })}`)
  return file
}

interface Run extends Cost {
  run: number
  loadBefore: number
  resolveS: number
  queries: number
  tests: number
  findings: string[]
}

const args = parseArgs(process.argv.slice(2))
await intoLab(import.meta.url, usage)
mkdirSync(WORK, { recursive: true })
mkdirSync(RESULTS, { recursive: true })
const names = generate(args.names)
const want = expectedFindings(names)
const targets = targetFile(names)
const runs: Run[] = []
try {
  await serve(names)
  for (let run = 1; run <= args.runs; run++) {
    const dir = join(WORK, `run-${run}`)
    rmSync(dir, { recursive: true, force: true })
    const loadBefore = loadavg()[0] ?? 0
    const argv = [
      process.execPath,
      join(REPO_DIR, 'bin/v6ready.js'),
      'run',
      '--target',
      'names',
      '--targets',
      targets,
      '--suite',
      'underlay',
      '--report-dir',
      dir,
    ]
    const cost = await measure(argv, { cwd: REPO_DIR, env: { ...process.env, NO_COLOR: '1' }, log: `${dir}.log` })
    if (cost.exitCode > 1) throw new Error(`v6ready exited ${cost.exitCode}: see ${dir}.log`)
    const obs = JSON.parse(readFileSync(join(dir, 'observations.json'), 'utf8')) as {
      underlay: { durationMs: number; dns: unknown[]; tcpOnly: unknown[] }
    }
    const records = (
      JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as {
        records: { state: string; check: string; group: string; verdict?: { subject?: string } }[]
      }
    ).records
    const findings = records
      .filter((x) => x.state === 'failed')
      .map((x) => `${x.check} ${x.verdict?.subject ?? x.group}`)
      .sort()
    runs.push({
      run,
      loadBefore,
      ...cost,
      resolveS: obs.underlay.durationMs / 1000,
      queries: obs.underlay.dns.length + obs.underlay.tcpOnly.length,
      tests: records.length,
      findings,
    })
    const r = runs.at(-1)!
    console.log(
      `bench: run ${run}: ${r.wallS.toFixed(2)} s wall (resolution ${r.resolveS.toFixed(2)} s, ${r.queries} queries), ${r.cpuS.toFixed(1)} s CPU, ${r.peakRssMiB.toFixed(0)} MiB, ${r.findings.length} findings of ${r.tests} tests, load ${loadBefore.toFixed(1)}`,
    )
  }
} finally {
  rmSync(HOSTS_FILE, { force: true })
}

const m = (f: (r: Run) => number) => median(runs.map(f))
const exact = runs.every((r) => r.findings.join('\n') === want.join('\n'))
const summary = {
  names: args.names,
  runs: runs.length,
  wallS: m((r) => r.wallS),
  resolveS: m((r) => r.resolveS),
  cpuS: m((r) => r.cpuS),
  peakRssMiB: m((r) => r.peakRssMiB),
  queries: m((r) => r.queries),
  tests: m((r) => r.tests),
  findings: m((r) => r.findings.length),
  exact,
}
const started = new Date().toISOString()
const file = join(RESULTS, `underlay-${started.replace(/[:.]/g, '-')}.json`)
writeFileSync(
  file,
  `${JSON.stringify({ kind: 'underlay', started, machine: { cpus: cpus().length, model: cpus()[0]?.model }, resolver: RESOLVER, expected: want, summary, runs }, null, 2)}\n`,
)
console.log(`\nunderlay benchmark: ${args.names} names at ${RESOLVER}, medians of ${runs.length} runs\n`)
console.log(
  '| names | queries | resolution s | run wall s | CPU s | peak RSS MiB | tests | findings | = seeded |\n|---:|---:|---:|---:|---:|---:|---:|---:|---|',
)
console.log(
  `| ${summary.names} | ${summary.queries} | ${summary.resolveS.toFixed(2)} | ${summary.wallS.toFixed(2)} | ${summary.cpuS.toFixed(1)} | ${summary.peakRssMiB.toFixed(0)} | ${summary.tests} | ${summary.findings} | ${exact ? 'yes' : 'NO'} |`,
)
console.log(`bench: results in ${file}`)
if (!exact) {
  console.error(`bench: findings differ from the seeded ones: see the runs in ${file}`)
  process.exit(1)
}
