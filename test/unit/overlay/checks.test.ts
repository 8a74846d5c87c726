// Every overlay check and subject against the in-memory Neutron: each passes on a well-behaved
// one, everything it created is gone after the registry's clean-up, and each seeded misbehaviour
// is a finding that names what Neutron did (not a crash).
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { runCheck } from '../../../lib/overlay/check.ts'
import { OVERLAY_CHECK_DEFS } from '../../../lib/overlay/checks/index.ts'
import { liveEntries, readJournal } from '../../../lib/overlay/journal.ts'
import { Registry } from '../../../lib/overlay/registry.ts'
import type { OverlaySession } from '../../../lib/overlay/session.ts'
import { OVERLAY_CHECKS, OVERLAY_SUBJECTS, type OverlayCheckId } from '../../../lib/overlay/subjects.ts'
import { failureLine } from '../../../lib/verdict.ts'
import { fakeNeutron, type Faults, type FakeNeutron } from './fake-neutron.ts'

const dir = mkdtempSync(join(tmpdir(), 'v6r-overlay-'))
let n = 0
const sessionOf = (fake: FakeNeutron): OverlaySession => {
  const runId = `unit-${++n}`
  return {
    target: 'fake',
    runId,
    cidr: '2001:db8:100::/48',
    journal: join(dir, `${runId}.jsonl`),
    endpoint: { url: fake.url, token: fake.token, timeoutMs: 5000 },
    extensions: ['standard-attr-tag'],
  }
}

/** One check and subject on a fresh registry, cleaned up after. */
async function tryOne(fake: FakeNeutron, check: OverlayCheckId, subject: string) {
  const session = sessionOf(fake)
  const registry = new Registry(session)
  const verdict = await runCheck(registry, check, subject, OVERLAY_CHECK_DEFS[check])
  const cleanup = await registry.cleanup()
  return { verdict, cleanup, session }
}

describe('every check passes against a Neutron that keeps the rules, and leaves nothing', () => {
  let fake: FakeNeutron
  beforeAll(async () => {
    fake = await fakeNeutron()
  })
  afterAll(() => fake.close())

  const cases = OVERLAY_CHECKS.flatMap((c) => OVERLAY_SUBJECTS[c].map((s) => [c, s] as const))
  test.for(cases)('%s %s', async ([check, subject]) => {
    const { verdict, cleanup, session } = await tryOne(fake, check, subject)
    expect(verdict.ok, `${failureLine(verdict)}\n${verdict.evidence ?? ''}`).toBe(true)
    expect(verdict.evidence).toMatch(/Neutron API calls:\n {2}(POST|GET) http:\/\/\[::1\]:\d+\/v2\.0\//)
    expect(cleanup.filter((o) => o.outcome === 'failed')).toEqual([])
    expect(liveEntries(readJournal(session.journal))).toEqual([])
    expect(fake.leftovers(`v6ready-${session.runId}-`)).toEqual([])
  })

  test('every request carried the token, and nothing the checks made is left', () => {
    expect(fake.requests.every((r) => r.authed)).toBe(true)
    expect(fake.leftovers('v6ready-')).toEqual([])
  })
})

describe('a misbehaving Neutron is a finding naming what it did', () => {
  const withFake = async (faults: Faults, fn: (f: FakeNeutron) => Promise<void>) => {
    const fake = await fakeNeutron(faults)
    try {
      await fn(fake)
    } finally {
      await fake.close()
    }
  }

  test('an accepted mismatched pair fails, and the subnet it made is deleted', () =>
    withFake({ acceptInvalidPairs: true }, async (fake) => {
      const { verdict, session } = await tryOne(fake, 'overlay.subnet.invalid-modes', 'slaac+dhcpv6-stateful')
      expect(verdict.ok).toBe(false)
      expect(verdict.observed).toMatch(
        /^Neutron accepted ipv6_ra_mode=slaac, ipv6_address_mode=dhcpv6-stateful, expected 400 Bad Request/,
      )
      expect(fake.leftovers(`v6ready-${session.runId}-`)).toEqual([])
    }))

  test('a pool address on a slaac subnet fails with both addresses, the EUI-64 computed here', () =>
    withFake({ noEui64: true }, async (fake) => {
      const { verdict } = await tryOne(fake, 'overlay.port.eui64', 'slaac')
      expect(verdict.ok).toBe(false)
      expect(verdict.observed).toMatch(
        /^the port got 2001:db8:100:\S+, but shall be 2001:db8:100:[0-9a-f:]+:f816:3eff:fe[0-9a-f]{2}:[0-9a-f]{1,4} \(the modified EUI-64 of fa:16:3e:/,
      )
      expect(verdict.evidence).toMatch(/computed by v6ready/)
    }))

  test("a policy that forbids dhcpv6-stateful is a finding with Neutron's type and message and a policy remedy", () =>
    withFake({ forbidStateful: true }, async (fake) => {
      const { verdict } = await tryOne(fake, 'overlay.subnet.modes', 'dhcpv6-stateful')
      expect(verdict.ok).toBe(false)
      expect(verdict.observed).toMatch(
        /^could not create the subnet 2001:db8:100:\S+\/64 \(ipv6_ra_mode=dhcpv6-stateful, ipv6_address_mode=dhcpv6-stateful\): 403 PolicyNotAuthorized: .*disallowed by policy/,
      )
      expect(verdict.remedy).toMatch(/policy/)
      expect(failureLine(verdict)).not.toContain(fake.token)
      // The slaac subject on the same cloud is unaffected.
      expect((await tryOne(fake, 'overlay.subnet.modes', 'slaac')).verdict.ok).toBe(true)
    }))

  test('a delete that keeps failing stays in the journal for the main process, with the error', () =>
    withFake({ failRouterDelete: true }, async (fake) => {
      const { verdict, cleanup, session } = await tryOne(fake, 'overlay.router.interface', 'slaac')
      expect(verdict.ok).toBe(true)
      const failed = cleanup.filter((o) => o.outcome === 'failed')
      expect(failed.map((o) => [o.entry.kind, o.error?.status, o.error?.type])).toEqual([
        ['router', 500, 'HTTPInternalServerError'],
      ])
      expect(liveEntries(readJournal(session.journal)).map((e) => e.kind)).toEqual(['router'])
    }))

  test('a Neutron that answers nothing is a finding that says so, not a crash', async () => {
    const fake = await fakeNeutron()
    await fake.close()
    const { verdict } = await tryOne(fake, 'overlay.network.crud', 'network')
    expect(verdict.ok).toBe(false)
    expect(verdict.observed).toMatch(
      /^could not create the network v6ready-unit-\d+-overlay\.network\.crud-network-net: ECONNREFUSED/,
    )
    expect(verdict.remedy).toMatch(/did not answer .* over IPv6/)
  })
})
