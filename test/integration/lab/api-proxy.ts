// A fault-injecting reverse proxy in front of the lab's real Keystone and Neutron, for the API
// fault tests (issue 7). It runs inside the management namespace, where the lab is reachable:
//   ip netns exec v6lab-mgmt node --import tsx api-proxy.ts LOG FAULT
// and listens on two ports of [::1], one per service, so that Neutron's paths stay as they are.
// The catalog of every token it passes on names its own Neutron port as the network service, so
// the overlay talks to Neutron through it. FAULT is `keystone-500` (POST /v3/auth/tokens answered
// 500, nothing forwarded) or `stall:METHOD:PATH:N` (the Nth Neutron request of that method whose
// path holds PATH is carried out by Neutron and its answer never sent: the socket stays open).
// Each request is appended to LOG as one JSON line: method, path, status and the ids and names of
// what it created, never a header or a body (they carry the token and the password). The ports go
// to stdout as one JSON line once both listen. It exits when its stdin closes, so a test runner
// that dies takes it along.
import { appendFileSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { pathToFileURL } from 'node:url'
import { request } from 'undici'
import { keystoneRoot } from '../../../lab/keystone.ts'
import { neutronUrl } from '../../../lab/neutron.ts'

export type ProxyFault = { kind: 'keystone-500' } | { kind: 'stall'; method: string; path: string; nth: number }

export interface ProxyPorts {
  keystone: number
  neutron: number
}

/** One request as LOG holds it. */
export interface Logged {
  service: 'keystone' | 'neutron'
  method: string
  path: string
  /** What the client got, or for a stalled request what Neutron answered. */
  status: number
  /** Sent on to the service. */
  forwarded: boolean
  /** The answer reached the client. */
  answered: boolean
  /** The resources a create's answer holds. */
  created?: { id: string; name?: string }[]
}

export function parseFault(arg: string): ProxyFault | undefined {
  if (arg === 'keystone-500') return { kind: 'keystone-500' }
  const m = /^stall:([A-Z]+):([^:]*):(\d+)$/.exec(arg)
  return m ? { kind: 'stall', method: m[1]!, path: m[2]!, nth: Number(m[3]) } : undefined
}

/** A lab service's URL with its host and port replaced by a proxy port on the namespace's ::1. */
export function proxied(url: string, port: number): string {
  const u = new URL(url)
  u.host = `[::1]:${port}`
  return u.href.replace(/\/$/, '')
}

type Json = Record<string, unknown>
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)

/** A token document whose catalog lists `url` for every endpoint of the network service. */
export function withNetworkAt(doc: unknown, url: string): unknown {
  if (!isObject(doc)) return doc
  const token = doc.token
  if (!isObject(token) || !Array.isArray(token.catalog)) return doc
  const catalog = token.catalog.map((s: unknown) =>
    isObject(s) && s.type === 'network' && Array.isArray(s.endpoints)
      ? { ...s, endpoints: s.endpoints.map((e: unknown) => (isObject(e) ? { ...e, url } : e)) }
      : s,
  )
  return { ...doc, token: { ...token, catalog } }
}

/** The id and name of each resource in a Neutron answer (`{"port": …}` or a bulk `{"ports": […]}`). */
export function createdIn(doc: unknown): { id: string; name?: string }[] {
  if (!isObject(doc)) return []
  return Object.values(doc)
    .flatMap((v) => (Array.isArray(v) ? v : [v]))
    .flatMap((r: unknown) =>
      isObject(r) && typeof r.id === 'string'
        ? [{ id: r.id, ...(typeof r.name === 'string' && { name: r.name }) }]
        : [],
    )
}

// Hop-by-hop or recomputed here: undici refuses some, and the body may be rewritten. Without
// accept-encoding the token document comes back as plain JSON.
const DROPPED = new Set([
  'host',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'accept-encoding',
  'content-encoding',
  'upgrade',
  'expect',
])
const kept = (h: http.IncomingHttpHeaders): Record<string, string | string[]> =>
  Object.fromEntries(
    Object.entries(h).filter((e): e is [string, string | string[]] => e[1] !== undefined && !DROPPED.has(e[0])),
  )

