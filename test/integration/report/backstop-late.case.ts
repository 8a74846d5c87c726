// Run only by backstop-run.ts, in a Vitest of its own: an overlay test whose Vitest timeout fires
// before its verdict is in, as if the backstop fired before v6ready's own bound.
import { test } from 'vitest'
import { overlayBounds } from '../../../lib/overlay/bounds.ts'
import { lateVerdict } from '../../../lib/overlay/verdicts.ts'
import { backstop } from '../../../lib/suite/overlay.ts'

const base = {
  check: 'overlay.router.interface',
  subject: 'by-port',
  expected: 'a router is created down, …',
  remedy: 'the check remedy',
}

test('overlay.router.interface by-port', { timeout: 300 }, async (ctx) => {
  backstop(ctx, 'by-port', lateVerdict(base, overlayBounds(1000)))
  // Vitest aborts the signal when its timeout fires.
  await new Promise<void>((resolve) => {
    const t = setTimeout(resolve, 10_000)
    ctx.signal.addEventListener('abort', () => (clearTimeout(t), resolve()))
  })
})
