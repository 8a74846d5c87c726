// `--shard i/n` divides the subjects (docs/sharding.md): the lab's recording replayed as four
// shards, each judging only its share, joined by merge-reports, equals one unsharded run of it:
// the same (check, subject, verdict) set, the same JUnit, the same reports apart from run IDs and
// timings; and the joined observations.json replays to the same again. The lab itself runs the same
// comparison live (test/integration/lab/lab.test.ts › "four shards of the lab, merged").
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { readObservations } from '../../../lib/observe/observations-file.ts'
import type { Results } from '../../../lib/report/record.ts'
import { shardOf } from '../../../lib/targets/shard.ts'
import { cli, junitCases, ROOT } from '../cli/cli.ts'

const OBS = join(ROOT, 'test/fixtures/report/lab-faults.observations.json')
const LAB = readObservations(OBS, '--replay')

/** Durations and run IDs differ from run to run (a merged run's ID joins its shards'); everything else must not. */
const comparable = (s: string) =>
  s
    .replace(/time="[\d.]+"/g, 'time="T"')
    .replace(/took [\d.]+ s/g, 'took T s')
    .replaceAll(new RegExp(`${LAB.runId}(\\+${LAB.runId})*`, 'g'), 'RUN')

const verdicts = (r: Results) => new Set(r.records.map((x) => `${x.check} ${x.verdict?.subject ?? x.name} ${x.state}`))
const withoutTimes = (r: Results) => r.records.map(({ durationMs: _, observedMs: __, ...x }) => x)

