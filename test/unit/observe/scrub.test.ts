import { execFileSync } from 'node:child_process'
import { expect, test } from 'vitest'
import type { HostObservation, Observations } from '../../../lib/observe/record.ts'
import { scrubHost, scrubObservations, scrubSections } from '../../../lib/observe/scrub.ts'
import { observationScript, splitSections } from '../../../lib/observe/script.ts'
import { FIXTURE_SECRETS, FIXTURES, LAB_CONFIGS } from '../judge/config-view.ts'
import { metadataSection, SECRETS, SECRETS_HEX } from './metadata-fixtures.ts'

// The sections as a host prints them: every password of the lab's config files, and the guest's
// metadata bodies with admin_pass and keys in them.
const raw = () => {
  const out = execFileSync('sh', ['-s'], {
    input: observationScript('t3st', { configs: LAB_CONFIGS.map((c) => `${FIXTURES}bad${c.path}`) }),
    encoding: 'utf8',
  })
  return { ...splitSections(out, 't3st').sections, metadata: metadataSection('guest') }
}

test('config passwords and metadata bodies are gone, whatever else the sections hold', () => {
  const before = raw()
  const text = JSON.stringify(before)
  for (const s of FIXTURE_SECRETS) expect(text).toContain(s) // the input really holds them
  expect(SECRETS_HEX.some((s) => text.includes(s))).toBe(true)
  const after = JSON.stringify(scrubSections(before))
  for (const s of [...FIXTURE_SECRETS, ...SECRETS, ...SECRETS_HEX]) expect(after).not.toContain(s)
  expect(scrubSections(before)['ip-addr']).toBe(before['ip-addr'])
})

test('idempotent: a file v6ready wrote is replayed unchanged', () => {
  const once = scrubSections(raw())
  expect(scrubSections(once)).toEqual(once)
})

test('the text a host prints outside the sections (banner, rc noise, stderr, the error) is redacted too', () => {
  const h: HostObservation = {
    name: 'h',
    transport: 'ssh',
    ok: false,
    startedAt: '',
    durationMs: 0,
    sections: {},
    complete: false,
    truncated: false,
    probes: [],
    noise: 'Welcome\nexport DB_PASSWORD=Nz1secret\n',
    stderr: 'curl -H "X-Auth-Token: Nz2secret" failed',
    error: 'rc: --password=Nz3secret',
  }
  const s = scrubHost(h)
  expect(JSON.stringify(s)).not.toMatch(/Nz\dsecret/)
  expect(s.noise).toBe('Welcome\nexport DB_PASSWORD="***"\n')
  expect(scrubHost(s)).toEqual(s)
})

test('a replayed file is scrubbed whole: hosts, and the endpoint bodies of the underlay', () => {
  const body = { bytes: 30, truncated: false, text: '{"password": "Nz4secret"}' }
  const o = {
    version: 1,
    tool: 't',
    runId: 'r',
    startedAt: '',
    durationMs: 0,
    target: {} as Observations['target'],
    hosts: [
      {
        name: 'h',
        transport: 'ssh',
        ok: true,
        startedAt: '',
        durationMs: 0,
        sections: {},
        complete: true,
        truncated: false,
        probes: [],
        noise: 'password: Nz5secret',
      },
    ],
    underlay: {
      startedAt: '',
      durationMs: 0,
      resolvers: [],
      names: [],
      dns: [],
      tcpOnly: [],
      endpoints: [
        {
          name: 'e',
          url: 'http://[::1]/',
          tcp: [],
          http: { url: 'http://[::1]/', ok: true, headers: {}, timings: { totalMs: 1 }, body },
        },
      ],
    },
  } as Observations
  expect(JSON.stringify(scrubObservations(o))).not.toMatch(/Nz\dsecret/)
})
