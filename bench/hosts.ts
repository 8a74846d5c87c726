// npm run bench [-- --runs N] [--sizes 100,300,1000] [--concurrency N] [--shards N]: the hosts benchmark.
// v6ready's hosts suite and Testinfra (Debian's python3-testinfra, SSH backend, in its best
// configuration: a ControlPath with ControlPersist in the ssh config, pytest-xdist -n at v6ready's
// concurrency) check the same facts on the first N scale hosts (lab/scale.ts), alternately, on the
// same lab, `runs` times each per N. Prints wall time, CPU time, peak memory and findings as medians
// with ratios, checks that both found exactly the seeded faults, and writes
// bench/results/hosts-<timestamp>.json. At the largest size v6ready also runs as `--shards` shards
// (--shard i/N, one after the other), to price dividing a fleet across CI agents. Then it fits
// v6ready's CPU to start-up + hosts × per-host and checks the goals in docs/performance.md.
//
// Needs `npm run lab:up -- --hosts 1000` (or fewer: sizes above what is up are left out). Runs inside
// v6lab-mgmt (it re-executes itself there), where the lab is reachable; it installs nothing.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, totalmem } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { stringify } from 'yaml'
import type { Finding } from '../lab/faults.ts'
import { LAB_PREFIXES } from '../lab/plan.ts'
import { REPO_DIR, sh, SYSTEM_PATH } from '../lab/proc.ts'
import { scaleFindings, scaleRole, scaleTargetHosts, SCALE_LISTENER, type ScaleHost } from '../lab/scale.ts'
import { CLIENT_KEY, KNOWN_HOSTS } from '../lab/sshd.ts'
import { statePath } from '../lab/state.ts'
import { intoLab } from './lab.ts'
import { measure, median, type Cost } from './measure.ts'

const HERE = dirname(fileURLToPath(import.meta.url))
const RESULTS = join(REPO_DIR, 'bench', 'results')
const WORK = statePath('bench-hosts')
const CONTROL_DIR = '/tmp/v6bench-cm'
const TESTINFRA_FILE = join(HERE, 'testinfra', 'test_scale_hosts.py')
const PACKAGES = ['python3-testinfra', 'python3-pytest-xdist']
/** The sysctl the lab target expects on every host (targets.ts), so both sides judge it. */
const SYSCTL = { 'net.ipv6.conf.all.accept_redirects': 0 }

const USAGE =
  'usage: npm run bench [-- --runs N] [--sizes 100,300,1000] [--concurrency N] [--peer-runs N] [--peer-sizes 100] [--shards N]'
function usage(msg: string): never {
  console.error(`bench: ${msg}\n${USAGE}`)
  process.exit(2)
}

interface Args {
  runs: number
  sizes: number[]
  concurrency: number
  /** Testinfra's runs per size and its sizes: it takes minutes per 100 hosts, so they can be fewer. */
  peerRuns: number
  peerSizes: number[]
  /** v6ready again at the largest size as this many shards; 0 or 1: not sharded. */
  shards: number
}

function parseArgs(argv: string[]): Args {
  const out: Args = { runs: 3, sizes: [100, 300, 1000], concurrency: 32, peerRuns: 0, peerSizes: [100], shards: 4 }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const v = argv[i + 1] ?? ''
    if (a === '--runs' && /^[1-9]\d?$/.test(v)) out.runs = Number(argv[++i])
    else if (a === '--concurrency' && /^[1-9]\d{0,2}$/.test(v)) out.concurrency = Number(argv[++i])
    else if (a === '--sizes' && /^\d+(,\d+)*$/.test(v)) out.sizes = argv[++i]!.split(',').map(Number)
    else if (a === '--peer-runs' && /^\d{1,2}$/.test(v)) out.peerRuns = Number(argv[++i])
    else if (a === '--peer-sizes' && /^\d+(,\d+)*$/.test(v)) out.peerSizes = argv[++i]!.split(',').map(Number)
    else if (a === '--shards' && /^\d{1,2}$/.test(v)) out.shards = Number(argv[++i])
    else usage(`unknown argument ${a}`)
  }
  if (!out.peerRuns) out.peerRuns = out.runs
  return out
}

