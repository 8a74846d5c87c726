// Creating what the checks stand on: each resource named for its check and subject, tracked (and
// journaled) the moment Neutron has made it, and each failure a StepFailed that names the step.
import { randomBytes } from 'node:crypto'
import type {
  Kind,
  NetworkT,
  PortT,
  Resource,
  RouterInterfaceT,
  RouterT,
  SecurityGroupT,
  SubnetT,
} from '../openstack/neutron-types.ts'
import { pairAttributes, pairText, type ModePair } from '../checks/overlay/modes.ts'
import type { Scope } from './registry.ts'
import { step } from './step.ts'

/** A unicast MAC under OpenStack's fa:16:3e base, as Neutron would make one. */
export const randomMac = (): string =>
  `fa:16:3e:${[...randomBytes(3)].map((b) => b.toString(16).padStart(2, '0')).join(':')}`

export async function createNetwork(s: Scope, role = 'net', extra: Record<string, unknown> = {}): Promise<NetworkT> {
  const name = s.name(role)
  const n = await step(`create the network ${name}`, s.api.create('network', { name, ...extra }))
  s.track('network', n.id, { name })
  return n
}

export interface SubnetSpec {
  /** Which of the subject's carved subnets (0-3 for IPv6, 0-1 for IPv4). */
  slot?: number
  ipVersion?: 4 | 6
  pair?: ModePair
  /** An address, null for none; left out, Neutron picks its default. */
  gateway?: string | null
  role?: string
  extra?: Record<string, unknown>
}

export const subnetLabel = (cidr: string, spec: SubnetSpec): string =>
  (spec.ipVersion ?? 6) === 4 ? `IPv4 subnet ${cidr}` : `subnet ${cidr} (${pairText(spec.pair ?? {})})`

export async function createSubnet(s: Scope, net: NetworkT, spec: SubnetSpec = {}): Promise<SubnetT> {
  const v = spec.ipVersion ?? 6
  const cidr = v === 6 ? s.cidr(spec.slot ?? 0) : s.cidrV4(spec.slot ?? 0)
  const name = s.name(spec.role ?? `subnet${spec.slot ?? 0}`)
  const body = {
    network_id: net.id,
    ip_version: v,
    cidr,
    name,
    ...(v === 6 && pairAttributes(spec.pair ?? {})),
    ...(spec.gateway !== undefined && { gateway_ip: spec.gateway }),
    ...spec.extra,
  }
  const sn = await step(`create the ${subnetLabel(cidr, spec)}`, s.api.create('subnet', body))
  s.track('subnet', sn.id, { name, network: net.id })
  return sn
}

export interface PortSpec {
  role?: string
  mac?: string
  fixedIps?: { subnet_id: string; ip_address?: string }[]
  extra?: Record<string, unknown>
}

export const portBody = (s: Scope, net: NetworkT, spec: PortSpec = {}): Record<string, unknown> => ({
  network_id: net.id,
  name: s.name(spec.role ?? 'port'),
  ...(spec.mac && { mac_address: spec.mac }),
  ...(spec.fixedIps && { fixed_ips: spec.fixedIps }),
  ...spec.extra,
})

export async function createPort(s: Scope, net: NetworkT, spec: PortSpec = {}): Promise<PortT> {
  const body = portBody(s, net, spec)
  const p = await step(
    `create the port ${String(body.name)}${spec.mac ? ` with MAC ${spec.mac}` : ''}`,
    s.api.create('port', body),
  )
  s.track('port', p.id, { name: String(body.name) })
  return p
}

export async function createRouter(s: Scope, role = 'router', extra: Record<string, unknown> = {}): Promise<RouterT> {
  const name = s.name(role)
  const r = await step(`create the router ${name}`, s.api.create('router', { name, ...extra }))
  s.track('router', r.id, { name })
  return r
}

export async function createSecurityGroup(s: Scope, role = 'sg'): Promise<SecurityGroupT> {
  const name = s.name(role)
  const g = await step(
    `create the security group ${name}`,
    s.api.create('security-group', { name, description: `v6ready ${s.check}` }),
  )
  s.track('security-group', g.id, { name })
  return g
}

/** One POST for all of them (Neutron's bulk create); each is tracked. */
export async function createBulk<K extends 'network' | 'subnet' | 'port'>(
  s: Scope,
  kind: K,
  bodies: Record<string, unknown>[],
): Promise<Resource<K>[]> {
  const made = await step(`bulk-create ${bodies.length} ${kind}s in one request`, s.api.createBulk(kind, bodies))
  for (const r of made)
    s.track(kind, r.id, {
      name: r.name ?? '',
      ...('network_id' in r && kind === 'subnet' && { network: String(r.network_id) }),
    })
  return made
}

type By = { subnet_id: string } | { port_id: string }
const byText = (by: By) => ('subnet_id' in by ? `subnet ${by.subnet_id}` : `port ${by.port_id}`)
const interfaceId = (router: RouterT, by: By) => `${router.id}:${'subnet_id' in by ? by.subnet_id : by.port_id}`

export async function addInterface(s: Scope, router: RouterT, by: By): Promise<RouterInterfaceT> {
  const id = interfaceId(router, by)
  // Tracked before it is sent: an add whose answer is lost may have happened, and would keep the
  // router from being deleted; removing one that did not happen is a 404, which counts as gone.
  s.track('router-interface', id, {
    router: router.id,
    ...('subnet_id' in by ? { subnet: by.subnet_id } : { port: by.port_id }),
  })
  const r = await s.api.routerInterface('add', router.id, by)
  const status = r.ok ? undefined : r.error.status
  if (status !== undefined && status >= 400 && status < 500) s.forget('router-interface', id)
  return step(`add a router interface by ${byText(by)}`, Promise.resolve(r))
}

export async function removeInterface(s: Scope, router: RouterT, by: By): Promise<RouterInterfaceT> {
  const i = await step(`remove the router interface by ${byText(by)}`, s.api.routerInterface('remove', router.id, by))
  s.forget('router-interface', interfaceId(router, by))
  return i
}

/** A delete the check itself judges (CRUD, bulk): on success the registry forgets it. */
export async function deleteTracked(
  s: Scope,
  kind: Kind & ('network' | 'subnet' | 'port' | 'router' | 'security-group'),
  id: string,
): Promise<void> {
  await step(`delete the ${kind} ${id}`, s.api.remove(kind, id))
  s.forget(kind, id)
}
