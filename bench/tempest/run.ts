// bench:tempest [-- --runs N] [--concurrency N] [--v6ready-max-concurrency N] [--stock]: v6ready's overlay suite and Debian's
// Tempest (the IPv6 network API classes whose coverage the overlay suite matches) on the same clean
// lab, alternately, N times each; prints both wall times (medians), their ratio, and what each cost
// Neutron (CPU seconds, API requests), and writes it all to bench/results/tempest-<timestamp>.json.
//
// TypeScript rather than bash: it takes the lab's addresses, passwords and state from lab/ instead
// of copying them, and the admin's Neutron calls (the extension list, the public network) and the
// JSON result need no jq or CLI. It installs nothing: the `tempest` package must be there.
//
// Everything runs inside v6lab-mgmt (it re-executes itself there), where the lab is reachable.
// Debian's 10 s sleep before each subnet delete is removed by pyhooks/sitecustomize.py unless
// --stock: the package on disk is not touched. --concurrency is Tempest's workers;
// --v6ready-max-concurrency is how many of a suite file's overlay tests run at once (Vitest's
// maxConcurrency, default 5): fewer requests in flight on a one-worker Neutron may cost it less CPU.
import { spawn } from 'node:child_process'
import { createWriteStream, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { EXTERNAL_PHYSNET, neutronUrl } from '../../lab/neutron.ts'
import { adminToken, apiCaller } from '../../lab/openstack-api.ts'
import { RTR } from '../../lab/plan.ts'
import { REPO_DIR, sh, SYSTEM_PATH } from '../../lab/proc.ts'
import { statePath } from '../../lab/state.ts'
import { intoLab } from '../lab.ts'
import { neutronLoad, type NeutronLoad } from './neutron-load.ts'
import { parseTotals, tempestConf, TEMPEST_CLASSES, testRegex } from './tempest-conf.ts'

const HERE = dirname(fileURLToPath(import.meta.url))
const HOOKS = join(HERE, 'pyhooks')
const RESULTS = join(REPO_DIR, 'bench', 'results')
const WORKSPACE = statePath('tempest')
/** The admin's external network for the router tests' gateways; its subnet is a database record only. */
const PUBLIC = { name: 'public', v6: '2001:db8:0:ff::/64' } as const

function usage(msg: string): never {
  console.error(
    `bench:tempest: ${msg}\nusage: npm run bench:tempest [-- --runs N] [--concurrency N] [--v6ready-max-concurrency N] [--stock]`,
  )
  process.exit(2)
}

interface Opts {
  concurrency?: number
  v6readyMaxConcurrency?: number
  stock: boolean
  runs: number
}

function parseArgs(argv: string[]): Opts {
  const out: Opts = { stock: false, runs: 1 }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--stock') out.stock = true
    else if (a === '--concurrency' && /^\d+$/.test(argv[i + 1] ?? '')) out.concurrency = Number(argv[++i])
    else if (a === '--runs' && /^[1-9]\d?$/.test(argv[i + 1] ?? '')) out.runs = Number(argv[++i])
    else if (a === '--v6ready-max-concurrency' && /^[1-9]\d*$/.test(argv[i + 1] ?? ''))
      out.v6readyMaxConcurrency = Number(argv[++i])
    else usage(`unknown argument ${a}`)
  }
  return out
}

async function preflight(stock: boolean): Promise<string> {
  const pkg = await sh('dpkg-query', ['-W', '--showformat=${Status} ${Version}', 'tempest']).catch(() => '')
  if (!pkg.startsWith('install ok installed')) usage("Debian's tempest is not installed (apt-get install -y tempest)")
  // The policy fault forbids stateful subnets, which Tempest's classes create: the clean lab only.
  const faults = JSON.parse(readFileSync(statePath('faults.json'), 'utf8')) as unknown[]
  if (faults.length) usage(`the lab has ${faults.length} seeded faults: build it with npm run lab:up -- --clean`)
  const patched = await sh(
    '/usr/bin/python3',
    ['-c', 'import tempest.lib.services.network.subnets_client as m; print(m.SubnetsClient.delete_subnet.__module__)'],
    {
      env: stock ? {} : { PYTHONPATH: HOOKS },
    },
  )
  if (!stock && patched.trim() !== 'sitecustomize')
    throw new Error(`the subnet-delete hook did not load (delete_subnet from ${patched.trim()})`)
  return pkg.split(' ').pop() ?? ''
}