async function preflight(): Promise<ScaleHost[]> {
  const missing = []
  for (const p of PACKAGES) {
    const s = await sh('dpkg-query', ['-W', '--showformat=${Status}', p]).catch(() => '')
    if (!s.startsWith('install ok installed')) missing.push(p)
  }
  if (missing.length) usage(`Testinfra is the peer and is not installed: apt-get install -y ${missing.join(' ')}`)
  if (!existsSync(statePath('scale.json'))) usage('the lab has no scale hosts: npm run lab:up -- --hosts 1000')
  return JSON.parse(readFileSync(statePath('scale.json'), 'utf8')) as ScaleHost[]
}

/** The first n scale hosts as a target of their own: what v6ready reads. */
function targetFile(hosts: ScaleHost[], concurrency: number): string {
  const file = join(WORK, `targets-${hosts.length}.yaml`)
  const target = {
    stack: 'ipv6-only',
    prefixes: LAB_PREFIXES.filter((p) => p.includes(':')),
    ssh: { user: 'root', identity: CLIENT_KEY, known_hosts: KNOWN_HOSTS, timeout: 10, command_timeout: 60 },
    sysctl: SYSCTL,
    roles: { scale: scaleRole() },
    hosts: scaleTargetHosts(hosts),
  }
  writeFileSync(
    file,
    `# Written by bench/hosts.ts (concurrency ${concurrency}).\n${stringify({ targets: { scale: target } })}`,
  )
  return file
}

/** The same hosts and expectations for the Testinfra file. */
function specFile(hosts: ScaleHost[]): string {
  const file = join(WORK, `testinfra-${hosts.length}.json`)
  const spec = {
    hosts: (scaleTargetHosts(hosts) as { address: string; interfaces: unknown }[]).map((h) => ({
      address: h.address,
      interfaces: h.interfaces,
    })),
    listeners: scaleRole().listeners,
    sysctl: SYSCTL,
  }
  writeFileSync(file, JSON.stringify(spec, null, 2))
  return file
}

/** Testinfra's best configuration: multiplexed ssh, one master per host shared by every xdist worker. */
function sshConfig(): string {
  const file = join(WORK, 'ssh_config')
  writeFileSync(
    file,
    [
      'Host *',
      '  User root',
      `  IdentityFile ${CLIENT_KEY}`,
      '  IdentitiesOnly yes',
      `  UserKnownHostsFile ${KNOWN_HOSTS}`,
      '  StrictHostKeyChecking yes',
      '  AddressFamily inet6',
      '  ControlMaster auto',
      `  ControlPath ${CONTROL_DIR}/%C`,
      '  ControlPersist 120',
      '  LogLevel ERROR',
      '',
    ].join('\n'),
  )
  return file
}

const pairKey = (f: Finding) => `${f.check} ${f.subject}`

function v6readyFindings(dir: string): Finding[] {
  const r = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as {
    records: { state: string; check: string; group: string; verdict?: { subject?: string } }[]
  }
  return r.records
    .filter((x) => x.state === 'failed')
    .map((x) => ({ check: x.check, subject: x.verdict?.subject ?? x.group }))
}

/** Testinfra test name → v6ready check ID; the subject is the host, then the test's own parameter. */
const TESTINFRA_CHECKS: Record<string, string> = {
  test_reach_ssh: 'hosts.reach.ssh',
  test_disable_ipv6: 'hosts.sysctl.disable-ipv6',
  test_accept_ra: 'hosts.sysctl.accept-ra',
  test_redirects: 'hosts.sysctl.redirects',
  test_expected_sysctl: 'hosts.sysctl.expected',
  test_addr_required: 'hosts.addr.required',
  test_addr_dad: 'hosts.addr.dad',
  test_addr_link_local: 'hosts.addr.link-local',
  test_route_default: 'hosts.route.default',
  test_link_mtu: 'hosts.link.mtu',
  test_listener_ipv6: 'hosts.listeners.ipv6',
  test_listener_reachable: 'hosts.listeners.reachable',
  test_resolver_v6_nameserver: 'hosts.resolver.v6-nameserver',
  test_resolver_gai_precedence: 'hosts.resolver.gai-precedence',
}

