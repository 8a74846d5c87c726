// How long the overlay waits, all of it derived from openstack.timeout (the bound of one Neutron
// request, `NeutronEndpoint.timeoutMs`): a check, a file's clean-up, the main process's settling
// after a signal, and Vitest's own timeouts, which are only backstops above these. A Neutron that
// answers every request within openstack.timeout, however slowly, never reaches one of them.
import { DELETE_ORDER } from './sweep.ts'

/** Before a delete answered 409 (in use: a port of a concurrent delete not yet gone) is tried again. */
export const RETRY_PAUSE_MS = 1000
/** Between the main process's sweeps after a signal, while workers' creates still land in the journal. */
export const SETTLE_PAUSE_MS = 1500
/**
 * The most Neutron calls any check makes one after the other (overlay.router.interface by-port
 * makes 11); concurrent calls count once. `test/unit/overlay/bounds.test.ts` measures each check.
 */
export const LONGEST_CHAIN = 12
/** Local work between calls (parsing, judging, journaling) on a busy machine. */
const SLACK_MS = 10_000
/** How far Vitest's timeouts stay above v6ready's own, so that v6ready's message always comes first. */
const BACKSTOP_MARGIN_MS = 30_000

export interface OverlayBounds {
  /** One request: openstack.timeout. */
  callMs: number
  /** One delete, tried again once after a 409. */
  deleteMs: number
  /** One check and subject: LONGEST_CHAIN calls one after the other. Past it, the verdict says so. */
  checkMs: number
  /** Vitest's timeout of an overlay test: a backstop, never reached before checkMs. */
  testTimeoutMs: number
  /** A file's clean-up starts no delete after this; what is left the main process deletes. */
  cleanupMs: number
  /** Vitest's timeout of the file's afterAll: the clean-up, the deletes it started last, and a margin. */
  cleanupTimeoutMs: number
  /** After a signal: every create on the wire has been answered or timed out by then. */
  settleMs: number
}

export function overlayBounds(callMs: number): OverlayBounds {
  const deleteMs = 2 * callMs + RETRY_PAUSE_MS
  const checkMs = LONGEST_CHAIN * callMs + SLACK_MS
  // The tags still on the wire, the lookups of unanswered creates (each a round of concurrent
  // requests), then a round of deletes per layer, subnets without their network last.
  const cleanupMs = 2 * callMs + (DELETE_ORDER.length + 1) * deleteMs + SLACK_MS
  return {
    callMs,
    deleteMs,
    checkMs,
    testTimeoutMs: checkMs + BACKSTOP_MARGIN_MS,
    cleanupMs,
    cleanupTimeoutMs: cleanupMs + deleteMs + BACKSTOP_MARGIN_MS,
    settleMs: callMs + SETTLE_PAUSE_MS,
  }
}

/** `30 s`, `0.3 s`: how the bounds read in messages. */
export const seconds = (ms: number): string => `${ms / 1000} s`
