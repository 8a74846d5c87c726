// Vitest's per-test timeout is only a backstop above v6ready's own bounds (lib/overlay/bounds.ts).
// Should it fire all the same, the overlay test still fails in v6ready's words: the placeholder
// verdict's failure line, not "Test timed out in 300ms. If this is a long-running test, …".
import { spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { junitCases, ROOT } from '../cli/cli.ts'

test("an overlay test cut short by Vitest's own timeout fails with v6ready's placeholder verdict", {
  timeout: 120_000,
}, () => {
  const dir = mkdtempSync(join(tmpdir(), 'v6r-backstop-'))
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'test/integration/report/backstop-run.ts'), dir],
    { cwd: ROOT, encoding: 'utf8', timeout: 100_000, env: { ...process.env, NO_COLOR: '1' } },
  )
  expect(r.status, r.stderr).toBe(0)
  expect([...junitCases(join(dir, 'junit.xml'))]).toEqual([
    [
      'v6ready.overlay.by-port overlay.router.interface by-port',
      {
        state: 'failed',
        message:
          'by-port: expected a router is created down, …, observed no verdict within 22 s, the bound of one check (12 Neutron requests one after the other, each within openstack.timeout, 1 s). Fix: check how fast neutron-server answers (its log times each request); if every request was answered within openstack.timeout, this is a bug in v6ready: report it with this evidence',
      },
    ],
  ])
})
