// An in-memory Neutron v2.0 on ::1 for the overlay's own tests: the API shapes and the IPv6 rules
// the checks judge, as Neutron's source and API reference give them (db_base_plugin_v2's mode
// validation, ipv6_utils.is_auto_address_subnet, the subnet-router anycast default gateway the
// lab notes record, NeutronError bodies). It is not Neutron: it shows the harness, the journal and
// the judges working end to end, and `faults` make it misbehave the way a broken cloud would.
import { randomUUID } from 'node:crypto'
import type http from 'node:http'
import {
  addressText,
  addressValue,
  eui64Address,
  inPrefix,
  inRange,
  offsetAddress,
  parseCidr,
  sameAddress,
} from '../../../lib/net/index.ts'
import { serveHttp, type Served } from '../http/servers.ts'

export interface Faults {
  /** Mismatched (ra, address) pairs are accepted. */
  acceptInvalidPairs?: boolean
  /** Ports on auto-address subnets get a pool address instead of their EUI-64. */
  noEui64?: boolean
  /**
   * The policy refuses subnets with ipv6_address_mode dhcpv6-stateful (403 PolicyNotAuthorized),
   * as the lab's policy-no-stateful rule does: checked before the pair is validated, as Neutron's
   * policy is enforced before the plugin sees the request.
   */
  forbidStateful?: boolean
  /** Every DELETE of a router fails with 500. */
  failRouterDelete?: boolean
  /** Milliseconds before each answer: the same for all, or by method and path (a neutron-server slow at some requests). */
  delayMs?: number | ((method: string, path: string) => number)
  /**
   * The nth request (from 1) with this method, whose path holds `path` when one is given (`ports`,
   * `add_router_interface`), or every such request when `nth` is left out, is carried out and never
   * answered: neutron-server hung after its commit, so the client's own timeout fires and what it
   * asked for exists all the same.
   */
  stall?: { method: string; path?: string; nth?: number }
}

type Obj = Record<string, unknown> & { id: string }
const KINDS = {
  networks: 'network',
  subnets: 'subnet',
  ports: 'port',
  routers: 'router',
  'security-groups': 'security_group',
  'security-group-rules': 'security_group_rule',
} as const
type Path = keyof typeof KINDS

class ApiError extends Error {
  readonly status: number
  readonly type: string
  constructor(status: number, type: string, message: string) {
    super(message)
    this.status = status
    this.type = type
  }
}

const jsonOrText = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}
const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z')
const AUTO = new Set(['slaac', 'dhcpv6-stateless'])

export interface FakeNeutron {
  url: string
  token: string
  served: Served
  faults: Faults
  store: Record<Path, Map<string, Obj>>
  /** Every request: method and path, its JSON body, whether it carried the token, when it came and when it was answered (performance.now()). */
  requests: { method: string; path: string; body?: unknown; authed: boolean; at: number; answered?: number }[]
  /** Requests carried out and never answered (faults.stall). */
  readonly stalled: number
  /** Resources whose name starts with `prefix` (what a run left behind). */
  leftovers(prefix: string): Obj[]
  close(): Promise<void>
}

/** What the fake lists at GET /v2.0/extensions unless told otherwise. */
export const FAKE_EXTENSIONS = ['standard-attr-tag', 'router', 'external-net'] as const

/**
 * `extensions` as Neutron would list them; with `tag-ports-during-bulk-creation` a port's POST
 * applies its `tags` (ML2's extension driver), without it they are dropped; any other kind refuses
 * `tags` in a POST, as Neutron's API (tagging.py: allow_post only for ports) does.
 */
