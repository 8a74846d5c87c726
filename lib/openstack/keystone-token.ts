// Keystone v3's token request and answer as data: the credentials, the request body, the catalog
// in the answer, Keystone's error document, and what to do when no token came. Pure (no undici),
// so judges and reports can use it.

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
      identity: {
        methods: ['password'],
        password: { user: { name: c.username, domain: { name: c.userDomain }, password: c.password } },
      },
      scope: { project: { name: c.project, domain: { name: c.projectDomain } } },
    },
  }
}

export interface TokenJson {
  token?: {
    expires_at?: string
    catalog?: {
      type?: string
      name?: string
      endpoints?: { interface?: string; region?: string; region_id?: string; url?: string }[]
    }[]
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
export const noAnswerWithin = (timeoutMs: number, to?: string): string =>
  `no answer${to ? ` to ${to}` : ''} within ${timeoutMs / 1000} s`