function testinfraResults(
  junit: string,
  byAddress: Map<string, string>,
): { findings: Finding[]; tests: number; failed: number } {
  const xml = readFileSync(junit, 'utf8')
  const findings: Finding[] = []
  let tests = 0
  for (const m of xml.matchAll(/<testcase [^>]*?\sname="([^"]+)"[^>]*?(\/>|>([\s\S]*?)<\/testcase>)/g)) {
    tests++
    const body = m[3] ?? ''
    if (!/<(failure|error)\b/.test(body)) continue
    const name = m[1] ?? ''
    const fn = name.split('[')[0] ?? ''
    // pytest's id for the host: ssh:/ADDRESS (its brackets and the user dropped).
    const address = /\[ssh:\/+(?:root@)?\[?([0-9a-f:]+?)\]?(?:-|\])/.exec(name)?.[1] ?? ''
    const param = /(?:if|port|key)=([\w.]+)/.exec(name)?.[1]
    const host = byAddress.get(address) ?? address
    findings.push({ check: TESTINFRA_CHECKS[fn] ?? fn, subject: param ? `${host}:${param}` : host })
  }
  return { findings, tests, failed: findings.length }
}

interface Run extends Cost {
  tool: 'v6ready' | 'testinfra' | 'v6ready shards'
  /** The 1-minute load average as the run started: this machine is shared. */
  loadBefore?: number
  hosts: number
  run: number
  tests: number
  findings: string[]
}

async function runV6ready(
  targets: string,
  n: number,
  run: number,
  concurrency: number,
  shard?: { i: number; of: number },
): Promise<Run> {
  const dir = join(WORK, `v6ready-${n}-${run}${shard ? `-shard${shard.i}of${shard.of}` : ''}`)
  rmSync(dir, { recursive: true, force: true })
  // As `npm test` starts it.
  const argv = [
    process.execPath,
    join(REPO_DIR, 'bin/v6ready.js'),
    'run',
    '--target',
    'scale',
    '--targets',
    targets,
    '--suite',
    'hosts',
    '--concurrency',
    String(concurrency),
    '--report-dir',
    dir,
    ...(shard ? ['--shard', `${shard.i}/${shard.of}`] : []),
  ]
  const cost = await measure(argv, { cwd: REPO_DIR, env: { ...process.env, NO_COLOR: '1' }, log: `${dir}.log` })
  if (cost.exitCode > 1) throw new Error(`v6ready exited ${cost.exitCode}: see ${dir}.log`)
  const findings = v6readyFindings(dir)
  const records = (JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as { records: unknown[] }).records.length
  return { tool: 'v6ready', hosts: n, run, tests: records, findings: findings.map(pairKey).sort(), ...cost }
}

async function runTestinfra(
  spec: string,
  config: string,
  hosts: ScaleHost[],
  run: number,
  concurrency: number,
): Promise<Run> {
  const n = hosts.length
  const junit = join(WORK, `testinfra-${n}-${run}.xml`)
  rmSync(CONTROL_DIR, { recursive: true, force: true })
  mkdirSync(CONTROL_DIR, { mode: 0o700 })
  // Debian's pytest, not a pyenv shim (docs/lab-notes.md, "Things that affect the test suite");
  // no cache written into the repository.
  const argv = [
    '/usr/bin/pytest-3',
    '-p',
    'no:cacheprovider',
    '-q',
    `--ssh-config=${config}`,
    '-n',
    String(concurrency),
    `--junitxml=${junit}`,
    TESTINFRA_FILE,
  ]
  const cost = await measure(argv, {
    cwd: WORK,
    env: { PATH: SYSTEM_PATH, LC_ALL: 'C.UTF-8', HOME: process.env.HOME ?? '/root', V6BENCH_SPEC: spec },
    log: join(WORK, `testinfra-${n}-${run}.log`),
    // The ControlPersist masters outlive pytest; the next run starts cold, as this one did.
    leftovers: async (pids) => {
      for (const p of pids) {
        try {
          process.kill(p, 'SIGTERM')
        } catch {
          /* already gone */
        }
      }
      await new Promise((r) => setTimeout(r, 300))
    },
  })
  if (cost.exitCode > 1)
    throw new Error(`pytest exited ${cost.exitCode}: see ${join(WORK, `testinfra-${n}-${run}.log`)}`)
  const r = testinfraResults(junit, new Map(hosts.map((h) => [h.address, h.name])))
  return { tool: 'testinfra', hosts: n, run, tests: r.tests, findings: r.findings.map(pairKey).sort(), ...cost }
}

