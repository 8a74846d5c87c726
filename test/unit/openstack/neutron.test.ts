// The Neutron client against real HTTP servers on ::1 that answer as Neutron documents: request
// shapes, answers parsed (or refused as the wrong shape), errors as data, the token only in its
// header, and a name pinned to our own AAAA set so that IPv4 is never dialled.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  apiBase,
  closeNeutronAgents,
  neutron,
  queryString,
  type NeutronEndpoint,
} from '../../../lib/openstack/neutron.ts'
import type { ApiCall } from '../../../lib/openstack/neutron-error.ts'
import { serveHttp, serveTcp, type Served } from '../http/servers.ts'

const TOKEN = 'gAAAAAB-unit-token'
interface Seen {
  method: string
  url: string
  token: string | undefined
  body: unknown
}
let seen: Seen[] = []
let server: Served
let v4: Served
let silent: Served

const network = (id: string, name: string) => ({
  id,
  name,
  status: 'ACTIVE',
  admin_state_up: true,
  subnets: [],
  tags: [],
  created_at: '2026-11-24T00:00:00Z',
  'router:external': false,
  mtu: 1450,
})
const json = (status: number, doc?: unknown) => [status, doc] as const

/** What the scripted Neutron answers, by method and path. */
function script(method: string, path: string, body: Record<string, unknown> | undefined): readonly [number, unknown?] {
  if (method === 'POST' && path === '/v2.0/networks' && body?.networks)
    return json(201, { networks: (body.networks as { name: string }[]).map((n, i) => network(`n${i}`, n.name)) })
  if (method === 'POST' && path === '/v2.0/networks')
    return json(201, { network: network('n1', (body?.network as { name: string }).name) })
  if (method === 'POST' && path === '/v2.0/subnets')
    return json(400, {
      NeutronError: {
        type: 'InvalidInput',
        message:
          "Invalid input for operation: ipv6_ra_mode set to 'slaac' with ipv6_address_mode set to 'dhcpv6-stateful' is not valid.",
        detail: '',
      },
    })
  if (method === 'GET' && path.startsWith('/v2.0/ports?')) return json(200, { ports: [{ id: 'p1', network_id: 'n1' }] }) // no mac_address, no fixed_ips
  if (method === 'DELETE' && path === '/v2.0/networks/gone')
    return json(404, {
      NeutronError: { type: 'NetworkNotFound', message: 'Network gone could not be found.', detail: '' },
    })
  if (method === 'DELETE') return json(204)
  if (method === 'PUT' && path === '/v2.0/routers/r1/add_router_interface')
    return json(200, {
      id: 'r1',
      subnet_id: 's1',
      subnet_ids: ['s1'],
      port_id: 'p9',
      network_id: 'n1',
      tenant_id: 't',
      project_id: 't',
    })
  if (method === 'PUT' && path.endsWith('/tags')) return json(200, body)
  if (method === 'GET' && path === '/v2.0/extensions')
    return json(200, {
      extensions: [
        { alias: 'standard-attr-tag', name: 'Tag support' },
        { alias: 'router', name: 'Neutron L3 Router' },
      ],
    })
  if (method === 'GET' && path === '/v2.0/html') return [502, '<html><h1>502 Bad Gateway</h1></html>']
  return json(404, { NeutronError: { type: 'HTTPNotFound', message: 'The resource could not be found.', detail: '' } })
}

beforeAll(async () => {
  server = await serveHttp('::1', (req, res) => {
    let text = ''
    req.on('data', (c: Buffer) => (text += c.toString()))
    req.on('end', () => {
      const body = text ? (JSON.parse(text) as Record<string, unknown>) : undefined
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        token: req.headers['x-auth-token'] as string | undefined,
        body,
      })
      const [status, doc] = script(req.method ?? '', req.url ?? '', body)
      res
        .writeHead(status, { 'content-type': typeof doc === 'string' ? 'text/html' : 'application/json' })
        .end(doc === undefined ? '' : typeof doc === 'string' ? doc : JSON.stringify(doc))
    })
  })
  v4 = await serveHttp('127.0.0.1', (_q, r) => r.writeHead(500).end())
  silent = await serveTcp('::1')
})
afterAll(async () => {
  await closeNeutronAgents()
  await Promise.all([server.close(), v4.close(), silent.close()])
})

const endpoint = (over: Partial<NeutronEndpoint> = {}): NeutronEndpoint => ({
  url: `http://[::1]:${server.port}`,
  token: TOKEN,
  timeoutMs: 3000,
  ...over,
})

