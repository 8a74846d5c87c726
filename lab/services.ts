// The lab's small services: the metadata proxy and the second resolver on the router, and the
// listeners each host holds.
import { writeFileSync } from 'node:fs'
import type { FaultSet } from './faults.ts'
import { eui64Address } from '../lib/net/index.ts'
import { networkData } from './network-data.ts'
import { DOMAIN, HOSTS, ns, RESOLVER2, RTR } from './plan.ts'
import { daemon, tsNode, waitListening } from './proc.ts'
import type { ZoneFile } from './services/dns-answer.ts'
import { statePath } from './state.ts'
import type { ZoneRecord } from './zone.ts'

/** A stable per-instance UUID, so a run's evidence is comparable from day to day. */
export const instanceUuid = (name: string): string =>
  `6c61622d-0000-4000-8000-${Buffer.from(name).toString('hex').padStart(12, '0')}`

export async function startMetadata(): Promise<void> {
  const instances = HOSTS.filter((h) => h.roles.includes('guest')).map((h) => ({
    name: h.name,
    uuid: instanceUuid(h.name),
    addresses: h.links.flatMap((l) => [
      eui64Address('fe80::/64', l.mac),
      ...(l.v4 ? [l.v4.split('/')[0] as string] : []),
    ]),
    networkData: networkData(h),
  }))
  const file = statePath('metadata-instances.json')
  writeFileSync(file, JSON.stringify(instances, null, 2))
  daemon('metadata', ['ip', 'netns', 'exec', ns('rtr'), ...tsNode('services/metadata-server.ts'), file, 'eth1'])
  await waitListening('the metadata service on both addresses', ns('rtr'), [80, 80])
}

/** The dual-stack HTTP service on cmp: an endpoint in targets.yaml, never one of the compute role's listeners. */
export const CMP_HTTP_PORT = 8080
/** The appliance's exporter, one of its role's listeners: what BusyBox's netstat must show. */
export const APP_EXPORTER = { port: 9100, service: 'node-exporter' } as const

export function listenerSpecs(faults: FaultSet): Record<string, string[]> {
  return {
    ctl: [faults.has('v4-only-listener') ? '0.0.0.0:8776' : '[::]:8776', '[::]:8774'],
    cmp: [
      faults.has('v6only-listener') ? '[::]:16509/v6only' : '[::]:16509',
      `${faults.has('dual-stack-v4-only') ? '0.0.0.0' : '[::]'}:${CMP_HTTP_PORT}/http`,
    ],
    app: [`${faults.has('appliance-v4-listener') ? '0.0.0.0' : '[::]'}:${APP_EXPORTER.port}`],
  }
}

export async function startListeners(faults: FaultSet): Promise<void> {
  const specs = listenerSpecs(faults)
  for (const [host, list] of Object.entries(specs))
    daemon(`listen-${host}`, ['ip', 'netns', 'exec', ns(host), ...tsNode('services/listen.ts'), ...list])
  const port = (spec: string) => Number(spec.split('/')[0]?.split(':').pop())
  await Promise.all(
    Object.entries(specs).map(([host, list]) => waitListening(`the listeners on ${host}`, ns(host), list.map(port))),
  )
}

/** Resolver 2 on the router, serving `zone`; under `resolver-no-tcp` on UDP only. */
export async function startDnsServer(faults: FaultSet, zone: ZoneRecord[]): Promise<void> {
  const file = statePath('dns-zone.json')
  writeFileSync(file, JSON.stringify({ apex: DOMAIN, records: zone } satisfies ZoneFile, null, 2))
  const tcp = !faults.has('resolver-no-tcp')
  daemon('dns-server', [
    'ip',
    'netns',
    'exec',
    ns('rtr'),
    ...tsNode('services/dns-server.ts'),
    file,
    RTR.dns2,
    ...(tcp ? [] : ['--no-tcp']),
  ])
  await Promise.all([
    waitListening('the second resolver on UDP', ns('rtr'), [RESOLVER2], 'udp'),
    ...(tcp ? [waitListening('the second resolver on TCP', ns('rtr'), [RESOLVER2])] : []),
  ])
}