interface Row {
  hosts: number
  tool: Run['tool']
  wallS: number
  cpuS: number
  machineCpuS: number
  peakRssMiB: number
  maxRssMiB: number
  tests: number
  findings: number
  exact: boolean
  runs: number
}

function summarize(runs: Run[], expected: Map<number, string[]>): Row[] {
  const rows: Row[] = []
  for (const n of [...new Set(runs.map((r) => r.hosts))]) {
    for (const tool of ['v6ready', 'v6ready shards', 'testinfra'] as const) {
      const rs = runs.filter((r) => r.hosts === n && r.tool === tool)
      if (!rs.length) continue
      const want = (expected.get(n) ?? []).join('\n')
      rows.push({
        hosts: n,
        tool,
        wallS: median(rs.map((r) => r.wallS)),
        cpuS: median(rs.map((r) => r.cpuS)),
        machineCpuS: median(rs.map((r) => r.machineCpuS)),
        peakRssMiB: median(rs.map((r) => r.peakRssMiB)),
        maxRssMiB: median(rs.map((r) => r.maxRssMiB)),
        tests: median(rs.map((r) => r.tests)),
        findings: median(rs.map((r) => r.findings.length)),
        exact: rs.every((r) => r.findings.join('\n') === want),
        runs: rs.length,
      })
    }
  }
  return rows
}

/** N shards as N agents run them: side by side, so the wall is the longest and the rest adds up. */
function asShards(parts: Run[]): Run {
  const first = parts[0] as Run
  const sum = (f: (r: Run) => number) => parts.reduce((a, r) => a + f(r), 0)
  return {
    ...first,
    tool: 'v6ready shards',
    wallS: Math.max(...parts.map((r) => r.wallS)),
    cpuS: sum((r) => r.cpuS),
    machineCpuS: sum((r) => r.machineCpuS),
    peakRssMiB: Math.max(...parts.map((r) => r.peakRssMiB)),
    maxRssMiB: Math.max(...parts.map((r) => r.maxRssMiB)),
    tests: sum((r) => r.tests),
    findings: parts.flatMap((r) => r.findings).sort(),
  }
}

interface Goals {
  startupCpuS: number
  perHostCpuMs: number
  /** Each size's CPU against the fit: within 10 % is linear. */
  fit: { hosts: number; cpuS: number; fittedS: number }[]
  largest: number
  peakMiB: number
  shards?: { n: number; cpuS: number; boundS: number }
  met: Record<string, boolean>
}

/** v6ready's CPU = start-up + hosts × per-host, by least squares over the sizes' medians. */
function goals(rows: Row[], shards: number): Goals | undefined {
  const v = rows.filter((r) => r.tool === 'v6ready')
  if (v.length < 2) return undefined
  const mx = v.reduce((a, r) => a + r.hosts, 0) / v.length
  const my = v.reduce((a, r) => a + r.cpuS, 0) / v.length
  const b = v.reduce((a, r) => a + (r.hosts - mx) * (r.cpuS - my), 0) / v.reduce((a, r) => a + (r.hosts - mx) ** 2, 0)
  const a = my - b * mx
  const fit = v.map((r) => ({ hosts: r.hosts, cpuS: r.cpuS, fittedS: a + b * r.hosts }))
  const big = v.reduce((x, r) => (r.hosts > x.hosts ? r : x))
  const sh = rows.find((r) => r.tool === 'v6ready shards' && r.hosts === big.hosts)
  const shardGoal = sh && { n: shards, cpuS: sh.cpuS, boundS: big.cpuS + (shards - 1) * a }
  return {
    startupCpuS: a,
    perHostCpuMs: b * 1000,
    fit,
    largest: big.hosts,
    peakMiB: big.peakRssMiB,
    ...(shardGoal && { shards: shardGoal }),
    met: {
      'CPU per host ≤ 15 ms': b * 1000 <= 15,
      [`peak memory at ${big.hosts} hosts ≤ 600 MiB`]: big.peakRssMiB <= 600,
      'linear (every size within 10 % of the fit)': fit.every((f) => Math.abs(f.cpuS - f.fittedS) <= 0.1 * f.fittedS),
      ...(shardGoal && {
        [`${shards} shards ≤ one run + ${shards - 1} start-ups`]: shardGoal.cpuS <= shardGoal.boundS,
      }),
    },
  }
}

