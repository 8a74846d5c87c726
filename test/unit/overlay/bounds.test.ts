// The overlay's own timeouts (lib/overlay/bounds.ts), all from openstack.timeout: Vitest's sit
// above them as backstops; a Neutron slow at every request but answering each within the bound
// gives no finding however long a check takes; a check past its own bound says so in v6ready's
// words and creates nothing more.
import { NETWORK_CRUD } from '../../../lib/checks/overlay/network.ts'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { LONGEST_CHAIN, overlayBounds, RETRY_PAUSE_MS } from '../../../lib/overlay/bounds.ts'
import { LATE, runCheck, type OverlayCheck } from '../../../lib/overlay/check.ts'
import { OVERLAY_CHECK_DEFS } from '../../../lib/overlay/checks/index.ts'
import { OverlayGuard } from '../../../lib/overlay/guard.ts'
import { liveEntries, readJournal } from '../../../lib/overlay/journal.ts'
import { Registry } from '../../../lib/overlay/registry.ts'
import { showOutcome, sweep } from '../../../lib/overlay/sweep.ts'
import { neutron } from '../../../lib/openstack/neutron.ts'
import type { OverlaySession } from '../../../lib/overlay/session.ts'
import { OVERLAY_CHECKS, OVERLAY_SUBJECTS } from '../../../lib/overlay/subjects.ts'
import { failureLine } from '../../../lib/verdict.ts'
import { fakeNeutron, type FakeNeutron } from './fake-neutron.ts'

const dir = mkdtempSync(join(tmpdir(), 'v6r-overlay-bounds-'))
let n = 0
/** No tag extension: the requests a fake sees are the check's own. */
const sessionOf = (fake: FakeNeutron, timeoutMs: number): OverlaySession => {
  const runId = `bounds-${++n}`
  return {
    target: 'fake',
    runId,
    cidr: '2001:db8:100::/48',
    journal: join(dir, `${runId}.jsonl`),
    endpoint: { url: fake.url, token: fake.token, timeoutMs },
    extensions: [],
  }
}

/** The longest run of requests each sent after the one before it was answered: what a check waits for one after the other. */
function longestChain(requests: readonly { at: number; answered?: number }[]): number {
  const rs = [...requests].sort((a, b) => a.at - b.at)
  const depth: number[] = []
  rs.forEach((r, i) => {
    let before = 0
    for (let j = 0; j < i; j++) if ((rs[j]?.answered ?? Infinity) <= r.at) before = Math.max(before, depth[j] ?? 0)
    depth[i] = before + 1
  })
  return Math.max(0, ...depth)
}

describe("Vitest's timeouts are backstops above v6ready's own", () => {
  // 120 s is the lab's openstack.timeout; Vitest's per-test timeout was a fixed 120 s.
  test.for([300, 1000, 30_000, 120_000])('openstack.timeout %d ms', (callMs) => {
    const b = overlayBounds(callMs)
    expect(b.callMs).toBe(callMs)
    expect(b.checkMs).toBeGreaterThanOrEqual(LONGEST_CHAIN * callMs)
    expect(b.testTimeoutMs).toBeGreaterThan(b.checkMs)
    // The clean-up starts no delete after cleanupMs; one started just before takes deleteMs at most.
    expect(b.deleteMs).toBeGreaterThanOrEqual(2 * callMs)
    expect(b.cleanupMs).toBeGreaterThanOrEqual(2 * callMs + b.deleteMs)
    expect(b.cleanupTimeoutMs).toBeGreaterThan(b.cleanupMs + b.deleteMs)
    expect(b.settleMs).toBeGreaterThan(callMs)
  })

  test('the registry takes its bounds from the session, that is from openstack.timeout', async () => {
    const fake = await fakeNeutron()
    try {
      expect(new Registry(sessionOf(fake, 7000)).bounds).toEqual(overlayBounds(7000))
    } finally {
      await fake.close()
    }
  })
})