const readBody = (req: http.IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.once('end', () => resolve(Buffer.concat(chunks)))
    req.once('error', reject)
  })

const parseJson = (b: Buffer): unknown => {
  try {
    return JSON.parse(b.toString('utf8')) as unknown
  } catch {
    return undefined
  }
}

async function forward(upstream: string, req: http.IncomingMessage, body: Buffer) {
  const r = await request(`${upstream}${req.url ?? '/'}`, {
    method: (req.method ?? 'GET') as 'GET',
    headers: kept(req.headers),
    ...(body.length && { body }),
  })
  return { status: r.statusCode, headers: kept(r.headers), body: Buffer.from(await r.body.arrayBuffer()) }
}

const send = (res: http.ServerResponse, status: number, headers: Record<string, string | string[]>, body: Buffer) =>
  res.writeHead(status, { ...headers, 'content-length': String(body.length) }).end(body)

/** What Keystone answers for an unexpected exception (keystone.exception.UnexpectedError). */
export const KEYSTONE_500_ERROR = {
  code: 500,
  title: 'Internal Server Error',
  message: 'An unexpected error prevented the server from fulfilling your request.',
} as const
const KEYSTONE_500 = Buffer.from(JSON.stringify({ error: KEYSTONE_500_ERROR }))

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer) => Promise<Logged>

async function serve(handle: Handler, log: string): Promise<number> {
  const server = http.createServer((req, res) => {
    readBody(req)
      .then((body) => handle(req, res, body))
      .then((entry) => appendFileSync(log, `${JSON.stringify(entry)}\n`))
      .catch((e: unknown) => {
        console.error(`api-proxy: ${req.method} ${req.url}: ${e instanceof Error ? e.message : String(e)}`)
        if (!res.headersSent) res.writeHead(502).end()
      })
  })
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '::1', resolve))
  return (server.address() as AddressInfo).port
}

async function main(): Promise<void> {
  const [log, faultArg] = process.argv.slice(2)
  const fault = parseFault(faultArg ?? '')
  if (!log || !fault) throw new Error('usage: api-proxy.ts LOG keystone-500|stall:METHOD:PATH:N')
  let matching = 0
  const neutron = await serve(async (req, res, body) => {
    const method = req.method ?? 'GET'
    const path = req.url ?? '/'
    // Counted as requests arrive, not as Neutron answers them.
    const stalls =
      fault.kind === 'stall' && method === fault.method && path.includes(fault.path) && ++matching === fault.nth
    const r = await forward(neutronUrl(), req, body)
    const created = method === 'POST' ? createdIn(parseJson(r.body)) : []
    // Neutron has done it; the client never hears so, and waits until its own timeout.
    if (!stalls) send(res, r.status, r.headers, r.body)
    return {
      service: 'neutron',
      method,
      path,
      status: r.status,
      forwarded: true,
      answered: !stalls,
      ...(created.length && { created }),
    }
  }, log)
  const networkUrl = proxied(neutronUrl(), neutron)
  const keystone = await serve(async (req, res, body) => {
    const method = req.method ?? 'GET'
    const path = req.url ?? '/'
    const isAuth = method === 'POST' && path.split('?')[0] === '/v3/auth/tokens'
    if (isAuth && fault.kind === 'keystone-500') {
      send(res, 500, { 'content-type': 'application/json' }, KEYSTONE_500)
      return { service: 'keystone', method, path, status: 500, forwarded: false, answered: true }
    }
    const r = await forward(keystoneRoot(), req, body)
    const doc = isAuth && r.status === 201 ? parseJson(r.body) : undefined
    send(
      res,
      r.status,
      r.headers,
      doc === undefined ? r.body : Buffer.from(JSON.stringify(withNetworkAt(doc, networkUrl))),
    )
    return { service: 'keystone', method, path, status: r.status, forwarded: true, answered: true }
  }, log)
  const ports: ProxyPorts = { keystone, neutron }
  console.log(JSON.stringify(ports))
  process.stdin.once('close', () => process.exit(0)).resume()
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main()