export async function fakeNeutron(
  faults: Faults = {},
  token = 'fake-token-1234',
  extensions: readonly string[] = FAKE_EXTENSIONS,
): Promise<FakeNeutron> {
  const store = Object.fromEntries(Object.keys(KINDS).map((k) => [k, new Map<string, Obj>()])) as Record<
    Path,
    Map<string, Obj>
  >
  const requests: FakeNeutron['requests'] = []
  const get = (path: Path, id: string, what: string): Obj => {
    const r = store[path].get(id)
    if (!r) throw new ApiError(404, `${what}NotFound`, `${what} ${id} could not be found.`)
    return r
  }
  const portsOn = (subnetId: string) =>
    [...store.ports.values()].filter((p) =>
      (p.fixed_ips as { subnet_id: string }[]).some((f) => f.subnet_id === subnetId),
    )
  const taken = (subnetId: string) =>
    portsOn(subnetId).flatMap((p) =>
      (p.fixed_ips as { subnet_id: string; ip_address: string }[])
        .filter((f) => f.subnet_id === subnetId)
        .map((f) => f.ip_address),
    )
  const isAuto = (sn: Obj) => AUTO.has(String(sn.ipv6_address_mode)) || AUTO.has(String(sn.ipv6_ra_mode))

  function defaultPools(cidr: string, gateway: string | null): { start: string; end: string }[] {
    const c = parseCidr(cidr)!
    const bits = c.family === 4 ? 32 : 128
    const first = addressValue(c.address)!.value + 1n
    const last = addressValue(c.address)!.value + (1n << BigInt(bits - c.prefixlen)) - (c.family === 4 ? 2n : 1n)
    const g = gateway === null ? undefined : addressValue(gateway)?.value
    const ranges =
      g === undefined || g < first || g > last
        ? [[first, last]]
        : [
            [first, g - 1n],
            [g + 1n, last],
          ]
    return ranges
      .filter(([a, b]) => a! <= b!)
      .map(([a, b]) => ({ start: addressText(c.family, a!), end: addressText(c.family, b!) }))
  }

  function allocate(sn: Obj): string {
    const used = new Set(taken(sn.id).map((a) => addressText(sn.ip_version as 4 | 6, addressValue(a)!.value)))
    for (const p of sn.allocation_pools as { start: string; end: string }[])
      for (let a: string | undefined = p.start; a && inRange(a, p.start, p.end); a = offsetAddress(a, 1n))
        if (!used.has(a)) return a
    throw new ApiError(409, 'IpAddressGenerationFailure', `No more IP addresses available for subnet ${sn.id}.`)
  }

  function createSubnet(b: Record<string, unknown>): Obj {
    const net = get('networks', String(b.network_id), 'Network')
    const c = parseCidr(String(b.cidr))
    if (!c)
      throw new ApiError(
        400,
        'InvalidInput',
        `Invalid input for cidr. Reason: '${String(b.cidr)}' is not a valid IP subnet.`,
      )
    const v = Number(b.ip_version ?? 4)
    const ra = (b.ipv6_ra_mode as string | undefined) ?? null
    const am = (b.ipv6_address_mode as string | undefined) ?? null
    if (faults.forbidStateful && am === 'dhcpv6-stateful')
      throw new ApiError(
        403,
        'PolicyNotAuthorized',
        '(rule:create_subnet and rule:create_subnet:ipv6_address_mode) is disallowed by policy.',
      )
    if (v === 6 && ra && am && ra !== am && !faults.acceptInvalidPairs)
      throw new ApiError(
        400,
        'InvalidInput',
        `Invalid input for operation: ipv6_ra_mode set to '${ra}' with ipv6_address_mode set to '${am}' is not valid. If both attributes are set, they must be the same value.`,
      )
    if (v === 6 && (AUTO.has(ra ?? '') || AUTO.has(am ?? '')) && c.prefixlen !== 64)
      throw new ApiError(
        400,
        'InvalidInput',
        `Invalid input for operation: Invalid CIDR ${String(b.cidr)} for IPv6 address mode. OpenStack uses the EUI-64 address format, which requires the prefix to be /64.`,
      )
    const gateway =
      b.gateway_ip === null
        ? null
        : b.gateway_ip !== undefined
          ? String(b.gateway_ip)
          : v === 6
            ? c.address
            : offsetAddress(c.address, 1n)!
    const pools =
      (b.allocation_pools as { start: string; end: string }[] | undefined) ?? defaultPools(String(b.cidr), gateway)
    if (gateway && pools.some((p) => inRange(gateway, p.start, p.end)))
      throw new ApiError(
        409,
        'GatewayConflictWithAllocationPools',
        `Gateway ip ${gateway} conflicts with allocation pool.`,
      )
    const sn: Obj = {
      id: randomUUID(),
      name: b.name ?? '',
      network_id: net.id,
      ip_version: v,
      cidr: `${c.address}/${c.prefixlen}`,
      gateway_ip: gateway,
      allocation_pools: pools,
      enable_dhcp: b.enable_dhcp ?? true,
      ipv6_ra_mode: ra,
      ipv6_address_mode: am,
      dns_nameservers: b.dns_nameservers ?? [],
      host_routes: b.host_routes ?? [],
      tags: [],
      created_at: now(),
    }
    store.subnets.set(sn.id, sn)
    ;(net.subnets as string[]).push(sn.id)
    return sn
  }

  function createPort(b: Record<string, unknown>, owner: { device_id?: string; device_owner?: string } = {}): Obj {
    const net = get('networks', String(b.network_id), 'Network')
    const mac = String(
      b.mac_address ??
        `fa:16:3e:${randomUUID()
          .slice(0, 6)
          .replace(/(..)(..)(..)/, '$1:$2:$3')}`,
    )
    const subnets = (net.subnets as string[]).map((id) => store.subnets.get(id)!).filter(Boolean)
    const asked = b.fixed_ips as { subnet_id?: string; ip_address?: string }[] | undefined
    const ips: { subnet_id: string; ip_address: string }[] = []
    for (const f of asked ?? []) {
      const sn = get('subnets', String(f.subnet_id), 'Subnet')
      if (f.ip_address === undefined)
        ips.push({
          subnet_id: sn.id,
          ip_address: isAuto(sn) && !faults.noEui64 ? eui64Address(String(sn.cidr), mac) : allocate(sn),
        })
      else if (!inPrefix(f.ip_address, String(sn.cidr)))
        throw new ApiError(
          400,
          'InvalidIpForSubnet',
          `IP address ${f.ip_address} is not a valid IP for the specified subnet.`,
        )
      else if (taken(sn.id).some((a) => sameAddress(a, f.ip_address!)))
        throw new ApiError(
          409,
          'IpAddressAlreadyAllocated',
          `IP address ${f.ip_address} already allocated in subnet ${sn.id}`,
        )
      else ips.push({ subnet_id: sn.id, ip_address: f.ip_address })
    }
    const router = owner.device_owner?.startsWith('network:router_interface')
    for (const sn of subnets) {
      if (ips.some((x) => x.subnet_id === sn.id) || router) continue
      // Every auto-address subnet of the network gives an address; else one subnet per family.
      if (sn.ip_version === 6 && isAuto(sn))
        ips.push({ subnet_id: sn.id, ip_address: faults.noEui64 ? allocate(sn) : eui64Address(String(sn.cidr), mac) })
      else if (
        !asked &&
        !ips.some(
          (x) =>
            store.subnets.get(x.subnet_id)?.ip_version === sn.ip_version && !isAuto(store.subnets.get(x.subnet_id)!),
        )
      )
        ips.push({ subnet_id: sn.id, ip_address: allocate(sn) })
    }
    const p: Obj = {
      id: randomUUID(),
      name: b.name ?? '',
      network_id: net.id,
      mac_address: mac,
      fixed_ips: ips,
      admin_state_up: b.admin_state_up ?? true,
      device_id: '',
      device_owner: '',
      tags: extensions.includes('tag-ports-during-bulk-creation') ? ((b.tags as string[] | undefined) ?? []) : [],
      created_at: now(),
      ...owner,
    }
    store.ports.set(p.id, p)
    return p
  }

  function createRule(b: Record<string, unknown>): Obj {
    get('security-groups', String(b.security_group_id), 'SecurityGroup')
    const prefix = b.remote_ip_prefix as string | undefined
    const family = prefix ? parseCidr(prefix)?.family : undefined
    if (family !== undefined && `IPv${family}` !== (b.ethertype ?? 'IPv4'))
      throw new ApiError(
        400,
        'SecurityGroupRuleParameterConflict',
        `Conflicting value ethertype ${String(b.ethertype)} for CIDR ${prefix}`,
      )
    const r: Obj = {
      id: randomUUID(),
      security_group_id: b.security_group_id,
      direction: b.direction,
      ethertype: b.ethertype ?? 'IPv4',
      protocol: b.protocol ?? null,
      port_range_min: b.port_range_min ?? null,
      port_range_max: b.port_range_max ?? null,
      remote_ip_prefix: prefix ?? null,
      created_at: now(),
    }
    store['security-group-rules'].set(r.id, r)
    return r
  }

  function createGroup(b: Record<string, unknown>): Obj {
    const g: Obj = {
      id: randomUUID(),
      name: b.name ?? '',
      description: b.description ?? '',
      tags: [],
      created_at: now(),
    }
    store['security-groups'].set(g.id, g)
    for (const e of ['IPv4', 'IPv6']) createRule({ security_group_id: g.id, direction: 'egress', ethertype: e })
    return g
  }

  const create: Record<Path, (b: Record<string, unknown>) => Obj> = {
    networks: (b) => {
      const n: Obj = {
        id: randomUUID(),
        name: b.name ?? '',
        description: b.description ?? '',
        status: 'ACTIVE',
        admin_state_up: true,
        subnets: [],
        tags: [],
        created_at: now(),
      }
      store.networks.set(n.id, n)
      return n
    },
    subnets: createSubnet,
    ports: (b) => createPort(b),
    routers: (b) => {
      const r: Obj = {
        id: randomUUID(),
        name: b.name ?? '',
        admin_state_up: b.admin_state_up ?? true,
        status: 'ACTIVE',
        external_gateway_info: null,
        tags: [],
        created_at: now(),
      }
      store.routers.set(r.id, r)
      return r
    },
    'security-groups': createGroup,
    'security-group-rules': createRule,
  }

  function remove(path: Path, id: string): void {
    const what = {
      networks: 'Network',
      subnets: 'Subnet',
      ports: 'Port',
      routers: 'Router',
      'security-groups': 'SecurityGroup',
      'security-group-rules': 'SecurityGroupRule',
    }[path]
    const r = get(path, id, what)
    if (path === 'networks') {
      if ([...store.ports.values()].some((p) => p.network_id === id))
        throw new ApiError(
          409,
          'NetworkInUse',
          `Unable to complete operation on network ${id}. There are one or more ports still in use on the network.`,
        )
      for (const s of r.subnets as string[]) store.subnets.delete(s)
    }
    if (path === 'subnets') {
      const ports = portsOn(id)
      if (ports.length && !isAuto(r))
        throw new ApiError(
          409,
          'SubnetInUse',
          `Unable to complete operation on subnet ${id}: One or more ports have an IP allocation from this subnet.`,
        )
      for (const p of ports) p.fixed_ips = (p.fixed_ips as { subnet_id: string }[]).filter((f) => f.subnet_id !== id)
      const net = store.networks.get(String(r.network_id))
      if (net) net.subnets = (net.subnets as string[]).filter((s) => s !== id)
    }
    if (path === 'ports' && String(r.device_owner).startsWith('network:router_interface'))
      throw new ApiError(
        409,
        'PortInUse',
        `Port ${id} cannot be deleted directly via the port API: has device owner network:router_interface.`,
      )
    if (path === 'routers') {
      if (faults.failRouterDelete)
        throw new ApiError(
          500,
          'HTTPInternalServerError',
          'Request Failed: internal server error while processing your request.',
        )
      if ([...store.ports.values()].some((p) => p.device_id === id))
        throw new ApiError(409, 'RouterInUse', `Router ${id} still has ports`)
    }
    if (path === 'security-groups')
      for (const [k, x] of store['security-group-rules'])
        if (x.security_group_id === id) store['security-group-rules'].delete(k)
    store[path].delete(id)
  }

  function routerInterface(op: string, routerId: string, b: Record<string, unknown>): Record<string, unknown> {
    const router = get('routers', routerId, 'Router')
    if (op === 'add_router_interface') {
      if (b.subnet_id) {
        const sn = get('subnets', String(b.subnet_id), 'Subnet')
        if (!sn.gateway_ip)
          throw new ApiError(
            400,
            'BadRequest',
            'Bad router request: Subnet for router interface must have a gateway IP.',
          )
        const p = createPort(
          { network_id: sn.network_id, fixed_ips: [{ subnet_id: sn.id, ip_address: sn.gateway_ip }] },
          { device_id: router.id, device_owner: 'network:router_interface' },
        )
        return { id: router.id, subnet_id: sn.id, subnet_ids: [sn.id], port_id: p.id, network_id: sn.network_id }
      }
      const p = get('ports', String(b.port_id), 'Port')
      if (p.device_id) throw new ApiError(409, 'PortInUse', `Port ${p.id} is in use by ${String(p.device_id)}`)
      Object.assign(p, { device_id: router.id, device_owner: 'network:router_interface' })
      const sid = (p.fixed_ips as { subnet_id: string }[])[0]?.subnet_id ?? ''
      return { id: router.id, subnet_id: sid, subnet_ids: [sid], port_id: p.id, network_id: p.network_id }
    }
    const p = [...store.ports.values()].find(
      (x) =>
        x.device_id === router.id &&
        (b.port_id
          ? x.id === b.port_id
          : (x.fixed_ips as { subnet_id: string }[]).some((f) => f.subnet_id === b.subnet_id)),
    )
    if (!p)
      throw new ApiError(
        404,
        b.port_id ? 'RouterInterfaceNotFound' : 'RouterInterfaceNotFoundForSubnet',
        `Router ${router.id} has no interface for ${String(b.port_id ?? b.subnet_id)}.`,
      )
    store.ports.delete(p.id)
    const sid = (p.fixed_ips as { subnet_id: string }[])[0]?.subnet_id ?? ''
    return { id: router.id, subnet_id: sid, subnet_ids: [sid], port_id: p.id, network_id: p.network_id }
  }

  const filterBy = (items: Obj[], q: URLSearchParams) =>
    items.filter((x) =>
      [...new Set(q.keys())]
        .filter((k) => k !== 'fields')
        .every((k) => {
          const want = q.getAll(k)
          if (k === 'tags') return want.every((t) => (x.tags as string[] | undefined)?.includes(t))
          return want.includes(String(x[k]))
        }),
    )
  const pick = (x: Obj, q: URLSearchParams) =>
    q.getAll('fields').length ? Object.fromEntries(q.getAll('fields').map((f) => [f, x[f]])) : x

  function handle(method: string, url: URL, body: Record<string, unknown> | undefined): [number, unknown] {
    const parts = url.pathname.replace(/^\/v2\.0\//, '').split('/')
    const [path, id, sub, tag] = parts as [string, string | undefined, string | undefined, string | undefined]
    if (path === 'extensions' && method === 'GET')
      return [200, { extensions: extensions.map((alias) => ({ alias, name: alias })) }]
    if (!(path in KINDS)) throw new ApiError(404, 'HTTPNotFound', 'The resource could not be found.')
    const p = path as Path
    const key = KINDS[p]
    const plural =
      key === 'security_group' ? 'security_groups' : key === 'security_group_rule' ? 'security_group_rules' : p
    if (id === undefined && method === 'POST') {
      const many = body?.[plural] as Record<string, unknown>[] | undefined
      const items = many ?? [(body?.[key] as Record<string, unknown> | undefined) ?? {}]
      if (p !== 'ports' && items.some((b) => 'tags' in b))
        throw new ApiError(400, 'HTTPBadRequest', "Attribute 'tags' not allowed in POST")
      if (many) return [201, { [plural]: many.map((b) => create[p](b)) }]
      return [201, { [key]: create[p]((body?.[key] as Record<string, unknown>) ?? {}) }]
    }
    if (id === undefined && method === 'GET')
      return [
        200,
        { [plural]: filterBy([...store[p].values()], url.searchParams).map((x) => pick(x, url.searchParams)) },
      ]
    if (id === undefined) throw new ApiError(405, 'HTTPMethodNotAllowed', 'method not allowed')
    if (sub === 'tags' && method === 'PUT') {
      const r = get(p, id, key)
      r.tags = tag ? [...new Set([...(r.tags as string[]), tag])] : (body?.tags as string[])
      return [tag ? 201 : 200, tag ? undefined : { tags: r.tags }]
    }
    if (p === 'routers' && sub && method === 'PUT') return [200, routerInterface(sub, id, body ?? {})]
    if (method === 'GET') return [200, { [key]: pick(get(p, id, key), url.searchParams) }]
    if (method === 'PUT')
      return [200, { [key]: Object.assign(get(p, id, key), (body?.[key] as Record<string, unknown>) ?? {}) }]
    if (method === 'DELETE') return (remove(p, id), [204, undefined])
    throw new ApiError(405, 'HTTPMethodNotAllowed', 'method not allowed')
  }

  let matching = 0
  let stalled = 0
  const stalls = (method: string, url: URL): boolean => {
    const st = faults.stall
    if (!st || st.method !== method || !url.pathname.includes(st.path ?? '')) return false
    return ++matching === st.nth || st.nth === undefined
  }

  const served = await serveHttp('::1', (req: http.IncomingMessage, res: http.ServerResponse) => {
    let text = ''
    req.on('data', (c: Buffer) => (text += c.toString()))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake')
      const authed = req.headers['x-auth-token'] === token
      const seen: FakeNeutron['requests'][number] = {
        method: req.method ?? '',
        path: `${url.pathname}${url.search}`,
        ...(text && { body: jsonOrText(text) }),
        authed,
        at: performance.now(),
      }
      requests.push(seen)
      const answer = () => {
        if (!authed)
          return res.writeHead(401, { 'content-type': 'application/json' }).end(
            JSON.stringify({
              error: {
                code: 401,
                title: 'Unauthorized',
                message: 'The request you have made requires authentication.',
              },
            }),
          )
        let status: number
        let out: string
        try {
          const [s, doc] = handle(
            req.method ?? 'GET',
            url,
            text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
          )
          ;[status, out] = [s, doc === undefined ? '' : JSON.stringify(doc)]
        } catch (e) {
          if (!(e instanceof ApiError)) throw e
          ;[status, out] = [
            e.status,
            JSON.stringify({ NeutronError: { type: e.type, message: e.message, detail: '' } }),
          ]
        }
        // Done, and the answer never leaves: the socket stays open until the client gives up or close().
        if (stalls(req.method ?? '', url)) return void stalled++
        seen.answered = performance.now()
        res.writeHead(status, { 'content-type': 'application/json' }).end(out)
      }
      const delay =
        typeof faults.delayMs === 'function'
          ? faults.delayMs(req.method ?? '', `${url.pathname}${url.search}`)
          : (faults.delayMs ?? 0)
      if (delay > 0) setTimeout(answer, delay)
      else answer()
    })
  })
  return {
    url: `http://[::1]:${served.port}`,
    token,
    served,
    faults,
    store,
    requests,
    get stalled() {
      return stalled
    },
    leftovers: (prefix) =>
      Object.values(store).flatMap((m) =>
        [...m.values()].filter((x) => typeof x.name === 'string' && x.name.startsWith(prefix)),
      ),
    close: () => served.close(),
  }
}
