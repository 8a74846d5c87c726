// The overlay's request plan: a whole run as `npm test` makes it (one registry per suite file,
// every subject of a file at once, each file's clean-up, then the main process's) against the
// in-memory Neutron, counted by kind of request. docs/performance.md ("Overlay request plan
// (issue 25)") prices these counts in neutron-server's CPU; a change that adds or saves requests
// shows here first. With the lab's seeded policy fault the run finds exactly what lab/faults.ts
// expects of it, each subject with its own evidence.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { FAULTS } from '../../../lab/faults.ts'
import { runCheck, type OverlayCheck } from '../../../lib/overlay/check.ts'
import * as bulk from '../../../lib/overlay/checks/bulk.ts'
import * as network from '../../../lib/overlay/checks/network.ts'
import * as port from '../../../lib/overlay/checks/port.ts'
import * as router from '../../../lib/overlay/checks/router.ts'
import * as secgroup from '../../../lib/overlay/checks/secgroup.ts'
import * as subnet from '../../../lib/overlay/checks/subnet.ts'
import { OverlayGuard } from '../../../lib/overlay/guard.ts'
import { Registry } from '../../../lib/overlay/registry.ts'
import type { OverlaySession } from '../../../lib/overlay/session.ts'
import { OVERLAY_SUBJECTS, type OverlayCheckId } from '../../../lib/overlay/subjects.ts'
import type { Verdict } from '../../../lib/verdict.ts'
import { FAKE_EXTENSIONS, fakeNeutron, type FakeNeutron, type Faults } from './fake-neutron.ts'

const EXPORTS: Record<string, unknown> = { ...bulk, ...network, ...port, ...router, ...secgroup, ...subnet }
const SUITES = join(import.meta.dirname, '../../../suites/overlay')

/** The runners of each suite file, read from the file (`overlaySuite([ name, // title … ])`). */
const suiteFiles = (): OverlayCheck[][] =>
  readdirSync(SUITES)
    .filter((f) => f.endsWith('.test.ts'))
    .sort()
    .map((f) =>
      [...readFileSync(join(SUITES, f), 'utf8').matchAll(/^\s+(\w+), \/\//gm)].map((m) => {
        const r = EXPORTS[m[1] ?? ''] as OverlayCheck | undefined
        if (typeof r?.run !== 'function') throw new Error(`${f}: no runner ${m[1]}`)
        return r
      }),
    )

/** The lab's Neutron lists these (lab/neutron.ts enables the ML2 driver that tags ports on creation). */
const LAB_EXTENSIONS = [...FAKE_EXTENSIONS, 'tag-ports-during-bulk-creation']

const dir = mkdtempSync(join(tmpdir(), 'v6r-overlay-plan-'))
let n = 0

/** One whole overlay run; its verdicts and the fake's requests by kind. */
async function wholeRun(faults: Faults, extensions: readonly string[]) {
  const fake = await fakeNeutron(faults, 'fake-token-1234', extensions)
  try {
    const runId = `plan-${++n}`
    const session: OverlaySession = {
      target: 'fake',
      runId,
      cidr: '2001:db8:100::/48',
      journal: join(dir, `${runId}.jsonl`),
      endpoint: { url: fake.url, token: fake.token, timeoutMs: 10_000 },
      extensions: [...extensions],
    }
    const guard = new OverlayGuard(session, () => {})
    expect(await guard.start()).toBeUndefined()
    const verdicts: Verdict[] = []
    await Promise.all(
      suiteFiles().map(async (runners) => {
        const registry = new Registry(session)
        await Promise.all(
          runners.flatMap((r) =>
            r.check.subjects.map(async (s) =>
              verdicts.push(await runCheck(registry, r.check.id as OverlayCheckId, s, r)),
            ),
          ),
        )
        const failed = (await registry.cleanup()).filter((o) => o.outcome === 'failed')
        expect(failed).toEqual([])
      }),
    )
    expect(await guard.finish()).toBe(0)
    expect(fake.leftovers('v6ready-')).toEqual([])
    return { verdicts, fake, byKind: byKind(fake) }
  } finally {
    await fake.close()
  }
}

