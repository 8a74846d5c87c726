// `v6ready cleanup` and the sweep under it, against the in-memory Neutron behind a Keystone on ::1:
// what a killed run left is listed, then deleted in dependency order, one line each.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { closeNeutronAgents, neutron } from '../../../lib/openstack/neutron.ts'
import { cleanup } from '../../../lib/overlay/cleanup.ts'
import { OverlayGuard } from '../../../lib/overlay/guard.ts'
import { appendJournal, liveEntries, readJournal } from '../../../lib/overlay/journal.ts'
import { localTarget, type ResolvedTarget } from '../../../lib/targets/resolve.ts'
import { fakeKeystone, FAKE_PASSWORD } from './fake-keystone.ts'
import { fakeNeutron, type FakeNeutron } from './fake-neutron.ts'

let fake: FakeNeutron
let keystone: Awaited<ReturnType<typeof fakeKeystone>>
let target: ResolvedTarget

beforeAll(async () => {
  fake = await fakeNeutron()
  keystone = await fakeKeystone(fake.url, fake.token)
  target = {
    ...localTarget(),
    name: 'fake',
    openstack: { auth_url: keystone.url, username: 'admin', password: FAKE_PASSWORD, project: 'admin' },
  }
})
afterAll(async () => {
  await closeNeutronAgents()
  await keystone.close()
  await fake.close()
})

/** What a killed run leaves: a network with a subnet, a port, a router on the subnet, a group; and someone else's network. */
async function leave(run: string) {
  const api = neutron({ url: fake.url, token: fake.token, timeoutMs: 5000 })
  const name = (role: string) => `v6ready-${run}-overlay.x-${role}`
  const ok = <T>(r: { ok: true; value: T } | { ok: false }) => (r.ok ? r.value : (undefined as never))
  const net = ok(await api.create('network', { name: name('net') }))
  const sn = ok(
    await api.create('subnet', {
      network_id: net.id,
      ip_version: 6,
      cidr: '2001:db8:100:1::/64',
      name: name('subnet'),
    }),
  )
  ok(await api.create('port', { network_id: net.id, name: name('port') }))
  const router = ok(await api.create('router', { name: name('router') }))
  ok(await api.routerInterface('add', router.id, { subnet_id: sn.id }))
  ok(await api.create('security-group', { name: name('sg') }))
  ok(await api.create('network', { name: 'production-net' }))
}

