// lab:up [--clean] [--hosts N]: build the lab from nothing (an earlier one is removed first), with every
// seeded fault, or with none under --clean; --hosts adds N scale hosts (scale.ts). Writes targets.yaml, expected.json and faults.json,
// and what targets lab-inventory and lab-home read (access.ts).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { writeAccessFiles } from './access.ts'
import { CONFIG_DRIVE_HOSTS, makeConfigDrives, mountConfigDrive } from './config-drive.ts'
import { askingGuests, startDhcpClients } from './dhcp-guests.ts'
import { startDnsmasq } from './dnsmasq.ts'
import { labDown } from './down.ts'
import { ALL_FAULTS, FAULTS, NO_FAULTS, type FaultSet } from './faults.ts'
import { writeHostFiles } from './host-files.ts'
import { CONTAINERS, containerNs, DHCP_GUESTS, guestAddress, hostByName, ns } from './plan.ts'
import { inNs, waitFor } from './proc.ts'
import { guardRootNamespace } from './safety.ts'
import { startHaproxy, tlsFrontends } from './haproxy.ts'
import { catalogUrls, startKeystone } from './keystone.ts'
import { registerInKeystone } from './keystone-register.ts'
import { startNeutron } from './neutron.ts'
import { startPostgres } from './postgres.ts'
import { missingTools } from './tools.ts'
import { makePki } from './pki.ts'
import { startDnsServer, startListeners, startMetadata } from './services.ts'
import { buildScale, scaleFaults, scaleHosts, type ScaleHost } from './scale.ts'
import { startSshd } from './sshd.ts'
import { STATE, statePath } from './state.ts'
import { buildTopology, startContainerTraffic } from './topology.ts'
import { expectedJson, targetsYaml } from './targets.ts'
import { labZones } from './zone.ts'

interface IpAddr {
  addr_info?: { family: string; local: string; scope: string; tentative?: boolean; temporary?: boolean }[]
}

async function addresses(host: string, ifname: string) {
  const j = JSON.parse(await inNs(ns(host), 'ip', ['-j', '-6', 'addr', 'show', 'dev', ifname])) as IpAddr[]
  return (j[0]?.addr_info ?? []).filter((a) => a.scope === 'global')
}

const usable = (list: Awaited<ReturnType<typeof addresses>>, pred: (a: (typeof list)[number]) => boolean) =>
  list.some((a) => pred(a) && !a.tentative)

/** The lab is judged the moment it is up, so every RA-driven state a check reads must have settled. */
async function settle(faults: FaultSet): Promise<void> {
  const waits = [
    waitFor('vm1 SLAAC address', async () =>
      usable(await addresses('vm1', 'eth0'), (a) => a.local === guestAddress('vm1')),
    ),
    waitFor('vm2 SLAAC address', async () =>
      usable(await addresses('vm2', 'eth0'), (a) => a.local === guestAddress('vm2')),
    ),
    waitFor('vm5 SLAAC address', async () =>
      usable(await addresses('vm5', 'eth0'), (a) => a.local === guestAddress('vm5')),
    ),
    waitFor('vm6 SLAAC address', async () =>
      usable(await addresses('vm6', 'eth0'), (a) => a.local === guestAddress('vm6')),
    ),
    waitFor('default routes from the RAs', async () => {
      const all = await Promise.all(
        ['vm1', 'vm2', 'vm3', 'vm4', 'vm5', 'vm6', 'app'].map((h) =>
          inNs(ns(h), 'ip', ['-6', 'route', 'show', 'default']),
        ),
      )
      return all.every((r) => r.includes('proto ra'))
    }),
    ...askingGuests(faults).map((g) =>
      waitFor(`${g}'s DHCPv6 lease`, async () =>
        usable(await addresses(g, 'eth0'), (a) => a.local === DHCP_GUESTS[g].lease),
      ),
    ),
    // ctr's neighbour table holds the containers, as a Docker host's does while they talk.
    waitFor("the containers in ctr's neighbour table", async () => {
      const table = await inNs(ns('ctr'), 'ip', ['-6', 'neigh', 'show', 'dev', CONTAINERS.bridge])
      return CONTAINERS.list.every((c) => new RegExp(`^${c.address} .*(REACHABLE|STALE|DELAY|PROBE)`, 'm').test(table))
    }),
  ]
  if (!faults.has('ra-ignored-by-forwarding'))
    waits.push(
      waitFor('cmp default route from the RA', async () =>
        (await inNs(ns('cmp'), 'ip', ['-6', 'route', 'show', 'default'])).includes('proto ra'),
      ),
    )
  if (faults.has('slaac-leak'))
    waits.push(waitFor('the SLAAC leak on ctl eth1', async () => usable(await addresses('ctl', 'eth1'), () => true)))
  if (faults.has('temporary-addresses'))
    waits.push(
      waitFor('vm2 temporary address', async () => usable(await addresses('vm2', 'eth0'), (a) => a.temporary === true)),
    )
  await Promise.all(waits)
}