function goalsText(g: Goals): string {
  const f = (x: number, d = 1) => x.toFixed(d)
  return [
    `v6ready CPU ≈ ${f(g.startupCpuS, 2)} s + hosts × ${f(g.perHostCpuMs)} ms (least squares over ${g.fit.map((x) => `${x.hosts}: ${f(x.cpuS)} s against ${f(x.fittedS)} s`).join(', ')})`,
    ...(g.shards
      ? [
          `${g.shards.n} shards of ${g.largest} hosts: ${f(g.shards.cpuS)} s of CPU; one run plus ${g.shards.n - 1} start-ups: ${f(g.shards.boundS)} s`,
        ]
      : []),
    '',
    '| goal | met |',
    '|---|---|',
    ...Object.entries(g.met).map(([k, ok]) => `| ${k} | ${ok ? 'yes' : 'NO'} |`),
  ].join('\n')
}

function table(rows: Row[]): string {
  const f = (x: number, d = 1) => x.toFixed(d)
  const lines = [
    '| hosts | tool | runs | wall s | CPU s | machine CPU s | peak RSS MiB (sum) | largest process MiB | tests | findings | = seeded faults |',
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|',
  ]
  for (const r of rows)
    lines.push(
      `| ${r.hosts} | ${r.tool} | ${r.runs} | ${f(r.wallS, 2)} | ${f(r.cpuS)} | ${f(r.machineCpuS)} | ${f(r.peakRssMiB, 0)} | ${f(r.maxRssMiB, 0)} | ${r.tests} | ${r.findings} | ${r.exact ? 'yes' : 'NO'} |`,
    )
  lines.push(
    '',
    '| hosts | wall: Testinfra / v6ready | CPU | machine CPU | peak memory |',
    '|---:|---:|---:|---:|---:|',
  )
  for (const n of [...new Set(rows.map((r) => r.hosts))]) {
    const v = rows.find((r) => r.hosts === n && r.tool === 'v6ready')
    const t = rows.find((r) => r.hosts === n && r.tool === 'testinfra')
    if (v && t)
      lines.push(
        `| ${n} | ${f(t.wallS / v.wallS)}× | ${f(t.cpuS / v.cpuS)}× | ${f(t.machineCpuS / v.machineCpuS)}× | ${f(t.peakRssMiB / v.peakRssMiB)}× |`,
      )
  }
  return lines.join('\n')
}

const args = parseArgs(process.argv.slice(2))
await intoLab(import.meta.url, usage, 'npm run lab:up -- --hosts 1000')
const all = await preflight()
const sizes = args.sizes.filter((n) => n <= all.length)
if (!sizes.length)
  usage(`the lab has ${all.length} scale hosts, fewer than every size asked (${args.sizes.join(', ')})`)
const skipped = args.sizes.filter((n) => n > all.length)
if (skipped.length) console.log(`bench: the lab has ${all.length} scale hosts; leaving out ${skipped.join(', ')}`)
mkdirSync(WORK, { recursive: true })
mkdirSync(RESULTS, { recursive: true })
// The CLI compiles itself on first use after a change (bin/compile.js): not a cost of any one run.
execFileSync(process.execPath, [join(REPO_DIR, 'bin/v6ready.js'), '--version'], { stdio: 'ignore' })
const config = sshConfig()
const started = new Date()
const runs: Run[] = []
const expected = new Map<number, string[]>()