/** The command's lines without IDs and dates, and what it exited with. */
async function run(opts: Parameters<typeof cleanup>[1]) {
  const lines: string[] = []
  const code = await cleanup(target, opts, (l) => lines.push(l))
  return { code, lines: lines.map((l) => l.replace(/ \(.*$/, '').replace(/ interface .*/, '')) }
}

describe('v6ready cleanup', () => {
  test('--dry-run lists what is left in deletion order and exits 1; nothing of anyone else', async () => {
    await leave('killed1')
    const kinds = ['router-interface', 'port', 'subnet', 'router', 'network', 'security-group']
    const names = ['router', 'port', 'subnet', 'router', 'net', 'sg']
    expect(await run({ dryRun: true })).toEqual({
      code: 1,
      lines: [
        ...kinds.map((k, i) => `would delete ${k} v6ready-killed1-overlay.x-${names[i]}`),
        '6 v6ready-* resources found',
      ],
    })
  })

  test('--older-than leaves what is younger', async () => {
    expect(await run({ dryRun: true, olderThanMs: 3_600_000 })).toEqual({
      code: 0,
      lines: [expect.stringMatching(/^no v6ready-\* resources older than 60 min at http:\/\/\[::1\]:\d+$/)],
    })
  })

  test('deletes in dependency order, the subnet with its network, and exits 0', async () => {
    const before = fake.requests.length
    const { code, lines } = await run({ dryRun: false })
    expect(code).toBe(0)
    expect(lines).toEqual([
      ...['router-interface x-router', 'port x-port', 'router x-router', 'network x-net', 'security-group x-sg'].map(
        (x) => `deleted: ${x.replace(' x-', ' v6ready-killed1-overlay.x-')}`,
      ),
      'deleted with its network: subnet v6ready-killed1-overlay.x-subnet',
      '6 of 6 deleted',
    ])
    expect(fake.leftovers('v6ready-')).toEqual([])
    expect(fake.leftovers('production-')).toHaveLength(1)
    expect(
      fake.requests.slice(before).filter((r) => r.method === 'DELETE' && r.path.startsWith('/v2.0/subnets')),
    ).toEqual([])
  })

  test('a cloud that refuses the credentials: one line that says so, exit 1', async () => {
    const lines: string[] = []
    const wrong = { ...target, openstack: { ...target.openstack, password: 'nope' } }
    expect(await cleanup(wrong, { dryRun: true }, (l) => lines.push(l))).toBe(1)
    expect(lines[0]).toBe(
      'cannot reach Neutron: Keystone authentication failed: 401 Unauthorized: The request you have made requires authentication.',
    )
  })
})

describe('the main process before and after a run', () => {
  test('start() deletes what an earlier run left in the journal; finish() deletes what the tests left, then the journal', async () => {
    const journal = join(mkdtempSync(join(tmpdir(), 'v6r-guard-')), 'overlay-journal.jsonl')
    const api = neutron({ url: fake.url, token: fake.token, timeoutMs: 5000 })
    const made = async (run: string) => {
      const r = await api.create('network', { name: `v6ready-${run}-overlay.x-net` })
      if (!r.ok) throw new Error('fake refused')
      appendJournal(journal, { op: 'created', run, kind: 'network', id: r.value.id, at: '' })
    }
    await made('earlier')
    const session = {
      target: 'fake',
      runId: 'now',
      cidr: '2001:db8:100::/48',
      journal,
      endpoint: { url: fake.url, token: fake.token, timeoutMs: 5000 },
      extensions: [],
    }
    const log: string[] = []
    const guard = new OverlayGuard(session, (l) => log.push(l))
    await guard.start()
    expect(fake.leftovers('v6ready-earlier-')).toEqual([])
    expect(readFileSync(journal, 'utf8')).toBe('')
    await made('now')
    expect(await guard.finish()).toBe(0)
    expect(fake.leftovers('v6ready-now-')).toEqual([])
    expect(existsSync(journal)).toBe(false)
    expect(liveEntries(readJournal(journal))).toEqual([])
    expect(log.filter((l) => !l.startsWith('deleted: '))).toEqual([
      expect.stringMatching(/^deleting 1 resources an earlier run left/),
      'the tests left 1 resources; deleting them',
    ])
  })
})

test('a run still alive in the same report directory owns the journal: its resources are left alone', async () => {
  const journal = join(mkdtempSync(join(tmpdir(), 'v6r-guard-')), 'overlay-journal.jsonl')
  const r = await neutron({ url: fake.url, token: fake.token, timeoutMs: 5000 }).create('network', {
    name: 'v6ready-alive-overlay.x-net',
  })
  if (!r.ok) throw new Error('fake refused')
  appendJournal(journal, { op: 'created', run: 'alive', kind: 'network', id: r.value.id, at: '' })
  writeFileSync(`${journal}.pid`, `${process.ppid}\n`)
  const guard = new OverlayGuard(
    {
      target: 'fake',
      runId: 'now',
      cidr: '2001:db8:100::/48',
      journal,
      endpoint: { url: fake.url, token: fake.token, timeoutMs: 5000 },
      extensions: [],
    },
    () => {},
  )
  expect(await guard.start()).toBe(
    `another v6ready run (pid ${process.ppid}) is using ${journal}: give this run its own --report-dir (or delete ${journal}.pid if that run is gone)`,
  )
  expect(fake.leftovers('v6ready-alive-')).toHaveLength(1)
  expect(liveEntries(readJournal(journal))).toHaveLength(1)
})