interface Network {
  id: string
}

/** The server's extension aliases, and the public network (made once per lab). */
async function neutronFacts(): Promise<{ extensions: string[]; publicNetworkId: string }> {
  const call = apiCaller(`${neutronUrl()}/v2.0`, await adminToken())
  const [ext, nets] = await Promise.all([
    call<{ extensions: { alias: string }[] }>('GET', '/extensions'),
    call<{ networks: Network[] }>('GET', `/networks?name=${PUBLIC.name}&router:external=true`),
  ])
  let id = nets.networks[0]?.id
  if (!id) {
    const net = await call<{ network: Network }>('POST', '/networks', {
      network: {
        name: PUBLIC.name,
        'router:external': true,
        'provider:network_type': 'flat',
        'provider:physical_network': EXTERNAL_PHYSNET,
      },
    })
    id = net.network.id
    await call('POST', '/subnets', {
      subnet: { network_id: id, name: `${PUBLIC.name}-v6`, ip_version: 6, cidr: PUBLIC.v6 },
    })
  }
  return { extensions: ext.extensions.map((e) => e.alias), publicNetworkId: id }
}

/** `tempest run`, its output shown and kept; resolves with the exit code and the output. */
function runTempest(args: string[], env: Record<string, string>): Promise<{ code: number; output: string }> {
  const log = createWriteStream(join(WORKSPACE, 'run.log'))
  // A private mount namespace whose resolv.conf names the lab resolver: any name Tempest looks up
  // is asked inside the lab, never of this machine's resolver.
  const resolv = join(WORKSPACE, 'resolv.conf')
  writeFileSync(resolv, `nameserver ${RTR.dns}\n`)
  const child = spawn(
    'unshare',
    [
      '--mount',
      '--propagation',
      'private',
      '--',
      'sh',
      '-c',
      'mount --bind "$0" /etc/resolv.conf && exec "$@"',
      resolv,
      'tempest',
      'run',
      ...args,
    ],
    {
      cwd: WORKSPACE,
      env: { PATH: SYSTEM_PATH, LC_ALL: 'C.UTF-8', HOME: WORKSPACE, PYTHON: '/usr/bin/python3', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let output = ''
  for (const s of [child.stdout, child.stderr]) {
    s.on('data', (d: Buffer) => {
      output += d.toString()
      process.stdout.write(d)
      log.write(d)
    })
  }
  return new Promise((resolve) => child.on('close', (code) => log.end(() => resolve({ code: code ?? 1, output }))))
}

await intoLab(import.meta.url, usage, 'npm run lab:up -- --clean')
const opts = parseArgs(process.argv.slice(2))
const version = await preflight(opts.stock)
rmSync(WORKSPACE, { recursive: true, force: true })
mkdirSync(join(WORKSPACE, 'etc'), { recursive: true })
const facts = await neutronFacts()
const conf = join(WORKSPACE, 'etc', 'tempest.conf')
writeFileSync(conf, tempestConf({ workspace: WORKSPACE, ...facts }))

/** v6ready's overlay suite against the lab's target, its report in the workspace. */
function runV6ready(): Promise<{ code: number; output: string }> {
  // As npm test starts it: the compiled build.
  const child = spawn(
    process.execPath,
    [
      join(REPO_DIR, 'bin', 'v6ready.js'),
      'run',
      '--target',
      'lab',
      '--targets',
      statePath('targets.yaml'),
      '--suite',
      'overlay',
      '--report-dir',
      join(WORKSPACE, 'v6ready'),
      ...(opts.v6readyMaxConcurrency ? ['--maxConcurrency', String(opts.v6readyMaxConcurrency)] : []),
    ],
    {
      cwd: REPO_DIR,
      env: { ...process.env, FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let output = ''
  for (const s of [child.stdout, child.stderr]) s.on('data', (d: Buffer) => (output += d.toString()))
  return new Promise((resolve) => child.on('close', (code) => resolve({ code: code ?? 1, output })))
}

interface Run {
  wallSeconds: number
  neutron: NeutronLoad
  exitCode: number
  loadAverage1m: { before: number; after: number }
}

async function timed(run: () => Promise<{ code: number; output: string }>): Promise<Run & { output: string }> {
  // The machine is shared (2 cores): its load says how far the wall time is the lab's own.
  const before = loadavg()[0] ?? 0
  const load = neutronLoad()
  const t0 = performance.now()
  const { code, output } = await run()
  return {
    wallSeconds: Math.round((performance.now() - t0) / 100) / 10,
    neutron: load(),
    exitCode: code,
    loadAverage1m: { before, after: loadavg()[0] ?? 0 },
    output,
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m]! : Math.round(((s[m - 1]! + s[m]!) / 2) * 10) / 10
}

const started = new Date()
const args = [
  '--config-file',
  conf,
  '--regex',
  testRegex(),
  ...(opts.concurrency ? ['--concurrency', String(opts.concurrency)] : []),
]
const v6runs: Run[] = []
const tempestRuns: (Run & { ran: number; passed: number; failed: number; skipped: number; testSeconds: number })[] = []
// Alternate, so a change in the machine's load falls on both tools alike.
for (let i = 0; i < opts.runs; i++) {
  const v = await timed(runV6ready)
  const { output: v6out, ...v6 } = v
  v6runs.push(v6)
  console.log(
    `v6ready overlay run ${i + 1}: ${v6.wallSeconds} s wall, exit ${v6.exitCode}, Neutron ${v6.neutron.cpuSeconds} s CPU for ${v6.neutron.requests} requests`,
  )
  if (v6.exitCode !== 0) console.log(v6out.split('\n').slice(-30).join('\n'))
  const t = await timed(() => runTempest(args, opts.stock ? {} : { PYTHONPATH: HOOKS }))
  const totals = parseTotals(t.output)
  const { output: _, ...run } = t
  tempestRuns.push({ ...run, ...(totals ?? { ran: 0, passed: 0, failed: 0, skipped: 0, testSeconds: 0 }) })
  console.log(
    `tempest run ${i + 1}: ${run.wallSeconds} s wall, exit ${run.exitCode}, Neutron ${run.neutron.cpuSeconds} s CPU for ${run.neutron.requests} requests`,
  )
}

const v6Wall = median(v6runs.map((r) => r.wallSeconds))
const tempestWall = median(tempestRuns.map((r) => r.wallSeconds))
const last = tempestRuns.at(-1)!
const result = {
  tool: 'tempest',
  package: `tempest ${version}`,
  started: started.toISOString(),
  lab: 'clean',
  classes: TEMPEST_CLASSES,
  concurrency: opts.concurrency ?? 'tempest default (one worker per CPU)',
  subnetDeleteSleep: opts.stock ? 'as packaged (10 s)' : 'removed (pyhooks/sitecustomize.py)',
  runs: opts.runs,
  wallSeconds: tempestWall,
  v6ready: {
    suite: 'overlay',
    maxConcurrency: opts.v6readyMaxConcurrency ?? 'vitest default (5 tests of a file at once)',
    wallSeconds: v6Wall,
    runs: v6runs,
  },
  ratio: Math.round((v6Wall / tempestWall) * 100) / 100,
  tempestRuns,
  exitCode: last.exitCode,
  ran: last.ran,
  passed: last.passed,
  failed: last.failed,
  skipped: last.skipped,
  testSeconds: last.testSeconds,
}
mkdirSync(RESULTS, { recursive: true })
const file = join(RESULTS, `tempest-${started.toISOString().replace(/[:.]/g, '-')}.json`)
writeFileSync(file, JSON.stringify(result, null, 2) + '\n')
const cpu = (rs: Run[]) => median(rs.map((r) => r.neutron.cpuSeconds))
const reqs = (rs: Run[]) => median(rs.map((r) => r.neutron.requests))
console.log(`
                       wall (median of ${opts.runs})   Neutron CPU   Neutron requests
  v6ready overlay      ${String(v6Wall).padStart(8)} s      ${String(cpu(v6runs)).padStart(8)} s   ${String(reqs(v6runs)).padStart(8)}
  tempest (${last.ran} tests)   ${String(tempestWall).padStart(8)} s      ${String(cpu(tempestRuns)).padStart(8)} s   ${String(reqs(tempestRuns)).padStart(8)}
  ratio v6ready/tempest ${result.ratio.toFixed(2)}× of the wall time, ${(cpu(v6runs) / cpu(tempestRuns)).toFixed(2)}× of Neutron's CPU (goal ≤ 0.5× each)
tempest: ${last.passed} passed, ${last.failed} failed, ${last.skipped} skipped (of ${last.ran}); ${file}`)
const ok = v6runs.every((r) => r.exitCode === 0) && tempestRuns.every((r) => r.exitCode === 0 && r.ran > 0)
process.exit(ok ? 0 : 1)
