// npm run bench:neutron-cost [-- --each N]: what one request of each kind the overlay makes costs
// the lab's neutron-server in CPU, one request at a time (so nothing else is in flight). The
// overlay suite is bound by Neutron's CPU (docs/performance.md); this is the profile that shows
// it, and what a bulk create or a tag at creation would save. Resources are named
// v6ready-neutron-cost-*, made in the admin's project and deleted by the bench itself (a bench
// that fails half-way leaves them to the next `lab:up`, which rebuilds Neutron's database).
// Writes bench/results/neutron-cost-<timestamp>.json.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { neutronUrl } from '../lab/neutron.ts'
import { adminToken, apiCaller, type ApiCall } from '../lab/openstack-api.ts'
import { REPO_DIR } from '../lab/proc.ts'
import { intoLab } from './lab.ts'
import { median } from './measure.ts'
import { neutronCpuSeconds } from './tempest/neutron-load.ts'

const RESULTS = join(REPO_DIR, 'bench', 'results')
const PREFIX = 'v6ready-neutron-cost'
/** A /48 of the documentation prefix that the lab's overlay cidr (2001:db8:100::/48) is not. */
const CIDR = (i: number) => `2001:db8:1ff:${i.toString(16)}::/64`
const mac = (i: number) =>
  `fa:16:3e:7f:${(i >> 8).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`

function usage(msg: string): never {
  console.error(`bench:neutron-cost: ${msg}\nusage: npm run bench:neutron-cost [-- --each N]`)
  process.exit(2)
}

function parseArgs(argv: string[]): { each: number } {
  const out = { each: 8 }
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--each' && /^[1-9]\d?$/.test(argv[i + 1] ?? '')) out.each = Number(argv[++i])
    else usage(`unknown argument ${argv[i]}`)
  }
  return out
}

interface Price {
  request: string
  /** Resources per request (a bulk create makes several). */
  per: number
  cpuMs: number
  wallMs: number
}

type Id = { id: string }

await intoLab(import.meta.url, usage)
const { each } = parseArgs(process.argv.slice(2))
const api: ApiCall = apiCaller(`${neutronUrl()}/v2.0`, await adminToken())
const prices: Price[] = []
let slot = 0

/** `each` requests made one after the other; the CPU neutron-server spent, per request. */
async function price<T>(request: string, make: (i: number) => Promise<T>, per = 1): Promise<T[]> {
  const out: T[] = []
  const cpu0 = neutronCpuSeconds()
  const t0 = performance.now()
  for (let i = 0; i < each; i++) out.push(await make(i))
  const cpuMs = ((neutronCpuSeconds() - cpu0) * 1000) / each
  prices.push({ request, per, cpuMs: Math.round(cpuMs), wallMs: Math.round((performance.now() - t0) / each) })
  return out
}

const network = (tag: string) =>
  api<{ network: Id }>('POST', '/networks', { network: { name: `${PREFIX}-${tag}` } }).then((r) => r.network)
const slaac = (net: Id) => ({
  network_id: net.id,
  ip_version: 6,
  cidr: CIDR(slot++),
  ipv6_ra_mode: 'slaac',
  ipv6_address_mode: 'slaac',
  name: PREFIX,
})
const TAGS = ['v6ready', PREFIX]

await price('GET networks?name= (no match)', async () => api('GET', `/networks?name=${PREFIX}-none`))
const nets = await price('POST network', (i) => network(`n${i}`))
await price('PUT tags (network)', (i) => api('PUT', `/networks/${nets[i]!.id}/tags`, { tags: TAGS }))
const bulkNets = await price(
  'POST networks, bulk of 4',
  (i) =>
    api<{ networks: Id[] }>('POST', '/networks', {
      networks: [0, 1, 2, 3].map((j) => ({ name: `${PREFIX}-b${i}-${j}` })),
    }).then((r) => r.networks),
  4,
)
await price('POST subnet (slaac)', (i) => api('POST', '/subnets', { subnet: slaac(nets[i]!) }))
await price('POST subnets, bulk of 4', (i) => api('POST', '/subnets', { subnets: bulkNets[i]!.map(slaac) }), 4)
const ports = await price('POST port', (i) =>
  api<{ port: Id }>('POST', '/ports', { port: { network_id: nets[i]!.id, name: PREFIX } }).then((r) => r.port),
)
await price('PUT tags (port)', (i) => api('PUT', `/ports/${ports[i]!.id}/tags`, { tags: TAGS }))
// A bulk port on a SLAAC subnet needs its MAC: Neutron 21 computes the EUI-64 from an unset one and answers 500.
const bulkPorts = await price('POST ports, bulk of 1 with tags', (i) =>
  api<{ ports: Id[] }>('POST', '/ports', {
    ports: [{ network_id: nets[i]!.id, name: PREFIX, mac_address: mac(i), tags: TAGS }],
  }).then((r) => r.ports[0]!),
)
await price('DELETE port', (i) => api('DELETE', `/ports/${ports[i]!.id}`))
for (const p of bulkPorts) await api('DELETE', `/ports/${p.id}`)
const routers = await price('POST router', (i) =>
  api<{ router: Id }>('POST', '/routers', { router: { name: `${PREFIX}-r${i}` } }).then((r) => r.router),
)
const subnets = await Promise.all(
  bulkNets.map((b) =>
    api<{ subnets: (Id & { network_id: string })[] }>('GET', `/subnets?network_id=${b[0]!.id}`).then(
      (r) => r.subnets[0]!,
    ),
  ),
)
await price('PUT add_router_interface', (i) =>
  api('PUT', `/routers/${routers[i]!.id}/add_router_interface`, { subnet_id: subnets[i]!.id }),
)
await price('PUT remove_router_interface', (i) =>
  api('PUT', `/routers/${routers[i]!.id}/remove_router_interface`, { subnet_id: subnets[i]!.id }),
)
await price('DELETE router', (i) => api('DELETE', `/routers/${routers[i]!.id}`))
await price('DELETE network (one subnet)', (i) => api('DELETE', `/networks/${nets[i]!.id}`))
await price(
  'DELETE 4 networks (one subnet each)',
  async (i) => {
    for (const n of bulkNets[i]!) await api('DELETE', `/networks/${n.id}`)
  },
  4,
)

console.log(`\nneutron-server CPU per request, ${each} requests of each kind one at a time\n`)
console.log('| request | resources | CPU ms per request | CPU ms per resource | wall ms |')
console.log('|---|---:|---:|---:|---:|')
for (const p of prices)
  console.log(`| ${p.request} | ${p.per} | ${p.cpuMs} | ${Math.round(p.cpuMs / p.per)} | ${p.wallMs} |`)
const started = new Date().toISOString()
mkdirSync(RESULTS, { recursive: true })
const file = join(RESULTS, `neutron-cost-${started.replace(/[:.]/g, '-')}.json`)
writeFileSync(
  file,
  `${JSON.stringify({ kind: 'neutron-cost', started, each, medianCpuMs: median(prices.map((p) => p.cpuMs)), prices }, null, 2)}\n`,
)
console.log(`\nbench: results in ${file}`)