/** `POST subnets`, `PUT routers/{id}/add_router_interface`, `GET ports?…`: a request's kind. */
const kindOf = (r: { method: string; path: string }): string => {
  const [path = '', query] = r.path.replace(/^\/v2\.0\//, '').split('?')
  return `${r.method} ${path.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '{id}')}${query === undefined ? '' : '?…'}`
}

function byKind(fake: FakeNeutron): Record<string, number> {
  const out: Record<string, number> = {}
  for (const r of fake.requests) out[kindOf(r)] = (out[kindOf(r)] ?? 0) + 1
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)))
}

const sum = (counts: Record<string, number>, match: RegExp): number =>
  Object.entries(counts)
    .filter(([k]) => match.test(k))
    .reduce((a, [, v]) => a + v, 0)

describe('a whole overlay run on a Neutron that keeps the rules', () => {
  test('every test passes, and the requests by kind are the plan docs/performance.md prices', {
    timeout: 60_000,
  }, async () => {
    const { verdicts, byKind: counts } = await wholeRun({}, LAB_EXTENSIONS)
    expect(verdicts.filter((v) => !v.ok).map((v) => `${v.check} ${v.subject}: ${v.observed}`)).toEqual([])
    expect(verdicts).toHaveLength(Object.values(OVERLAY_SUBJECTS).flat().length)
    expect(counts).toEqual({
      'DELETE networks/{id}': 42,
      'DELETE ports/{id}': 31,
      'DELETE routers/{id}': 6,
      'DELETE security-group-rules/{id}': 3,
      'DELETE security-groups/{id}': 2,
      'DELETE subnets/{id}': 4,
      'GET networks/{id}': 1,
      'GET networks/{id}?…': 1,
      'GET networks?…': 4,
      'GET ports/{id}': 12,
      'GET ports?…': 5,
      'GET routers/{id}': 1,
      'GET routers?…': 2,
      'GET security-group-rules/{id}': 6,
      'GET security-groups/{id}': 2,
      'GET security-groups?…': 2,
      'GET subnets/{id}': 3,
      'GET subnets/{id}?…': 1,
      'GET subnets?…': 9,
      'POST networks': 37,
      'POST ports': 33,
      'POST routers': 6,
      'POST security-group-rules': 5,
      'POST security-groups': 2,
      'POST subnets': 59,
      'PUT networks/{id}': 1,
      'PUT networks/{id}/tags': 40,
      'PUT ports/{id}': 1,
      'PUT routers/{id}': 1,
      'PUT routers/{id}/add_router_interface': 7,
      'PUT routers/{id}/remove_router_interface': 7,
      'PUT routers/{id}/tags': 6,
      'PUT security-groups/{id}': 1,
      'PUT security-groups/{id}/tags': 2,
      'PUT subnets/{id}': 1,
    })
    expect(sum(counts, /./)).toBe(346)
    // 7 router interfaces added and removed: the costliest requests, each needed by a subject.
    expect(sum(counts, /_router_interface$/)).toBe(14)
  })

  test("a fixture that several subjects share is in each one's evidence, not only in the first's", {
    timeout: 60_000,
  }, async () => {
    const { verdicts } = await wholeRun({}, LAB_EXTENSIONS)
    const of = (check: string, subjects?: readonly string[]) =>
      verdicts.filter((v) => v.check === check && (subjects === undefined || subjects.includes(v.subject)))
    const calls = (v: Verdict, what: RegExp) => (v.evidence ?? '').split('\n').filter((l) => what.test(l))
    // The group the rule subjects share.
    const rules = of('overlay.secgroup.ipv6-rules', [
      'ipv6-icmp',
      'icmpv6-echo-request',
      'tcp-22',
      'v4-prefix-with-ipv6',
      'v6-prefix-with-ipv4',
    ])
    expect(rules).toHaveLength(5)
    for (const v of rules) expect(calls(v, /^ {2}POST \S+\/security-groups → 201/), v.subject).toHaveLength(1)
    // One network for the subnets no port stands on: the valid pairs without a port, and the mismatched ones.
    const onShared = [
      ...of('overlay.subnet.modes').filter((v) => !['slaac', 'dhcpv6-stateless'].includes(v.subject)),
      ...of('overlay.subnet.invalid-modes'),
    ]
    expect(onShared).toHaveLength(14)
    for (const v of onShared) expect(calls(v, /^ {2}POST \S+\/networks → 201/), v.subject).toHaveLength(1)
    // The stateful subnet of the two subjects that name every address they ask for.
    for (const v of of('overlay.port.stateful-fixed-ip', ['out-of-pool', 'duplicate']))
      expect(calls(v, /^ {2}POST \S+\/subnets → 201/), v.subject).toHaveLength(1)
  })

  test('every port is tagged in its own POST where Neutron lists tag-ports-during-bulk-creation, else by a PUT', {
    timeout: 60_000,
  }, async () => {
    const tags = (body: unknown): unknown[] => {
      const b = body as { port?: { tags?: unknown }; ports?: { tags?: unknown }[] }
      return b.ports ? b.ports.map((p) => p.tags) : [b.port?.tags]
    }
    const portPosts = (fake: FakeNeutron) =>
      fake.requests.filter((r) => kindOf(r) === 'POST ports').flatMap((r) => tags(r.body))
    const withDriver = await wholeRun({}, LAB_EXTENSIONS)
    expect(withDriver.byKind['PUT ports/{id}/tags']).toBeUndefined()
    const sent = portPosts(withDriver.fake)
    expect(sent.length).toBeGreaterThanOrEqual(30)
    expect(sent.every((t) => Array.isArray(t) && t[0] === 'v6ready' && /^v6ready-plan-\d+$/.test(String(t[1])))).toBe(
      true,
    )
    // Without the driver Neutron would drop them: a PUT after each port made.
    const without = await wholeRun({}, FAKE_EXTENSIONS)
    expect(portPosts(without.fake).every((t) => t === undefined)).toBe(true)
    expect(without.byKind['PUT ports/{id}/tags']).toBe(31)
    // Networks, routers and security groups never carry tags in a POST (Neutron answers 400).
    expect(
      without.fake.requests.filter(
        (r) => r.method === 'POST' && !r.path.includes('ports') && /"tags"/.test(JSON.stringify(r.body ?? '')),
      ),
    ).toEqual([])
  })
})

