// JSON calls to the lab's OpenStack APIs as its admin, for set-up steps (keystone registration, the
// Tempest bench's public network). Run inside a lab namespace: the root namespace reaches nothing.
import { request } from 'undici'
import { authenticate } from '../lib/openstack/keystone.ts'
import { errorMessage } from '../lib/openstack/keystone-token.ts'
import { ADMIN_PASSWORD, keystoneUrl } from './keystone.ts'

export type ApiCall = <T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown) => Promise<T>

/** The admin's project-scoped token from the lab's keystone, directly (not through haproxy). */
export async function adminToken(): Promise<string> {
  const auth = await authenticate(
    {
      authUrl: keystoneUrl(),
      username: 'admin',
      password: ADMIN_PASSWORD,
      project: 'admin',
      userDomain: 'Default',
      projectDomain: 'Default',
    },
    { timeoutMs: 10_000 },
  )
  if (!auth.ok) throw new Error(`keystone: ${auth.error.message}`)
  return auth.token
}

/** Calls against one API root; an error status throws with the method, path and the service's message. */
export const apiCaller =
  (baseUrl: string, token: string): ApiCall =>
  async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await request(`${baseUrl}${path}`, {
      method,
      headers: { 'x-auth-token': token, 'content-type': 'application/json', accept: 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    const text = await res.body.text()
    if (res.statusCode >= 300) throw new Error(`${method} ${baseUrl}${path}: ${errorMessage(res.statusCode, text)}`)
    return (text ? JSON.parse(text) : {}) as T
  }