describe('neutron client', () => {
  test('create: {"network": {...}} in, the network out, the token in X-Auth-Token only, each call logged', async () => {
    seen = []
    const calls: ApiCall[] = []
    const r = await neutron(endpoint(), { onCall: (c) => calls.push(c) }).create('network', { name: 'v6ready-x' })
    expect(r).toMatchObject({
      ok: true,
      status: 201,
      value: { id: 'n1', name: 'v6ready-x', status: 'ACTIVE', mtu: 1450 },
    })
    expect(seen).toEqual([
      { method: 'POST', url: '/v2.0/networks', token: TOKEN, body: { network: { name: 'v6ready-x' } } },
    ])
    expect(calls).toEqual([
      { method: 'POST', url: `http://[::1]:${server.port}/v2.0/networks`, status: 201, ms: expect.any(Number) },
    ])
  })

  test('bulk create: one POST with {"networks": [...]}', async () => {
    seen = []
    const r = await neutron(endpoint()).createBulk('network', [{ name: 'a' }, { name: 'b' }])
    expect(r.ok && r.value.map((n) => n.name)).toEqual(['a', 'b'])
    expect(seen.map((s) => s.body)).toEqual([{ networks: [{ name: 'a' }, { name: 'b' }] }])
  })

  test("an API error is data: method, URL, status, Neutron's type and message; never the token", async () => {
    const r = await neutron(endpoint()).create('subnet', { network_id: 'n1', ip_version: 6, cidr: '2001:db8::/64' })
    expect(r).toEqual({
      ok: false,
      error: {
        method: 'POST',
        url: `http://[::1]:${server.port}/v2.0/subnets`,
        status: 400,
        type: 'InvalidInput',
        message: expect.stringMatching(/^Invalid input for operation: ipv6_ra_mode set to 'slaac'/),
      },
    })
    expect(JSON.stringify(r)).not.toContain(TOKEN)
  })

  test('an answer without the fields a check reads is a BadResponse, not a crash', async () => {
    const r = await neutron(endpoint()).list('port', { network_id: 'n1' })
    expect(r).toMatchObject({
      ok: false,
      error: {
        status: 200,
        type: 'BadResponse',
        message: expect.stringMatching(/^no valid "ports" in the answer \(0\.(mac_address|fixed_ips): /),
      },
    })
  })

  test('a 404 on delete comes back as such (the sweep counts it as gone); 204 is ok', async () => {
    const api = neutron(endpoint())
    expect(await api.remove('network', 'gone')).toMatchObject({
      ok: false,
      error: { status: 404, type: 'NetworkNotFound' },
    })
    expect(await api.remove('security-group', 'g1')).toEqual({ ok: true, value: undefined, status: 204 })
    expect(seen.at(-1)).toMatchObject({ method: 'DELETE', url: '/v2.0/security-groups/g1' })
  })

  test('router interfaces, tags and extensions: the documented paths and bodies', async () => {
    seen = []
    const api = neutron(endpoint())
    expect(await api.routerInterface('add', 'r1', { subnet_id: 's1' })).toMatchObject({
      ok: true,
      value: { id: 'r1', subnet_id: 's1', port_id: 'p9' },
    })
    expect((await api.setTags('port', 'p9', ['v6ready', 'v6ready-r'])).ok).toBe(true)
    expect(await api.extensions()).toMatchObject({ ok: true, value: ['standard-attr-tag', 'router'] })
    expect(seen.map((s) => [s.method, s.url, s.body])).toEqual([
      ['PUT', '/v2.0/routers/r1/add_router_interface', { subnet_id: 's1' }],
      ['PUT', '/v2.0/ports/p9/tags', { tags: ['v6ready', 'v6ready-r'] }],
      ['GET', '/v2.0/extensions', undefined],
    ])
  })

  test('a proxy page is squeezed into the message', async () => {
    expect(await neutron(endpoint()).raw('html')).toMatchObject({
      ok: false,
      error: { status: 502, message: '502 Bad Gateway' },
    })
  })

  test('nothing is sent to create while the run is being interrupted', async () => {
    seen = []
    const r = await neutron(endpoint(), { refuseCreate: () => 'stopping' }).create('network', { name: 'x' })
    expect(r).toMatchObject({ ok: false, error: { type: 'Interrupted', message: 'stopping' } })
    expect(seen).toEqual([])
  })

  test('a name is pinned to our own AAAA set: IPv4 entries are never dialled', async () => {
    const r = await neutron(
      endpoint({ url: `http://neutron.lab.test:${server.port}/`, addresses: ['127.0.0.1', '::1'] }),
    ).extensions()
    expect(r.ok).toBe(true)
    const none = await neutron(
      endpoint({ url: `http://neutron.lab.test:${v4.port}`, addresses: ['127.0.0.1', '::ffff:127.0.0.1'] }),
    ).extensions()
    expect(none).toMatchObject({
      ok: false,
      error: { type: 'ERR_NOT_IPV6', message: expect.stringMatching(/^no IPv6 address to connect to/) },
    })
    expect(v4.connections).toBe(0)
  })

  test('no answer in time is a timeout; nothing listening is ECONNREFUSED', async () => {
    expect(await neutron(endpoint({ url: `http://[::1]:${silent.port}`, timeoutMs: 300 })).extensions()).toMatchObject({
      ok: false,
      error: { type: 'timeout' },
    })
    await silent.close()
    expect(await neutron(endpoint({ url: `http://[::1]:${silent.port}` })).extensions()).toMatchObject({
      ok: false,
      error: { type: 'ECONNREFUSED' },
    })
  })

  test('the catalog URL may carry /v2.0 already; query values repeat for lists', () => {
    expect(apiBase('http://[2001:db8::11]:9696/')).toBe('http://[2001:db8::11]:9696/v2.0')
    expect(apiBase('http://[2001:db8::11]:9696/v2.0/')).toBe('http://[2001:db8::11]:9696/v2.0')
    expect(queryString({ id: ['a', 'b'], fields: 'id', tags: 'v6ready' })).toBe('?id=a&id=b&fields=id&tags=v6ready')
    expect(queryString({})).toBe('')
  })
})
