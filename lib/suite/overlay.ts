// The overlay suite's harness: one test per check and subject, grouped in a describe per subject,
// all of a file's tests concurrent (bounded by Vitest's maxConcurrency). Each test acts on Neutron
// and settles with its verdict; whatever the file created is deleted in its afterAll.
import { afterAll, describe, inject, test } from 'vitest'
import { CATALOG } from '../checks/catalog.ts'
import { isSelected } from '../checks/select.ts'
import { baseOf, runCheck } from '../overlay/check.ts'
import { OVERLAY_CHECK_DEFS } from '../overlay/checks/index.ts'
import { Registry } from '../overlay/registry.ts'
import type { OverlayState } from '../overlay/session.ts'
import { OVERLAY_SUBJECTS, type OverlayCheckId } from '../overlay/subjects.ts'
import { showOutcome } from '../overlay/sweep.ts'
import '../run-context.ts'
import { fail, skipped } from '../verdict.ts'
import { settleVerdict, testName } from './register.ts'

/** Router calls take most of a second on a small Neutron, and a check makes a dozen. */
const TEST_TIMEOUT_MS = 120_000
const CLEANUP_TIMEOUT_MS = 300_000

export function overlaySuite(checks: readonly OverlayCheckId[]): void {
  const { observations, select, overlay } = inject('run')
  // A target with no overlay section gets no overlay tests (the local target, an underlay-only cloud).
  if (!observations.target.openstack?.overlay) return
  const chosen = checks.filter((c) => isSelected(c, select))
  if (chosen.length === 0) return
  const today = observations.startedAt.slice(0, 10)
  const waivers = observations.target.waivers
  const state: OverlayState = overlay ?? { state: 'skip', reason: 'no overlay session was opened for this run' }
  const settle = (ctx: Parameters<typeof settleVerdict>[0], group: string, v: Parameters<typeof settleVerdict>[3]) => settleVerdict(ctx, 'overlay', group, v, waivers, today)

  // A session that could not be opened is one finding, under the first selected overlay check.
  const first = CATALOG.find((c) => c.suite === 'overlay' && isSelected(c.id, select))?.id
  if (state.state === 'failed' && first !== undefined && (chosen as string[]).includes(first)) {
    const v = fail({
      check: first,
      subject: 'session',
      expected: 'a Keystone token, and the network endpoint of its catalog answering over IPv6',
      observed: state.message,
      remedy: state.remedy ?? 'fix what the message names: the credentials and auth_url, the catalog (openstack endpoint list --service network), or neutron-server listening on the catalog URL over IPv6',
      evidence: state.evidence,
    })
    describe('session', () => test(testName(first, 'session', 'session'), (ctx) => settle(ctx, 'session', v)))
  }
  const notReady = state.state === 'skip' ? state.reason : state.state === 'failed' ? `no Neutron session: see ${first ?? 'overlay'} session` : undefined

  const registry = state.state === 'ready' ? new Registry(state.session) : undefined
  if (registry)
    afterAll(async () => {
      const failed = (await registry.cleanup()).filter((o) => o.outcome === 'failed')
      if (failed.length) throw new Error(`${failed.map(showOutcome).join('\n')}\n(the main process tries again after the run; v6ready cleanup --target ${observations.target.name} finds what is left)`)
    }, CLEANUP_TIMEOUT_MS)

  const bySubject = new Map<string, OverlayCheckId[]>()
  for (const c of chosen) for (const s of OVERLAY_SUBJECTS[c]) bySubject.set(s, [...(bySubject.get(s) ?? []), c])

  describe.concurrent('overlay', () => {
    for (const [subject, ids] of bySubject)
      describe(subject, () => {
        for (const id of ids)
          test(testName(id, subject, subject), { timeout: TEST_TIMEOUT_MS }, async (ctx) => {
            const def = OVERLAY_CHECK_DEFS[id]
            if (!registry) return settle(ctx, subject, skipped(id, subject, notReady ?? 'no overlay session'))
            // Until the verdict is in, a timeout still reports under this check and subject.
            const base = baseOf(id, subject, def)
            ctx.task.meta.v6ready = { suite: 'overlay', group: subject, verdict: fail({ ...base, observed: `no verdict within ${TEST_TIMEOUT_MS / 1000} s`, remedy: 'check how fast neutron-server answers (its log times each request)' }) }
            const v = await runCheck(registry, id, subject, def)
            if (!ctx.signal.aborted) settle(ctx, subject, v)
          })
      })
  })
}
