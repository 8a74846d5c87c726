// The lab's config files (lab/files/{good,bad}/, copied onto host ctl by lab:up): observed
// through the real script, redacted as host.ts does, judged. Every bad file gives exactly its
// findings, every good one passes every check, and no password reaches a verdict.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { PLANTED, PLANTED_SPECS } from '../../../lab/host-files.ts'
import { leakOf } from '../../../lab/secret-shapes.ts'
import type { HostView } from '../../../lib/judge/host-view.ts'
import { configBindAny } from '../../../lib/judge/config-bind-any.ts'
import { configBrackets } from '../../../lib/judge/config-brackets.ts'
import { configExpanded } from '../../../lib/judge/config-expanded.ts'
import type { Verdict } from '../../../lib/verdict.ts'
import { FIXTURE_SECRETS, FIXTURES, LAB_CONFIGS, labView, observeConfigs, observedSection } from './config-view.ts'
import { host, rich } from './view.ts'

const judges = [configBrackets, configBindAny, configExpanded]
const good = labView('good')
const bad = labView('bad')
const all = (v: typeof good): Verdict[] => judges.flatMap((j) => j(v))

/** check → subject → 'pass' | 'fail' | 'skip'. */
const table = (vs: Verdict[]) => {
  const t: Record<string, Record<string, string>> = {}
  for (const v of vs) (t[v.check] ??= {})[v.subject] = v.skip ? 'skip' : v.ok ? 'pass' : 'fail'
  return t
}

describe('the lab config files on ctl', () => {
  test('good: every file passes every check that applies to it (expanded only for the BOSH file)', () => {
    const pass = (paths: string[]) => Object.fromEntries(paths.map((p) => [`ctl:${p}`, 'pass']))
    const paths = LAB_CONFIGS.map((c) => c.path)
    expect(table(all(good))).toEqual({
      'hosts.config.brackets': pass(paths),
      'hosts.config.bind-any': pass(paths),
      'hosts.config.expanded': pass(['/srv/bosh/cloud-config.yml']),
    })
  })

  test('bad: exactly the designed failures, each on the line that causes it', () => {
    const vs = all(bad)
    expect(table(vs)).toEqual({
      'hosts.config.brackets': {
        'ctl:/etc/cinder/cinder.conf': 'fail',
        'ctl:/etc/nova/nova.conf': 'fail',
        'ctl:/etc/nginx/sites-enabled/default': 'pass',
        'ctl:/etc/haproxy/haproxy.cfg': 'pass',
        'ctl:/srv/bosh/cloud-config.yml': 'pass',
      },
      'hosts.config.bind-any': {
        'ctl:/etc/cinder/cinder.conf': 'pass',
        'ctl:/etc/nova/nova.conf': 'pass',
        'ctl:/etc/nginx/sites-enabled/default': 'fail',
        'ctl:/etc/haproxy/haproxy.cfg': 'fail',
        'ctl:/srv/bosh/cloud-config.yml': 'pass',
      },
      'hosts.config.expanded': { 'ctl:/srv/bosh/cloud-config.yml': 'fail' },
    })
    const failed = vs.filter((v) => !v.ok)
    expect(failed.map((v) => [v.check, v.subject, v.evidence?.split('\n')[0]])).toEqual([
      [
        'hosts.config.brackets',
        'ctl:/etc/cinder/cinder.conf',
        '/etc/cinder/cinder.conf:32: iscsi_ip_address = 2001:db8:0:1::11:3260',
      ],
      [
        'hosts.config.brackets',
        'ctl:/etc/nova/nova.conf',
        '/etc/nova/nova.conf:5: transport_url = rabbit://openstack:***@2001:db8:0:1::11:5672/',
      ],
      [
        'hosts.config.bind-any',
        'ctl:/etc/nginx/sites-enabled/default',
        '/etc/nginx/sites-enabled/default:22: listen 80;',
      ],
      ['hosts.config.bind-any', 'ctl:/etc/haproxy/haproxy.cfg', '/etc/haproxy/haproxy.cfg:38: bind 0.0.0.0:5000'],
      [
        'hosts.config.expanded',
        'ctl:/srv/bosh/cloud-config.yml',
        '/srv/bosh/cloud-config.yml:14: gateway: "2001:db8:0:1::1"',
      ],
    ])
    // One finding each: the evidence holds one file:line entry (and its reason).
    for (const v of failed) expect(v.evidence?.match(/^\//gm), v.subject).toHaveLength(1)
  })

  test('bad: the remedies say what to write', () => {
    const fix = (check: string, path: string) =>
      all(bad).find((v) => v.check === check && v.subject === `ctl:${path}`)?.remedy
    expect(fix('hosts.config.brackets', '/etc/cinder/cinder.conf')).toBe(
      'line 32: write iscsi_ip_address = 2001:db8:0:1::11 (the port has its own option), or [2001:db8:0:1::11]:3260 where a port is taken',
    )
    expect(fix('hosts.config.brackets', '/etc/nova/nova.conf')).toBe(
      'line 5: write rabbit://openstack:***@[2001:db8:0:1::11]:5672/',
    )
    expect(fix('hosts.config.bind-any', '/etc/nginx/sites-enabled/default')).toMatch(
      /^line 22: add `listen \[::\]:80;` to the same server block/,
    )
    expect(fix('hosts.config.bind-any', '/etc/haproxy/haproxy.cfg')).toMatch(
      /^line 38: bind `:::5000 v4v6` in place of 0\.0\.0\.0:5000/,
    )
    expect(fix('hosts.config.expanded', '/srv/bosh/cloud-config.yml')).toBe(
      'line 14: write 2001:0db8:0000:0001:0000:0000:0000:0001',
    )
  })

  test('no password from the files reaches observations.json or any verdict', () => {
    const stored = ['good', 'bad']
      .map((variant) => observedSection(LAB_CONFIGS.map((c) => `${FIXTURES}${variant}${c.path}`)))
      .join('\n')
    const verdicts = JSON.stringify([...all(good), ...all(bad)])
    for (const secret of FIXTURE_SECRETS) {
      expect(stored, secret).not.toContain(secret)
      expect(verdicts, secret).not.toContain(secret)
    }
    // The redaction did not take what the judges need.
    expect(stored).toContain('rabbit://openstack:***@2001:db8:0:1::11:5672/')
    expect(stored).toContain('stats auth admin:***')
  })
})

describe('the secrets planted on ctl (one file per shape, judged as text)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'v6r-planted-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const files = PLANTED.map((p, i) => {
    const real = join(dir, `${i}.conf`)
    writeFileSync(real, p.text)
    return { real, as: p.path }
  })
  const view: HostView = {
    host: host({ name: 'ctl', configs: PLANTED_SPECS }),
    facts: { ...rich, configs: observeConfigs(files, PLANTED_SPECS) },
    probes: [],
  }

  test('clean traps: every file passes every config check', () => {
    const vs = judges.flatMap((j) => j(view))
    expect(vs.filter((v) => !v.ok || v.skip).map((v) => `${v.check} ${v.subject}: ${v.observed}`)).toEqual([])
    expect(vs).toHaveLength(2 * PLANTED.length)
  })

  test('no piece of any planted secret in a shape is stored or judged (the echoed run password is masked at output)', () => {
    const stored = JSON.stringify([view.facts.configs, judges.flatMap((j) => j(view))])
    const shaped = PLANTED.filter((p) => !p.verbatim)
    expect(shaped).toHaveLength(PLANTED.length - 1)
    for (const p of shaped) expect(leakOf(stored, p.secret), p.path).toBeUndefined()
  })
})
