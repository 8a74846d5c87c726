// The overlay's state for a run: skipped (a replay, the overlay not enabled), failed (no session),
// or ready with the guard that deletes what the run makes, even when it is interrupted.
import { join } from 'node:path'
import type { Observations } from '../observe/record.ts'
import type { Access } from '../openstack/access.ts'
import type { OverlayGuard } from '../overlay/guard.ts'
import type { OverlaySession, OverlayState } from '../overlay/session.ts'

/** The overlay's state for this run: skipped (replay, not enabled), failed (no session), or ready with its guard. */
export async function overlayFor(
  o: Observations,
  access: Access | undefined,
  reportDir: string,
  replay: boolean,
): Promise<{ state: OverlayState; guard?: OverlayGuard } | undefined> {
  const spec = o.target.openstack?.overlay
  if (!spec) return undefined
  if (replay)
    return {
      state: {
        state: 'skip',
        reason: '--replay judges recorded observations; the overlay suite acts on Neutron and is never replayed',
      },
    }
  if (!spec.enabled || spec.cidr === undefined)
    return {
      state: {
        state: 'skip',
        reason: `openstack.overlay.enabled is not true for target ${o.target.name}: the overlay suite creates resources only when the targets file allows it`,
      },
    }
  if (!access) return undefined
  if (!access.ok)
    return {
      state: {
        state: 'failed',
        message: access.message,
        evidence: access.evidence.join('\n'),
        ...(access.remedy && { remedy: access.remedy }),
      },
    }
  // The overlay's modules are loaded only by a run that acts on Neutron.
  const [{ carveProblem }, { OverlayGuard }] = await Promise.all([
    import('../overlay/carve.ts'),
    import('../overlay/guard.ts'),
  ])
  const problem = carveProblem(spec.cidr)
  if (problem)
    return {
      state: {
        state: 'failed',
        message: problem,
        evidence: `targets.${o.target.name}.openstack.overlay.cidr: ${spec.cidr}`,
      },
    }
  const session: OverlaySession = {
    target: o.target.name,
    runId: o.runId,
    cidr: spec.cidr,
    journal: join(reportDir, 'overlay-journal.jsonl'),
    endpoint: access.endpoint,
    extensions: access.extensions,
  }
  const guard = new OverlayGuard(session, (line) => console.error(`v6ready overlay: ${line}`))
  const busy = await guard.start()
  if (busy) return { state: { state: 'failed', message: busy, evidence: session.journal } }
  return { state: { state: 'ready', session }, guard }
}