async function preflight(): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error('lab: lab:up needs root (network namespaces, veth, mounts)')
  const missing = missingTools()
  if (missing.length) throw new Error(`lab: missing tools: ${missing.join(', ')} (see the apt-get line in .ci/run)`)
}

export async function labUp(faults: FaultSet, scaleCount = 0): Promise<number> {
  const scale: ScaleHost[] = scaleCount ? scaleHosts(scaleCount, faults.size === 0) : []
  const t0 = performance.now()
  await preflight()
  await labDown()
  await guardRootNamespace()
  rmSync(STATE, { recursive: true, force: true })
  mkdirSync(STATE, { recursive: true })
  writeHostFiles(faults)
  await buildTopology(faults)
  // The two long chains (keystone, then its registrations; PostgreSQL, the migrations, then
  // neutron-server) start as soon as ctl exists. Neutron needs keystone only at its first
  // authenticated request. A failure is reported where they are awaited, with the rest.
  const openstack = [
    startKeystone(catalogUrls(faults)).then(registerInKeystone),
    startPostgres().then(() => startNeutron(faults)),
  ]
  for (const p of openstack) p.catch(() => undefined)
  const zones = labZones(faults)
  startDnsmasq(zones.primary)
  const [drives, certs] = await Promise.all([
    makeConfigDrives(),
    makePki(['keystone.lab.test', 'api.lab.test'], hostByName('ctl').address),
  ])
  await Promise.all([
    startSshd(Object.fromEntries(CONFIG_DRIVE_HOSTS.map((h) => [h, [drives[h]]]))),
    startMetadata(),
    startDnsServer(faults, zones.secondary),
    startListeners(faults),
    startHaproxy(tlsFrontends(faults, certs)),
    ...openstack,
  ])
  await Promise.all([...CONFIG_DRIVE_HOSTS.map((h) => mountConfigDrive(h, drives[h])), writeAccessFiles()])
  startDhcpClients(faults)
  startContainerTraffic()
  await settle(faults)
  if (scale.length) console.log(`lab: ${scale.length} scale hosts built in ${(await buildScale(scale)).toFixed(1)} s`)
  writeFileSync(statePath('targets.yaml'), targetsYaml(scale))
  writeFileSync(statePath('expected.json'), expectedJson(faults, scale))
  writeFileSync(
    statePath('faults.json'),
    JSON.stringify([...FAULTS.filter((f) => faults.has(f.id)), ...scaleFaults(scale)], null, 2) + '\n',
  )
  if (scale.length) writeFileSync(statePath('scale.json'), JSON.stringify(scale, null, 2) + '\n')
  return (performance.now() - t0) / 1000
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2)
  const usage = 'usage: npm run lab:up [-- [--clean] [--hosts N]]'
  let clean = false
  let hosts = 0
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--clean') clean = true
    else if (args[i] === '--hosts' && /^\d+$/.test(args[i + 1] ?? '')) hosts = Number(args[++i])
    else {
      console.error(`lab:up: unknown argument ${args.slice(i).join(' ')} (${usage})`)
      process.exit(2)
    }
  }
  if (hosts) {
    try {
      scaleHosts(hosts, clean)
    } catch (e) {
      console.error(`${e instanceof Error ? e.message : String(e)} (${usage})`)
      process.exit(2)
    }
  }
  const faults = clean ? NO_FAULTS : ALL_FAULTS
  try {
    const s = await labUp(faults, hosts)
    const seeded = faults.size + (hosts ? scaleFaults(scaleHosts(hosts, clean)).length : 0)
    console.log(
      `lab: up in ${s.toFixed(1)} s with ${seeded} seeded faults${hosts ? ` and ${hosts} scale hosts` : ''}; targets in ${statePath('targets.yaml')}`,
    )
    console.log('lab: run it with  npm run lab:exec -- npm test -- --target lab --targets lab/.state/targets.yaml')
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e))
    await labDown().catch(() => undefined)
    process.exit(1)
  }
}