const versions = {
  node: process.version,
  testinfra: execFileSync('dpkg-query', ['-W', '--showformat=${Version}', 'python3-testinfra'], { encoding: 'utf8' }),
  xdist: execFileSync('dpkg-query', ['-W', '--showformat=${Version}', 'python3-pytest-xdist'], { encoding: 'utf8' }),
  openssh: execFileSync('dpkg-query', ['-W', '--showformat=${Version}', 'openssh-client'], { encoding: 'utf8' }),
}
const file = join(RESULTS, `hosts-${started.toISOString().replace(/[:.]/g, '-')}.json`)

/** Written after every run, so an interrupted bench keeps what it measured. */
function save(): Row[] {
  const rows = summarize(runs, expected)
  const body = {
    kind: 'hosts',
    started: started.toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model, memMiB: Math.round(totalmem() / 2 ** 20) },
    versions,
    args,
    listener: SCALE_LISTENER,
    expected: Object.fromEntries(expected),
    summary: rows,
    goals: goals(rows, args.shards),
    runs,
  }
  writeFileSync(file, JSON.stringify(body, null, 2) + '\n')
  return rows
}
for (const n of sizes) {
  const hosts = all.slice(0, n)
  expected.set(n, scaleFindings(hosts).map(pairKey).sort())
  const targets = targetFile(hosts, args.concurrency)
  const spec = specFile(hosts)
  const peerRuns = args.peerSizes.includes(n) ? args.peerRuns : 0
  for (let run = 1; run <= Math.max(args.runs, peerRuns); run++) {
    for (const tool of ['v6ready', 'testinfra'] as const) {
      if (run > (tool === 'v6ready' ? args.runs : peerRuns)) continue
      const load = loadavg()[0] ?? 0
      const r =
        tool === 'v6ready'
          ? await runV6ready(targets, n, run, args.concurrency)
          : await runTestinfra(spec, config, hosts, run, args.concurrency)
      r.loadBefore = load
      runs.push(r)
      save()
      console.log(
        `bench: ${String(n).padStart(3)} hosts, run ${run}, ${tool.padEnd(9)} ${r.wallS.toFixed(2).padStart(7)} s wall, ${r.cpuS.toFixed(1).padStart(6)} s CPU, ${r.peakRssMiB.toFixed(0).padStart(5)} MiB peak, ${r.findings.length} findings (${r.tests} tests), load ${load.toFixed(1)}`,
      )
    }
  }
}
const largest = Math.max(...sizes)
if (args.shards > 1) {
  const targets = targetFile(all.slice(0, largest), args.concurrency)
  for (let run = 1; run <= args.runs; run++) {
    const load = loadavg()[0] ?? 0
    const parts: Run[] = []
    for (let i = 1; i <= args.shards; i++)
      parts.push(await runV6ready(targets, largest, run, args.concurrency, { i, of: args.shards }))
    const r = asShards(parts)
    r.loadBefore = load
    runs.push(r)
    save()
    console.log(
      `bench: ${largest} hosts, run ${run}, ${args.shards} shards: ${parts.map((p) => `${p.cpuS.toFixed(1)} s`).join(' + ')} of CPU, longest ${r.wallS.toFixed(2)} s wall, ${r.findings.length} findings`,
    )
  }
}
rmSync(CONTROL_DIR, { recursive: true, force: true })
const rows = save()
console.log(
  `\nhosts benchmark, medians of the runs shown, concurrency ${args.concurrency} (v6ready --concurrency, pytest-xdist -n)\n\n${table(rows)}`,
)
const g = goals(rows, args.shards)
if (g) console.log(`\n${goalsText(g)}`)
console.log(`\nbench: results in ${file}`)
const inexact = rows.filter((r) => !r.exact)
if (inexact.length) {
  console.error(
    `bench: findings differ from the seeded faults for ${inexact.map((r) => `${r.tool} at ${r.hosts} hosts`).join(', ')}: see the runs in ${file}`,
  )
  process.exit(1)
}
