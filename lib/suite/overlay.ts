// The overlay suite's harness: one test per check and subject, grouped in a describe per subject,
// all of a file's tests concurrent (bounded by Vitest's maxConcurrency). Each test acts on Neutron
// and settles with its verdict; whatever the file created is deleted in its afterAll. v6ready
// bounds each test and the afterAll itself (lib/overlay/bounds.ts, from openstack.timeout);
// Vitest's timeouts sit above as backstops, and should one fire all the same, the test still fails
// in v6ready's words.
import { afterAll, describe, inject, test, type TestContext } from 'vitest'
import { CATALOG } from '../checks/catalog.ts'
import { isSelected } from '../checks/select.ts'
import { baseOf, runCheck, type OverlayCheck } from '../overlay/check.ts'
import { Registry } from '../overlay/registry.ts'
import type { OverlayState } from '../overlay/session.ts'
import type { OverlayCheckId } from '../overlay/subjects.ts'
import { showOutcome } from '../overlay/sweep.ts'
import '../run-context.ts'
import { lateVerdict } from '../overlay/verdicts.ts'
import { fail, failureLine, skipped, type Verdict } from '../verdict.ts'
import { Finding, settleVerdict, testName } from './register.ts'

/**
 * Until the verdict is in, the test reports under its check and subject with `placeholder`. Should
 * Vitest's own timeout fire, its "Test timed out in …" becomes the placeholder's failure line: the
 * reports read a test's first error as its message.
 */
export function backstop(ctx: TestContext, group: string, placeholder: Verdict): void {
  ctx.task.meta.v6ready = { suite: 'overlay', group, verdict: placeholder }
  ctx.onTestFailed(({ task }) => {
    const errors = task.result?.errors
    const first = errors?.[0]
    if (!errors || !first || first.name === 'Finding') return
    const own = new Finding(failureLine(placeholder))
    errors.unshift({ name: own.name, message: own.message, stack: own.stack ?? '' })
  })
}

export function overlaySuite(runners: readonly OverlayCheck[]): void {
  const { observations, select, overlay } = inject('run')
  // A target with no overlay section gets no overlay tests (the local target, an underlay-only cloud).
  if (!observations.target.openstack?.overlay) return
  const chosen = runners.filter((r) => isSelected(r.check.id, select))
  if (chosen.length === 0) return
  const today = observations.startedAt.slice(0, 10)
  const waivers = observations.target.waivers
  const state: OverlayState = overlay ?? { state: 'skip', reason: 'no overlay session was opened for this run' }
  const settle = (ctx: Parameters<typeof settleVerdict>[0], group: string, v: Parameters<typeof settleVerdict>[3]) =>
    settleVerdict(ctx, 'overlay', group, v, waivers, today)

  // A session that could not be opened is one finding, under the first selected overlay check.
  const first = CATALOG.find((c) => c.suite === 'overlay' && isSelected(c.id, select))?.id
  if (state.state === 'failed' && first !== undefined && chosen.some((r) => r.check.id === first)) {
    const v = fail({
      check: first,
      subject: 'session',
      expected: 'a Keystone token, and the network endpoint of its catalog answering over IPv6',
      observed: state.message,
      remedy:
        state.remedy ??
        'fix what the message names: the credentials and auth_url, the catalog (openstack endpoint list --service network), or neutron-server listening on the catalog URL over IPv6',
      evidence: state.evidence,
    })
    describe('session', () => test(testName(first, 'session', 'session'), (ctx) => settle(ctx, 'session', v)))
  }
  const notReady =
    state.state === 'skip'
      ? state.reason
      : state.state === 'failed'
        ? `no Neutron session: see ${first ?? 'overlay'} session`
        : undefined

  const registry = state.state === 'ready' ? new Registry(state.session) : undefined
  // What the clean-up had no time for (`left`) is no failure: the main process deletes it after the run.
  if (registry)
    afterAll(async () => {
      const failed = (await registry.cleanup()).filter((o) => o.outcome === 'failed')
      if (failed.length)
        throw new Error(
          `${failed.map(showOutcome).join('\n')}\n(the main process tries again after the run; v6ready cleanup --target ${observations.target.name} finds what is left)`,
        )
    }, registry.bounds.cleanupTimeoutMs)

  const bySubject = new Map<string, OverlayCheck[]>()
  for (const r of chosen) for (const s of r.check.subjects) bySubject.set(s, [...(bySubject.get(s) ?? []), r])

  describe.concurrent('overlay', () => {
    for (const [subject, defs] of bySubject)
      describe(subject, () => {
        for (const def of defs) {
          const id = def.check.id as OverlayCheckId
          test(testName(id, subject, subject), {
            ...(registry && { timeout: registry.bounds.testTimeoutMs }),
          }, async (ctx) => {
            if (!registry) return settle(ctx, subject, skipped(id, subject, notReady ?? 'no overlay session'))
            backstop(ctx, subject, lateVerdict(baseOf(id, subject, def), registry.bounds))
            const v = await runCheck(registry, id, subject, def)
            if (!ctx.signal.aborted) settle(ctx, subject, v)
          })
        }
      })
  })
}
