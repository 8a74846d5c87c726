// A Neutron v2.0 client on undici, over IPv6 only: the same family-6 connect and pinned AAAA set
// as the Keystone client, and the target's CA as the only trust anchor when one is given. Every
// answer comes back as data (ApiResult); nothing here throws for a network or API failure.
import { Agent, request } from 'undici'
import type { z } from 'zod'
import { notIPv6 } from '../net/index.ts'
import { pinnedLookup } from './keystone.ts'
import { noAnswerWithin } from './keystone-token.ts'
import { parseNeutronError, type ApiCall, type NeutronApiError } from './neutron-error.ts'
import {
  Extension,
  RESOURCES,
  RouterInterface,
  type Kind,
  type Resource,
  type RouterInterfaceT,
} from './neutron-types.ts'

/** Where Neutron is and how to talk to it; plain data, so it can cross into Vitest workers. */
export interface NeutronEndpoint {
  /** The `network` URL from the Keystone catalog. */
  url: string
  /** For a URL with a name: the AAAA set our own DNS client found; the name is never looked up again. */
  addresses?: string[]
  /** A secret: sent as X-Auth-Token, never written anywhere. */
  token: string
  /** PEM; the only trust anchor for https when given. */
  ca?: string
  timeoutMs: number
}

export type ApiResult<T> = { ok: true; value: T; status: number } | { ok: false; error: NeutronApiError }

export interface NeutronOptions {
  /** Each request once it has finished, for the evidence of a check. */
  onCall?: (c: ApiCall) => void
  /** Asked before anything is created: a reason refuses the request (the run is being interrupted). */
  refuseCreate?: () => string | undefined
  /**
   * Around each create of named resources: before it is sent, and when Neutron refused it (4xx:
   * nothing made). Nothing more is said of a create that got no answer (a timeout, a reset) or a
   * 5xx (a proxy's 504 while neutron-server goes on): Neutron may have made it all the same, and
   * only its name can find it.
   */
  onCreate?: (kind: Kind, names: readonly string[], stage: 'sending' | 'refused') => void
  /** Tags sent in the create's own body for these kinds, where Neutron applies them there (lib/overlay/session.ts). */
  createTags?: { kinds: readonly Kind[]; tags: readonly string[] }
}

export type Query = Record<string, string | number | boolean | readonly string[]>

/** The v2.0 root under the catalog URL, which may or may not carry the version already. */
export function apiBase(url: string): string {
  const u = url.replace(/\/+$/, '')
  return /\/v2\.0$/.test(u) ? u : `${u}/v2.0`
}

export function queryString(q: Query = {}): string {
  const p = new URLSearchParams()
  for (const [k, v] of Object.entries(q)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, String(x))
  const s = p.toString()
  return s ? `?${s}` : ''
}

// One keep-alive pool per endpoint and process (each Vitest worker has its own).
const agents = new Map<string, Agent>()

function agentFor(e: NeutronEndpoint, pinned: readonly string[] | undefined): Agent {
  const key = JSON.stringify([e.url, pinned, e.ca])
  let a = agents.get(key)
  if (!a) {
    a = new Agent({
      connect: {
        family: 6,
        ...(e.ca ? { ca: e.ca } : {}),
        timeout: e.timeoutMs,
        ...(pinned && { lookup: pinnedLookup(pinned) }),
      },
    })
    agents.set(key, a)
  }
  return a
}

/** Closes every pool, so that a finished command leaves no socket behind. */
export async function closeNeutronAgents(): Promise<void> {
  const all = [...agents.values()]
  agents.clear()
  await Promise.all(all.map((a) => a.close().catch(() => undefined)))
}

type Json = { ok: true; status: number; json: unknown; url: string } | { ok: false; error: NeutronApiError }

