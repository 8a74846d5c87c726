// Sharding, the Jenkins `parallel` way: two shards of a run joined by merge-reports give the same
// junit.xml, report.html and summary.md as the unsharded run, timings aside (four shards, and what
// merge-reports refuses: shards.test.ts).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { cli, junitCases, ROOT, runs } from '../cli/cli.ts'

const OBS = join(ROOT, 'test/fixtures/report/lab-faults.observations.json')

// Durations differ from run to run; everything else must be byte-identical.
const timeless = (s: string) => s.replace(/time="[\d.]+"/g, 'time="T"').replace(/took [\d.]+ s/g, 'took T s')

describe('merge-reports', () => {
  const dir = mkdtempSync(join(tmpdir(), 'v6ready-shards-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const at = (name: string, file: string) => readFileSync(join(dir, name, file), 'utf8')

  // Four CLI runs (about 2 s each when the machine is quiet): room for a loaded CI machine.
  test('two shards merged equal the unsharded run', { timeout: runs(4) }, () => {
    expect(cli(['run', '--replay', OBS, '--report-dir', join(dir, 'whole')]).status).toBe(1)
    expect(cli(['run', '--replay', OBS, '--report-dir', join(dir, 's1'), '--shard', '1/2']).status).toBe(1)
    expect(cli(['run', '--replay', OBS, '--report-dir', join(dir, 's2'), '--shard', '2/2']).status).toBe(1)
    // Each shard holds part of the run, not all of it.
    const whole = junitCases(join(dir, 'whole', 'junit.xml')).size
    const s1 = junitCases(join(dir, 's1', 'junit.xml')).size
    expect(s1).toBeGreaterThan(0)
    expect(s1).toBeLessThan(whole)

    const m = cli(['merge-reports', join(dir, 's1'), join(dir, 's2'), '--report-dir', join(dir, 'merged')])
    expect(m.status, m.stderr).toBe(1)
    expect(m.stdout).toContain(join(dir, 'merged', 'report.html'))
    for (const f of ['junit.xml', 'report.html', 'summary.md'])
      expect(timeless(at('merged', f)), f).toBe(timeless(at('whole', f)))
    // The hosts' roles came through both shards' results.json: the merged matrix groups by them too.
    expect(at('merged', 'report.html')).toContain('controller <span class="count">1 of 1 host failing</span>')
    // Each shard's observations hold its share; the merged ones hold the whole target again.
    const hosts = (name: string) => (JSON.parse(at(name, 'observations.json')) as { hosts: unknown[] }).hosts.length
    expect(hosts('s1') + hosts('s2')).toBe(hosts('whole'))
    expect(hosts('merged')).toBe(hosts('whole'))
  })

  test('reports of different targets, or no directory at all, are usage errors', () => {
    expect(cli(['merge-reports']).status).toBe(2)
    const r = cli(['merge-reports', join(dir, 'nowhere')])
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/merge-reports .*nowhere: no such file or directory/)
  })
})
