// A suite file that cannot be loaded ran none of its checks: the run exits 2 naming the file, not 1
// as if a check had failed, and the other files' tests are still reported. The project is copied
// (node_modules linked) so that the broken file never enters the real tree.
import { spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { junitCases, ROOT } from './cli.ts'

const copy = mkdtempSync(join(tmpdir(), 'v6r-load-'))
afterAll(() => rmSync(copy, { recursive: true, force: true }))

test('a suite file that throws while loading: exit 2 naming it, and the other files still judged', {
  timeout: 120_000,
}, () => {
  for (const d of ['lib', 'suites', 'bin', 'package.json', 'tsconfig.json', 'tsconfig.build.json'])
    cpSync(join(ROOT, d), join(copy, d), { recursive: true })
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'))
  writeFileSync(
    join(copy, 'suites/hosts/broken.test.ts'),
    "import { hostsSuite } from '../../lib/suite/hosts.ts'\nthrow new Error('a judge module threw while loading')\nhostsSuite([])\n",
  )
  const reports = join(copy, 'reports')
  const r = spawnSync(
    process.execPath,
    [join(copy, 'bin/v6ready.js'), 'run', '--suite', 'hosts', '--report-dir', reports],
    { cwd: copy, encoding: 'utf8', timeout: 100_000, env: { ...process.env, NO_COLOR: '1' } },
  )
  expect(r.status, r.stderr).toBe(2)
  expect(r.stderr).toContain(
    'v6ready: suites/hosts/broken.test.ts failed to load, so none of its checks ran: a judge module threw while loading',
  )
  const cases = junitCases(join(reports, 'junit.xml'))
  expect([...cases.keys()].some((k) => k.includes('hosts.sysctl.disable-ipv6'))).toBe(true)
  expect(readFileSync(join(reports, 'summary.md'), 'utf8')).toContain('hosts')
})
