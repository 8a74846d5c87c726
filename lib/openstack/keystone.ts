// Keystone v3: password authentication scoped to a project, and the service catalog from the
// token. Pure parts (the request body, the catalog, the error) are separate from the one request.
import type { LookupFunction } from 'node:net'
import { rememberSecrets } from '../secrets/known.ts'
import { Agent, request } from 'undici'
import { notIPv6 } from '../net/index.ts'

export interface Credentials {
  authUrl: string
  username: string
  password: string
  project: string
  userDomain: string
  projectDomain: string
  region?: string
}

export interface CatalogEntry {
  /** The service type: identity, network, compute... */
  service: string
  name: string
  interface: 'public' | 'internal' | 'admin'
  region: string
  url: string
}

export interface KeystoneError {
  method: string
  url: string
  status?: number
  message: string
}

export type AuthResult =
  | { ok: true; token: string; expiresAt: string; catalog: CatalogEntry[]; ms: number }
  | { ok: false; error: KeystoneError; ms: number }

/** The tokens URL: auth_url may be given with or without /v3 (as the OpenStack clients accept). */
export function tokensUrl(authUrl: string): string {
  const base = authUrl.replace(/\/+$/, '')
  return `${/\/v3$/.test(base) ? base : `${base}/v3`}/auth/tokens`
}

export function authBody(c: Credentials): unknown {
  return {
    auth: {
      identity: { methods: ['password'], password: { user: { name: c.username, domain: { name: c.userDomain }, password: c.password } } },
      scope: { project: { name: c.project, domain: { name: c.projectDomain } } },
    },
  }
}

interface TokenJson {
  token?: {
    expires_at?: string
    catalog?: { type?: string; name?: string; endpoints?: { interface?: string; region?: string; region_id?: string; url?: string }[] }[]
  }
}

const INTERFACES = new Set(['public', 'internal', 'admin'])

/** Every endpoint of every service, one entry per interface; `region` filters when given. */
export function parseCatalog(body: unknown, region?: string): CatalogEntry[] {
  const catalog = (body as TokenJson).token?.catalog ?? []
  return catalog.flatMap((s) =>
    (s.endpoints ?? [])
      .filter((e) => e.url !== undefined && INTERFACES.has(e.interface ?? ''))
      .map((e) => ({
        service: s.type ?? '?',
        name: s.name ?? '',
        interface: e.interface as CatalogEntry['interface'],
        region: e.region_id ?? e.region ?? '',
        url: e.url as string,
      }))
      .filter((e) => region === undefined || e.region === region),
  )
}

/** Keystone's error document ({"error": {code, title, message}}) in one line; never the request. */
export function errorMessage(status: number, body: string): string {
  try {
    const e = (JSON.parse(body) as { error?: { title?: string; message?: string } }).error
    if (e?.message) return `${status} ${e.title ?? ''}: ${e.message}`.replace(/ :/, ':')
  } catch {
    // not JSON: an HTML page from a proxy, say
  }
  return `${status}: ${body.replace(/\s+/g, ' ').slice(0, 200)}`
}

/**
 * POST /v3/auth/tokens over IPv6 only (family 6; an IPv6 literal needs no lookup), trusting
 * `ca` alone when it is given. Network and API failures come back as data.
 */
export interface AuthOptions {
  ca?: string
  timeoutMs: number
  signal?: AbortSignal
  /** The auth URL's AAAA set from our own DNS client: a name connects there, never to the system's answer. */
  addresses?: readonly string[]
}

/**
 * What to do when Keystone gave no token: a 5xx is Keystone failing on its own side, where the
 * credentials are not the cause; anything else points at the credentials or the auth URL.
 */
export function authRemedy(status: number | undefined, authUrl: string): string {
  const retry = `openstack --os-auth-url '${authUrl}' token issue`
  return (status ?? 0) >= 500
    ? `Keystone failed on its own side (HTTP ${status}): find the request in its log (keystone.log, or the uwsgi/httpd error log: a database it cannot reach, a broken fernet key repository), then try again: ${retry}`
    : `check the credentials in the targets file (username, password, project, domains) and that auth_url ${authUrl} is reachable over IPv6: a bracketed IPv6 literal or a name with an AAAA (try: ${retry})`
}

/** What a request that timed out says (`to`: which request), in seconds as the timeouts are set. */
export const noAnswerWithin = (timeoutMs: number, to?: string): string => `no answer${to ? ` to ${to}` : ''} within ${timeoutMs / 1000} s`

/** A lookup that answers with our own AAAA set, so TLS still sees the name (SNI, SAN match). */
export function pinnedLookup(addresses: readonly string[]): LookupFunction {
  return (_host, o, cb) => {
    if (o.all) return (cb as (e: null, a: { address: string; family: number }[]) => void)(null, addresses.map((address) => ({ address, family: 6 })))
    cb(null, addresses[0] ?? '', 6)
  }
}

export async function authenticate(c: Credentials, opts: AuthOptions): Promise<AuthResult> {
  const url = tokensUrl(c.authUrl)
  const t0 = performance.now()
  const ms = () => Math.round(performance.now() - t0)
  const pinned = opts.addresses?.filter((a) => notIPv6(a) === undefined)
  if (pinned?.length === 0)
    return { ok: false, error: { method: 'POST', url, message: `no IPv6 address to connect to (given: ${opts.addresses?.join(', ') || 'none'})` }, ms: ms() }
  const connect = { family: 6, ...(opts.ca ? { ca: opts.ca } : {}), timeout: opts.timeoutMs, ...(pinned && { lookup: pinnedLookup(pinned) }) }
  const dispatcher = new Agent({ connect })
  const signal = opts.signal ? AbortSignal.any([opts.signal, AbortSignal.timeout(opts.timeoutMs)]) : AbortSignal.timeout(opts.timeoutMs)
  try {
    const r = await request(url, {
      method: 'POST',
      dispatcher,
      signal,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(authBody(c)),
    })
    const text = await r.body.text()
    const token = r.headers['x-subject-token']
    if (r.statusCode !== 201 || typeof token !== 'string')
      return { ok: false, error: { method: 'POST', url, status: r.statusCode, message: errorMessage(r.statusCode, text) }, ms: ms() }
    const body = JSON.parse(text) as TokenJson
    rememberSecrets([token])
    return { ok: true, token, expiresAt: body.token?.expires_at ?? '', catalog: parseCatalog(body, c.region), ms: ms() }
  } catch (e) {
    const err = e as Error & { code?: string; cause?: { code?: string; message?: string } }
    // AbortSignal.timeout rejects with a DOMException whose `code` is the legacy number 23, not an errno.
    if (err.name === 'TimeoutError') return { ok: false, error: { method: 'POST', url, message: `timeout: ${noAnswerWithin(opts.timeoutMs)}` }, ms: ms() }
    const code = err.cause?.code ?? err.code
    return { ok: false, error: { method: 'POST', url, message: `${code ? `${code}: ` : ''}${err.cause?.message ?? err.message}` }, ms: ms() }
  } finally {
    await dispatcher.close().catch(() => undefined)
  }
}