describe('--shard i/n divides the subjects; merge-reports joins the shards', () => {
  const dir = mkdtempSync(join(tmpdir(), 'v6ready-shards4-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const at = (name: string, file: string) => readFileSync(join(dir, name, file), 'utf8')
  const results = (name: string) => JSON.parse(at(name, 'results.json')) as Results
  const shardDirs = [1, 2, 3, 4].map((i) => join(dir, `s${i}`))

  // Seven CLI runs of about 2 s each on a quiet machine: room for a loaded CI one.
  test('four shards of the lab recording, merged, equal one unsharded run of it', { timeout: 300_000 }, () => {
    expect(cli(['run', '--replay', OBS, '--report-dir', join(dir, 'whole')]).status).toBe(1)
    for (const [i, d] of shardDirs.entries()) {
      const r = cli(['run', '--replay', OBS, '--report-dir', d, '--shard', `${i + 1}/4`])
      expect([0, 1], r.stderr).toContain(r.status)
    }

    // Each shard observed and judged its own hosts and endpoints, and no other's.
    for (const [i, d] of shardDirs.entries()) {
      const o = readObservations(join(d, 'observations.json'), 'test')
      expect(o.shard).toEqual({ index: i + 1, count: 4 })
      const mine = LAB.hosts.filter((h) => shardOf(h.name, 4) === i + 1).map((h) => h.name)
      expect(o.hosts.map((h) => h.name)).toEqual(mine)
      const groups = new Set(results(`s${i + 1}`).records.map((r) => r.group))
      for (const h of LAB.hosts) expect(groups.has(h.name), `${h.name} in shard ${i + 1}`).toBe(mine.includes(h.name))
      for (const e of LAB.target.endpoints)
        expect(groups.has(e.name), `${e.name} in shard ${i + 1}`).toBe(shardOf(e.name, 4) === i + 1)
      expect(groups.has('catalog'), `catalog in shard ${i + 1}`).toBe(i === 0)
      // A shard's reports say they are one.
      expect(at(`s${i + 1}`, 'summary.md')).toContain(`Shard ${i + 1}/4: only its share of the hosts`)
    }
    const tests = shardDirs.map((d) => junitCases(join(d, 'junit.xml')).size)
    expect(tests.reduce((a, b) => a + b)).toBe(junitCases(join(dir, 'whole', 'junit.xml')).size)

    const m = cli(['merge-reports', ...shardDirs.reverse(), '--report-dir', join(dir, 'merged')])
    expect(m.status, m.stderr).toBe(1)
    expect(verdicts(results('merged'))).toEqual(verdicts(results('whole')))
    expect(withoutTimes(results('merged'))).toEqual(withoutTimes(results('whole')))
    expect(junitCases(join(dir, 'merged', 'junit.xml'))).toEqual(junitCases(join(dir, 'whole', 'junit.xml')))
    for (const f of ['junit.xml', 'report.html', 'summary.md'])
      expect(comparable(at('merged', f)), f).toBe(comparable(at('whole', f)))

    // The joined observations are the whole target's: --replay of the merged directory judges it all again.
    const r = cli(['run', '--replay', join(dir, 'merged', 'observations.json'), '--report-dir', join(dir, 'again')])
    expect(r.status, r.stderr).toBe(1)
    for (const f of ['junit.xml', 'summary.md']) expect(comparable(at('again', f)), f).toBe(comparable(at('whole', f)))
  })

  test("a shard's observations.json replays only its share, and refuses another shard's --shard", () => {
    const r = cli(['run', '--replay', join(dir, 's3', 'observations.json'), '--report-dir', join(dir, 's3-again')])
    expect(r.status, r.stderr).not.toBe(2)
    expect(comparable(at('s3-again', 'junit.xml'))).toBe(comparable(at('s3', 'junit.xml')))
    const other = cli(['run', '--replay', join(dir, 's3', 'observations.json'), '--shard', '2/4'])
    expect(other.status).toBe(2)
    expect(other.stderr).toMatch(
      /^v6ready: --shard 2\/4: \S+s3\/observations\.json holds only the subjects of shard 3\/4/,
    )
  })

  test('merge-reports refuses what is not the n shards of one run, exit 2 naming the files, writing nothing', () => {
    const out = join(dir, 'refused')
    const refused = (dirs: string[], message: RegExp) => {
      const r = cli(['merge-reports', ...dirs, '--report-dir', out])
      expect(r.status, r.stderr).toBe(2)
      expect(r.stderr).toMatch(message)
      expect(() => readFileSync(join(out, 'junit.xml'))).toThrow()
    }
    const [s1, s2, s3, s4] = [1, 2, 3, 4].map((i) => join(dir, `s${i}`)) as [string, string, string, string]
    refused([s1, s2, s4], /^v6ready: merge-reports: shard 3\/4 is missing \(given: \S+s1\/results\.json \(1\/4\), /)
    refused(
      [s1, s2, s3, s4, s2],
      /^v6ready: merge-reports: shard 2\/4 is given twice \(\S+s2\/results\.json, \S+s2\/results\.json\)/,
    )
    refused(
      [s1, s2, s3, s4, join(dir, 'whole')],
      /^v6ready: merge-reports: \S+whole\/results\.json is of a run without --shard/,
    )
  })

  test('list --shard i/n prints the share: its tests, hosts, endpoints and names, and the rule', () => {
    const list = (shard: string) =>
      cli(['list', '--targets', join(ROOT, 'targets.example.yaml'), '--target', 'lab1', '--shard', shard])
    const r = list('2/4')
    expect(r.status, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/tests for target lab1 shard 2\/4/)
    expect(r.stdout).toMatch(
      /^hosts:\n {4}ctl1 {2}2001:db8::11 .*\nendpoints:\n {4}keystone-public\nnames:\n {4}horizon\.lab1\.example\.net\n/m,
    )
    // The resolvers' checks are shard 1's.
    expect(r.stdout).not.toMatch(/^ {4}underlay\.dns\.resolver-v6 /m)
    expect(list('1/4').stdout).toMatch(/^ {4}underlay\.dns\.resolver-v6 /m)
    expect(r.stdout).toContain(
      'shard of each host, endpoint and name: FNV-1a of its name mod 4, plus 1 (docs/sharding.md)',
    )
  })
})
