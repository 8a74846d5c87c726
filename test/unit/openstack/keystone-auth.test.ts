// authenticate() against a real HTTP server on ::1 that answers as the lab keystone did, and one on
// 127.0.0.1 that must never be reached: a name is pinned to our own AAAA set, never the system's.
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { authenticate } from '../../../lib/openstack/keystone.ts'
import type { Credentials } from '../../../lib/openstack/keystone-token.ts'
import { serveHttp, type Served } from '../http/servers.ts'

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/openstack/${name}`, import.meta.url), 'utf8')
const PASSWORD = 'unit-test-password'

let keystone: Served
let v4: Served
let bodies: string[] = []

beforeAll(async () => {
  keystone = await serveHttp('::1', (req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      bodies.push(body)
      const ok =
        (JSON.parse(body) as { auth: { identity: { password: { user: { password: string } } } } }).auth.identity
          .password.user.password === PASSWORD
      if (!ok) return res.writeHead(401, { 'content-type': 'application/json' }).end(fixture('keystone-401.lab.json'))
      res
        .writeHead(201, { 'content-type': 'application/json', 'x-subject-token': 'gAAAA-unit-token' })
        .end(fixture('keystone-token.lab.json'))
    })
  })
  v4 = await serveHttp('127.0.0.1', (_req, res) => res.writeHead(500).end())
})
afterAll(async () => {
  await keystone.close()
  await v4.close()
})

const creds = (port: number, password = PASSWORD): Credentials => ({
  authUrl: `http://keystone.lab.test:${port}/v3`,
  username: 'admin',
  password,
  project: 'admin',
  userDomain: 'Default',
  projectDomain: 'Default',
})

describe('keystone authentication over IPv6', () => {
  test('a name pinned to its AAAA: token and catalog, with the v4 entry never dialled', async () => {
    bodies = []
    const r = await authenticate(creds(keystone.port), { timeoutMs: 5000, addresses: ['127.0.0.1', '::1'] })
    expect(r).toMatchObject({ ok: true, token: 'gAAAA-unit-token' })
    if (r.ok) expect(r.catalog.map((e) => e.interface)).toEqual(['public', 'internal', 'admin'])
    expect(bodies).toHaveLength(1)
    expect(v4.connections).toBe(0)
  })

  test('no dialable IPv6 address: an error before any packet', async () => {
    const r = await authenticate(creds(v4.port), { timeoutMs: 5000, addresses: ['127.0.0.1', '::ffff:127.0.0.1'] })
    expect(r).toMatchObject({
      ok: false,
      error: { method: 'POST', message: expect.stringMatching(/^no IPv6 address/) },
    })
    expect(v4.connections).toBe(0)
  })

  test("a wrong password: keystone's 401 in one line, and the password in no part of the result", async () => {
    const r = await authenticate(creds(keystone.port, 'wrong-secret'), { timeoutMs: 5000, addresses: ['::1'] })
    expect(r).toMatchObject({
      ok: false,
      error: { status: 401, message: '401 Unauthorized: The request you have made requires authentication.' },
    })
    expect(JSON.stringify(r)).not.toContain('wrong-secret')
  })
})
