import { execFileSync } from 'node:child_process'
import { expect, test } from 'vitest'
import { scrubSections } from '../../../lib/observe/scrub.ts'
import { observationScript, splitSections } from '../../../lib/observe/script.ts'
import { FIXTURE_SECRETS, FIXTURES, LAB_CONFIGS } from '../judge/config-view.ts'
import { metadataSection, SECRETS, SECRETS_HEX } from './metadata-fixtures.ts'

// The sections as a host prints them: every password of the lab's config files, and the guest's
// metadata bodies with admin_pass and keys in them.
const raw = () => {
  const out = execFileSync('sh', ['-s'], { input: observationScript('t3st', { configs: LAB_CONFIGS.map((c) => `${FIXTURES}bad${c.path}`) }), encoding: 'utf8' })
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
