// A guest judged end to end: `v6ready run --replay` of the real guest capture (capture-metadata.sh)
// through the metadata and privacy suites, and what the reports then hold.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import { splitSections } from '../../../lib/observe/script.ts'
import { fixture } from '../../unit/observe/fixtures.ts'
import { SECRETS, SECRETS_HEX } from '../../unit/observe/metadata-fixtures.ts'
import { cli, junitCases } from './cli.ts'

describe('a guest in a replay: hosts.metadata.available and hosts.privacy.addr-gen', () => {
  const d = mkdtempSync(join(tmpdir(), 'v6r-guest-'))
  const out = join(d, 'report')
  let r: ReturnType<typeof cli>
  beforeAll(() => {
    const vm = {
      name: 'vm',
      transport: 'ssh',
      address: '2001:db8:10:0:f816:3eff:fe00:10',
      roles: ['guest'],
      stack: 'ipv6-only',
      interfaces: {},
      sysctl: {},
      listeners: { auto: false, expected: [] },
      configs: [],
      metadata: 'ipv6',
      address_mode: 'slaac',
    }
    const startedAt = '2026-11-24T00:00:00.000Z'
    // The section as captured, bodies and all: a hand-made replay file must not leak them either.
    const sections = splitSections(fixture('full.netns-md-guest.txt'), 'fixture1').sections
    const observations = {
      version: 1,
      tool: 'v6ready test',
      runId: 'fixture',
      startedAt,
      durationMs: 0,
      target: {
        name: 'guest',
        stack: 'ipv6-only',
        tags: [],
        prefixes: [],
        endpoints: [],
        hosts: [vm],
        waivers: [],
        source: 'test',
      },
      hosts: [
        {
          name: 'vm',
          transport: 'ssh',
          ok: true,
          startedAt,
          durationMs: 1,
          complete: true,
          truncated: false,
          probes: [],
          sections,
        },
      ],
    }
    writeFileSync(join(d, 'obs.json'), JSON.stringify(observations))
    r = cli(['run', '--replay', join(d, 'obs.json'), '--report-dir', out, '--suite', 'hosts'])
  }, 120_000)

  test('one test per check and subject, with the verdicts of the capture', () => {
    expect(r.status, r.stderr).toBe(1)
    const cases = junitCases(join(out, 'junit.xml'))
    expect(cases.get('v6ready.hosts.vm hosts.metadata.available vm')?.state).toBe('passed')
    expect(cases.get('v6ready.hosts.vm hosts.privacy.addr-gen eth0')?.state).toBe('passed')
    expect(cases.get('v6ready.hosts.vm hosts.privacy.addr-gen eth1')?.message).toMatch(
      /^vm:eth1: expected slaac: .*observed addr_gen_mode = 2 \(stable privacy/,
    )
    expect(cases.get('v6ready.hosts.vm hosts.privacy.addr-gen eth2')?.state).toBe('failed')
  })

  test('no report holds a secret from meta_data.json, observations.json included', () => {
    const files = readdirSync(out)
    expect(files).toEqual(expect.arrayContaining(['junit.xml', 'observations.json', 'summary.md']))
    for (const f of files) {
      const text = readFileSync(join(out, f), 'utf8')
      for (const s of [...SECRETS, ...SECRETS_HEX]) expect(text, `${f} holds ${s}`).not.toContain(s)
    }
    expect(readFileSync(join(out, 'observations.json'), 'utf8')).toContain(
      'json=valid 568 6f1c2d3e-0a1b-4c2d-9e8f-112233445566',
    )
  })
})