describe('a Neutron slow at every request, each answered within openstack.timeout', () => {
  // Every check at once, each request answered 1 s late, with 3 s to spare under openstack.timeout:
  // on two busy cores 300 ms late against 1.5 s was once too little (a request judged late).
  const DELAY_MS = 1000
  const CALL_MS = 4000

  test(`every check and subject passes; none waits on more than ${LONGEST_CHAIN} requests one after the other`, {
    timeout: 90_000,
  }, async () => {
    const cases = OVERLAY_CHECKS.flatMap((c) => OVERLAY_SUBJECTS[c].map((s) => [c, s] as const))
    const tried = await Promise.all(
      cases.map(async ([check, subject]) => {
        const fake = await fakeNeutron({ delayMs: DELAY_MS })
        try {
          const registry = new Registry(sessionOf(fake, CALL_MS))
          const t0 = performance.now()
          const verdict = await runCheck(registry, check, subject, OVERLAY_CHECK_DEFS[check])
          const ms = performance.now() - t0
          const chain = longestChain(fake.requests)
          fake.faults.delayMs = 0
          await registry.cleanup()
          return {
            test: `${check} ${subject}`,
            ok: verdict.ok,
            line: verdict.ok ? '' : failureLine(verdict),
            chain,
            ms,
          }
        } finally {
          await fake.close()
        }
      }),
    )
    expect(tried.filter((t) => !t.ok).map((t) => `${t.test}: ${t.line}`)).toEqual([])
    expect(tried.filter((t) => t.chain > LONGEST_CHAIN).map((t) => `${t.test}: ${t.chain}`)).toEqual([])
    // The longest check waits on many requests in a row: far longer than one openstack.timeout, and no finding.
    const byPort = tried.find((t) => t.test === 'overlay.router.interface by-port')
    expect(byPort?.chain).toBeGreaterThanOrEqual(8)
    expect(byPort?.ms).toBeGreaterThan(2 * CALL_MS)
  })
})

describe('a check past its own bound', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  test("fails in v6ready's words with the bound, and creates nothing more once it is past", async () => {
    const fake = await fakeNeutron()
    try {
      const registry = new Registry(sessionOf(fake, 1000))
      let release = () => {}
      const gate = new Promise<void>((r) => (release = r))
      let made: { ok: boolean; error?: { type?: string; message: string } } | undefined
      // Waits on something other than Neutron, past the check's bound, then tries to create.
      const stuck: OverlayCheck = {
        check: NETWORK_CRUD,
        expected: () => 'a network is created',
        async run(s) {
          await gate
          const r = await s.api.create('network', { name: s.name('net') })
          made = r.ok ? { ok: true } : { ok: false, error: r.error }
          throw new Error('not reached for a verdict')
        },
      }
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
      const verdict = runCheck(registry, 'overlay.network.crud', 'network', stuck)
      await vi.advanceTimersByTimeAsync(registry.bounds.checkMs)
      const v = await verdict
      vi.useRealTimers()
      expect(failureLine(v)).toBe(
        `network: expected a network is created, observed no verdict within 22 s, the bound of one check (${LONGEST_CHAIN} Neutron requests one after the other, each within openstack.timeout, 1 s). Fix: check how fast neutron-server answers (its log times each request); if every request was answered within openstack.timeout, this is a bug in v6ready: report it with this evidence`,
      )
      release()
      await vi.waitFor(() => expect(made).toBeDefined())
      expect(made).toEqual({ ok: false, error: expect.objectContaining({ type: 'Interrupted', message: LATE }) })
      expect(fake.requests).toEqual([])
    } finally {
      await fake.close()
    }
  })
})

describe('a clean-up past its deadline', () => {
  test('starts no delete: what it leaves is no failure, and the main process deletes it after the run', async () => {
    const fake = await fakeNeutron()
    try {
      const session = sessionOf(fake, 1000)
      expect(
        (await runCheck(new Registry(session), 'overlay.port.eui64', 'slaac', OVERLAY_CHECK_DEFS['overlay.port.eui64']))
          .ok,
      ).toBe(true)
      const live = liveEntries(readJournal(session.journal))
      expect(live.map((e) => e.kind)).toEqual(['network', 'subnet', 'port'])
      const outcomes = await sweep(neutron(session.endpoint), live, {
        concurrency: 8,
        retryPauseMs: RETRY_PAUSE_MS,
        deadline: performance.now() - 1,
      })
      expect(outcomes.map((o) => o.outcome)).toEqual(['left', 'left', 'left'])
      expect(showOutcome(outcomes[0]!)).toMatch(/^not tried in time, left for later: port v6ready-\S+-port \(\S+\)$/)
      expect(fake.requests.filter((r) => r.method === 'DELETE')).toEqual([])
      expect(await new OverlayGuard(session, () => {}).finish()).toBe(0)
      expect(fake.leftovers('v6ready-')).toEqual([])
    } finally {
      await fake.close()
    }
  })
})