describe("the lab's overlay fault (policy-no-stateful) on a whole run", () => {
  test('finds exactly what lab/faults.ts expects, each subject failing with its own evidence', {
    timeout: 60_000,
  }, async () => {
    const { verdicts } = await wholeRun({ forbidStateful: true }, LAB_EXTENSIONS)
    const expected = FAULTS.find((f) => f.id === 'policy-no-stateful')?.findings ?? []
    const failed = verdicts.filter((v) => !v.ok)
    expect(failed.map((v) => `${v.check} ${v.subject}`).sort()).toEqual(
      expected.map((f) => `${f.check} ${f.subject}`).sort(),
    )
    // Each failure names the refused request in its own words and lists it in its own evidence,
    // the two subjects that share one stateful subnet included.
    for (const v of failed) {
      expect(v.observed, `${v.check} ${v.subject}`).toMatch(/403 PolicyNotAuthorized/)
      expect(v.evidence, `${v.check} ${v.subject}`).toMatch(/POST http:\/\/\[::1\]:\d+\/v2\.0\/subnets → 403/)
    }
    const shared = failed.filter(
      (v) => v.check === 'overlay.port.stateful-fixed-ip' && /^(out-of-pool|duplicate)$/.test(v.subject),
    )
    expect(shared).toHaveLength(2)
  })
})
