// bench:tempest [-- --concurrency N] [--stock]: Debian's Tempest on the clean lab, the IPv6 network
// API classes whose coverage v6ready's overlay suite matches; prints the wall time and the counts
// and writes them to bench/results/tempest-<timestamp>.json.
//
// TypeScript rather than bash: it takes the lab's addresses, passwords and state from lab/ instead
// of copying them, and the admin's Neutron calls (the extension list, the public network) and the
// JSON result need no jq or CLI. It installs nothing: the `tempest` package must be there.
//
// Everything runs inside v6lab-mgmt (it re-executes itself there), where the lab is reachable.
// Debian's 10 s sleep before each subnet delete is removed by pyhooks/sitecustomize.py unless
// --stock: the package on disk is not touched.
import { spawn, spawnSync } from 'node:child_process'
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { EXTERNAL_PHYSNET, neutronUrl } from '../../lab/neutron.ts'
import { adminToken, apiCaller } from '../../lab/openstack-api.ts'
import { ns, RTR } from '../../lab/plan.ts'
import { REPO_DIR, sh, SYSTEM_PATH } from '../../lab/proc.ts'
import { statePath } from '../../lab/state.ts'
import { parseTotals, tempestConf, TEMPEST_CLASSES, testRegex } from './tempest-conf.ts'

const HERE = dirname(fileURLToPath(import.meta.url))
const HOOKS = join(HERE, 'pyhooks')
const RESULTS = join(REPO_DIR, 'bench', 'results')
const WORKSPACE = statePath('tempest')
const MGMT = ns('mgmt')
/** The admin's external network for the router tests' gateways; its subnet is a database record only. */
const PUBLIC = { name: 'public', v6: '2001:db8:0:ff::/64' } as const

function usage(msg: string): never {
  console.error(`bench:tempest: ${msg}\nusage: npm run bench:tempest [-- --concurrency N] [--stock]`)
  process.exit(2)
}

function parseArgs(argv: string[]): { concurrency?: number; stock: boolean } {
  const out: { concurrency?: number; stock: boolean } = { stock: false }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--stock') out.stock = true
    else if (a === '--concurrency' && /^\d+$/.test(argv[i + 1] ?? '')) out.concurrency = Number(argv[++i])
    else usage(`unknown argument ${a}`)
  }
  return out
}

/** Re-run this file inside the management namespace, unless already there. */
async function intoLab(): Promise<void> {
  const here = (await sh('ip', ['netns', 'identify', String(process.pid)]).catch(() => '')).trim()
  if (here === MGMT) return
  if (process.getuid?.() !== 0) usage('needs root, to enter the lab namespace')
  if (!existsSync(`/run/netns/${MGMT}`)) usage('no lab is up: npm run lab:up -- --clean')
  const self = [process.execPath, '--import', 'tsx', fileURLToPath(import.meta.url)]
  const r = spawnSync('ip', ['netns', 'exec', MGMT, ...self, ...process.argv.slice(2)], { stdio: 'inherit', cwd: REPO_DIR })
  process.exit(r.status ?? 1)
}

async function preflight(stock: boolean): Promise<string> {
  const pkg = await sh('dpkg-query', ['-W', '--showformat=${Status} ${Version}', 'tempest']).catch(() => '')
  if (!pkg.startsWith('install ok installed')) usage("Debian's tempest is not installed (apt-get install -y tempest)")
  // The policy fault forbids stateful subnets, which Tempest's classes create: the clean lab only.
  const faults = JSON.parse(readFileSync(statePath('faults.json'), 'utf8')) as unknown[]
  if (faults.length) usage(`the lab has ${faults.length} seeded faults: build it with npm run lab:up -- --clean`)
  const patched = await sh('/usr/bin/python3', ['-c', 'import tempest.lib.services.network.subnets_client as m; print(m.SubnetsClient.delete_subnet.__module__)'], {
    env: stock ? {} : { PYTHONPATH: HOOKS },
  })
  if (!stock && patched.trim() !== 'sitecustomize') throw new Error(`the subnet-delete hook did not load (delete_subnet from ${patched.trim()})`)
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
      network: { name: PUBLIC.name, 'router:external': true, 'provider:network_type': 'flat', 'provider:physical_network': EXTERNAL_PHYSNET },
    })
    id = net.network.id
    await call('POST', '/subnets', { subnet: { network_id: id, name: `${PUBLIC.name}-v6`, ip_version: 6, cidr: PUBLIC.v6 } })
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
  const child = spawn('unshare', ['--mount', '--propagation', 'private', '--', 'sh', '-c', 'mount --bind "$0" /etc/resolv.conf && exec "$@"', resolv, 'tempest', 'run', ...args], {
    cwd: WORKSPACE,
    env: { PATH: SYSTEM_PATH, LC_ALL: 'C.UTF-8', HOME: WORKSPACE, PYTHON: '/usr/bin/python3', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
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

await intoLab()
const opts = parseArgs(process.argv.slice(2))
const version = await preflight(opts.stock)
rmSync(WORKSPACE, { recursive: true, force: true })
mkdirSync(join(WORKSPACE, 'etc'), { recursive: true })
const facts = await neutronFacts()
const conf = join(WORKSPACE, 'etc', 'tempest.conf')
writeFileSync(conf, tempestConf({ workspace: WORKSPACE, ...facts }))

const started = new Date()
// The machine is shared (2 cores): its load says how far the wall time is the lab's own.
const loadBefore = loadavg()[0]
const t0 = performance.now()
const args = ['--config-file', conf, '--regex', testRegex(), ...(opts.concurrency ? ['--concurrency', String(opts.concurrency)] : [])]
const { code, output } = await runTempest(args, opts.stock ? {} : { PYTHONPATH: HOOKS })
const wallSeconds = Math.round((performance.now() - t0) / 100) / 10
const totals = parseTotals(output)

const result = {
  tool: 'tempest',
  package: `tempest ${version}`,
  started: started.toISOString(),
  lab: 'clean',
  classes: TEMPEST_CLASSES,
  concurrency: opts.concurrency ?? 'tempest default (one worker per CPU)',
  subnetDeleteSleep: opts.stock ? 'as packaged (10 s)' : 'removed (pyhooks/sitecustomize.py)',
  wallSeconds,
  loadAverage1m: { before: loadBefore, after: loadavg()[0] },
  exitCode: code,
  ...(totals ?? { ran: 0, passed: 0, failed: 0, skipped: 0, testSeconds: 0 }),
}
mkdirSync(RESULTS, { recursive: true })
const file = join(RESULTS, `tempest-${started.toISOString().replace(/[:.]/g, '-')}.json`)
writeFileSync(file, JSON.stringify(result, null, 2) + '\n')
console.log(`\ntempest: ${wallSeconds} s wall, ${result.passed} passed, ${result.failed} failed, ${result.skipped} skipped (of ${result.ran}); ${file}`)
process.exit(totals ? code : 1)
