// Keystone v3: password authentication scoped to a project, and the service catalog from the
// token. Pure parts (the request body, the catalog, the error) are in keystone-token.ts; this is the
// one request.
import type { LookupFunction } from 'node:net'
import { rememberSecrets } from '../secrets/known.ts'
import { Agent, request } from 'undici'
import { notIPv6 } from '../net/index.ts'
import {
  authBody,
  errorMessage,
  noAnswerWithin,
  parseCatalog,
  tokensUrl,
  type AuthResult,
  type Credentials,
  type TokenJson,
} from './keystone-token.ts'

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

/** A lookup that answers with our own AAAA set, so TLS still sees the name (SNI, SAN match). */
export function pinnedLookup(addresses: readonly string[]): LookupFunction {
  return (_host, o, cb) => {
    if (o.all)
      return (cb as (e: null, a: { address: string; family: number }[]) => void)(
        null,
        addresses.map((address) => ({ address, family: 6 })),
      )
    cb(null, addresses[0] ?? '', 6)
  }
}

export async function authenticate(c: Credentials, opts: AuthOptions): Promise<AuthResult> {
  const url = tokensUrl(c.authUrl)
  const t0 = performance.now()
  const ms = () => Math.round(performance.now() - t0)
  const pinned = opts.addresses?.filter((a) => notIPv6(a) === undefined)
  if (pinned?.length === 0)
    return {
      ok: false,
      error: {
        method: 'POST',
        url,
        message: `no IPv6 address to connect to (given: ${opts.addresses?.join(', ') || 'none'})`,
      },
      ms: ms(),
    }
  const connect = {
    family: 6,
    ...(opts.ca ? { ca: opts.ca } : {}),
    timeout: opts.timeoutMs,
    ...(pinned && { lookup: pinnedLookup(pinned) }),
  }
  const dispatcher = new Agent({ connect })
  const signal = opts.signal
    ? AbortSignal.any([opts.signal, AbortSignal.timeout(opts.timeoutMs)])
    : AbortSignal.timeout(opts.timeoutMs)
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
      return {
        ok: false,
        error: { method: 'POST', url, status: r.statusCode, message: errorMessage(r.statusCode, text) },
        ms: ms(),
      }
    const body = JSON.parse(text) as TokenJson
    rememberSecrets([token])
    return { ok: true, token, expiresAt: body.token?.expires_at ?? '', catalog: parseCatalog(body, c.region), ms: ms() }
  } catch (e) {
    const err = e as Error & { code?: string; cause?: { code?: string; message?: string } }
    // AbortSignal.timeout rejects with a DOMException whose `code` is the legacy number 23, not an errno.
    if (err.name === 'TimeoutError')
      return {
        ok: false,
        error: { method: 'POST', url, message: `timeout: ${noAnswerWithin(opts.timeoutMs)}` },
        ms: ms(),
      }
    const code = err.cause?.code ?? err.code
    return {
      ok: false,
      error: { method: 'POST', url, message: `${code ? `${code}: ` : ''}${err.cause?.message ?? err.message}` },
      ms: ms(),
    }
  } finally {
    await dispatcher.close().catch(() => undefined)
  }
}
