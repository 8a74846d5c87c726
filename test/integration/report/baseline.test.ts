// --baseline end to end, the nightly way: the same report directory is tonight's baseline and
// tonight's output, so the baseline must be read before anything is written.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import type { Results } from '../../../lib/report/trend.ts'
import { cli, ROOT, runs } from '../cli/cli.ts'

const OBS = join(ROOT, 'test/fixtures/report/lab-faults.observations.json')

describe('--baseline', () => {
  const dir = mkdtempSync(join(tmpdir(), 'v6ready-nightly-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  test('last night in the same directory: every finding still failing; one it did not have is new, one it had is fixed', {
    timeout: runs(3),
  }, () => {
    expect(cli(['run', '--replay', OBS, '--report-dir', dir]).status).toBe(1)
    const same = cli(['run', '--replay', OBS, '--report-dir', dir, '--baseline', dir])
    expect(same.status).toBe(1)
    expect(same.stdout).toContain('since ')
    expect(same.stdout).toMatch(/: 0 new, 29 still failing, 0 fixed/)

    // Edit last night: rabbit.lab.test's orphaned A "passed", and a passing check "failed".
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as Results
    const rabbit = results.records.find(
      (r) => r.check === 'underlay.dns.no-orphan-a' && r.verdict?.subject === 'rabbit.lab.test',
    )
    const keystone = results.records.find(
      (r) => r.check === 'underlay.endpoint.http-v6' && r.verdict?.subject === 'keystone-public',
    )
    expect(rabbit?.state).toBe('failed')
    expect(keystone?.state).toBe('passed')
    if (rabbit) rabbit.state = 'passed'
    if (keystone) keystone.state = 'failed'
    writeFileSync(join(dir, 'results.json'), JSON.stringify(results))
    const edited = cli(['run', '--replay', OBS, '--report-dir', dir, '--baseline', join(dir, 'observations.json')])
    expect(edited.stdout).toMatch(/: 1 new, 28 still failing, 1 fixed/)
    const md = readFileSync(join(dir, 'summary.md'), 'utf8')
    expect(md).toMatch(
      /### \d+\. `underlay\.dns\.no-orphan-a`: 1 subject\n\nFix: .*\n\n- \*\*rabbit\.lab\.test\*\* \(new\)/,
    )
    expect(md).toContain('Fixed:\n\n- `underlay.endpoint.http-v6` **keystone-public**')
  })

  test('a baseline that is not there is a usage error before anything runs', () => {
    const r = cli(['run', '--replay', OBS, '--report-dir', join(dir, 'x'), '--baseline', join(dir, 'nowhere')])
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/^v6ready: --baseline .*nowhere: no such file or directory/)
  })
})