/** A client bound to one endpoint; `onCall` sees every request, for the evidence of one check. */
export function neutron(e: NeutronEndpoint, opts: NeutronOptions = {}) {
  const base = apiBase(e.url)
  const pinned = e.addresses?.filter((a) => notIPv6(a) === undefined)

  async function send(method: string, path: string, body?: unknown, query?: Query): Promise<Json> {
    const url = `${base}/${path}${queryString(query)}`
    const t0 = performance.now()
    const done = (status?: number, error?: string) =>
      opts.onCall?.({
        method,
        url,
        ...(status !== undefined && { status }),
        ...(error !== undefined && { error }),
        ms: Math.round(performance.now() - t0),
      })
    if (pinned?.length === 0) {
      done(undefined, 'ERR_NOT_IPV6')
      return {
        ok: false,
        error: {
          method,
          url,
          type: 'ERR_NOT_IPV6',
          message: `no IPv6 address to connect to (given: ${e.addresses?.join(', ') || 'none'})`,
        },
      }
    }
    try {
      const r = await request(url, {
        method: method as 'GET',
        dispatcher: agentFor(e, pinned),
        signal: AbortSignal.timeout(e.timeoutMs),
        headers: {
          'x-auth-token': e.token,
          accept: 'application/json',
          ...(body !== undefined && { 'content-type': 'application/json' }),
        },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      })
      const text = await r.body.text()
      done(r.statusCode)
      if (r.statusCode < 200 || r.statusCode > 299)
        return { ok: false, error: { method, url, status: r.statusCode, ...parseNeutronError(r.statusCode, text) } }
      try {
        return { ok: true, status: r.statusCode, json: text === '' ? undefined : (JSON.parse(text) as unknown), url }
      } catch {
        return {
          ok: false,
          error: {
            method,
            url,
            status: r.statusCode,
            type: 'BadResponse',
            message: `the answer is not JSON: ${text.slice(0, 120)}`,
          },
        }
      }
    } catch (x) {
      const err = x as Error & { code?: string; cause?: { code?: string; message?: string } }
      const code = err.name === 'TimeoutError' ? 'timeout' : (err.cause?.code ?? err.code ?? err.name)
      done(undefined, code)
      return {
        ok: false,
        error: {
          method,
          url,
          type: code,
          message:
            err.name === 'TimeoutError'
              ? `${noAnswerWithin(e.timeoutMs, `${method} ${url}`)} (openstack.timeout)`
              : (err.cause?.message ?? err.message),
        },
      }
    }
  }

  /** The JSON under `key`, checked against `schema`: a wrong shape is an error, not a crash. */
  async function parsed<T extends z.ZodType>(
    r: Json | Promise<Json>,
    key: string,
    schema: T,
    method: string,
  ): Promise<ApiResult<z.infer<T>>> {
    const a = await r
    if (!a.ok) return a
    const doc = a.json as Record<string, unknown> | undefined
    const p = schema.safeParse(doc?.[key])
    if (p.success) return { ok: true, value: p.data, status: a.status }
    const issue = p.error.issues[0]
    return {
      ok: false,
      error: {
        method,
        url: a.url,
        status: a.status,
        type: 'BadResponse',
        message: `no valid "${key}" in the answer (${issue ? `${issue.path.join('.')}: ${issue.message}` : 'unexpected shape'})`,
      },
    }
  }

  async function sendCreate(kind: Kind, bodies: readonly Record<string, unknown>[], payload: unknown): Promise<Json> {
    const names = bodies.flatMap((b) => (typeof b.name === 'string' && b.name !== '' ? [b.name] : []))
    if (names.length) opts.onCreate?.(kind, names, 'sending')
    const a = await send('POST', RESOURCES[kind].path, payload)
    const status = a.ok ? undefined : a.error.status
    if (names.length && status !== undefined && status >= 400 && status < 500) opts.onCreate?.(kind, names, 'refused')
    return a
  }

  const refused = (method: string, path: string): Json | undefined => {
    const why = opts.refuseCreate?.()
    return why === undefined
      ? undefined
      : { ok: false, error: { method, url: `${base}/${path}`, type: 'Interrupted', message: why } }
  }

  const tagged = (kind: Kind, body: Record<string, unknown>): Record<string, unknown> =>
    opts.createTags?.kinds.includes(kind) ? { ...body, tags: [...opts.createTags.tags] } : body

  return {
    base,
    create<K extends Kind>(kind: K, body: Record<string, unknown>): Promise<ApiResult<Resource<K>>> {
      const r = RESOURCES[kind]
      return parsed(
        refused('POST', r.path) ?? sendCreate(kind, [body], { [r.key]: tagged(kind, body) }),
        r.key,
        r.schema,
        'POST',
      ) as Promise<ApiResult<Resource<K>>>
    },
    /** One POST that creates them all (`{"networks": [...]}`): Neutron's bulk create. */
    createBulk<K extends Kind>(kind: K, bodies: Record<string, unknown>[]): Promise<ApiResult<Resource<K>[]>> {
      const r = RESOURCES[kind]
      return parsed(
        refused('POST', r.path) ?? sendCreate(kind, bodies, { [r.plural]: bodies.map((b) => tagged(kind, b)) }),
        r.plural,
        r.schema.array(),
        'POST',
      ) as Promise<ApiResult<Resource<K>[]>>
    },
    show<K extends Kind>(kind: K, id: string): Promise<ApiResult<Resource<K>>> {
      const r = RESOURCES[kind]
      return parsed(send('GET', `${r.path}/${id}`), r.key, r.schema, 'GET') as Promise<ApiResult<Resource<K>>>
    },
    list<K extends Kind>(kind: K, query: Query = {}): Promise<ApiResult<Resource<K>[]>> {
      const r = RESOURCES[kind]
      return parsed(send('GET', r.path, undefined, query), r.plural, r.schema.array(), 'GET') as Promise<
        ApiResult<Resource<K>[]>
      >
    },
    update<K extends Kind>(kind: K, id: string, body: Record<string, unknown>): Promise<ApiResult<Resource<K>>> {
      const r = RESOURCES[kind]
      return parsed(send('PUT', `${r.path}/${id}`, { [r.key]: body }), r.key, r.schema, 'PUT') as Promise<
        ApiResult<Resource<K>>
      >
    },
    async remove(kind: Kind, id: string): Promise<ApiResult<undefined>> {
      const a = await send('DELETE', `${RESOURCES[kind].path}/${id}`)
      return a.ok ? { ok: true, value: undefined, status: a.status } : a
    },
    /** GET of any path, the JSON as it came: for `fields=` answers, which hold only what was asked. */
    async raw(path: string, query?: Query): Promise<ApiResult<unknown>> {
      const a = await send('GET', path, undefined, query)
      return a.ok ? { ok: true, value: a.json, status: a.status } : a
    },
    /** add_router_interface / remove_router_interface, by subnet or by port. */
    routerInterface(
      op: 'add' | 'remove',
      routerId: string,
      by: { subnet_id: string } | { port_id: string },
    ): Promise<ApiResult<RouterInterfaceT>> {
      const path = `routers/${routerId}/${op}_router_interface`
      const r = (op === 'add' && refused('PUT', path)) || send('PUT', path, by)
      return parsed(
        Promise.resolve(r).then((x) => (x.ok ? { ...x, json: { interface: x.json } } : x)),
        'interface',
        RouterInterface,
        'PUT',
      )
    },
    /** Replaces the resource's tags (the standard-attr-tag extension). */
    async setTags(kind: Kind, id: string, tags: readonly string[]): Promise<ApiResult<undefined>> {
      const a = await send('PUT', `${RESOURCES[kind].path}/${id}/tags`, { tags })
      return a.ok ? { ok: true, value: undefined, status: a.status } : a
    },
    async extensions(): Promise<ApiResult<string[]>> {
      const a = await parsed(send('GET', 'extensions'), 'extensions', Extension.array(), 'GET')
      return a.ok ? { ...a, value: a.value.map((x) => x.alias) } : a
    },
  }
}

export type Neutron = ReturnType<typeof neutron>
