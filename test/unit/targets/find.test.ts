import { afterAll, describe, expect, test } from 'vitest'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { targetsPath } from '../../../lib/targets/find.ts'

const withFile = mkdtempSync(join(tmpdir(), 'v6ready-find-'))
const empty = mkdtempSync(join(tmpdir(), 'v6ready-find-'))
writeFileSync(join(withFile, 'targets.yaml'), 'targets: {}\n')
afterAll(() => {
  rmSync(withFile, { recursive: true })
  rmSync(empty, { recursive: true })
})

describe('targetsPath: --targets, then $V6READY_TARGETS, then ./targets.yaml', () => {
  test('the flag wins, as given, even when missing (loading it then fails loudly)', () => {
    expect(targetsPath('lab/x.yaml', { V6READY_TARGETS: '/env.yaml' }, withFile)).toBe('lab/x.yaml')
  })
  test('then the environment', () => {
    expect(targetsPath(undefined, { V6READY_TARGETS: '/env.yaml' }, withFile)).toBe('/env.yaml')
  })
  test('then ./targets.yaml in cwd, only when it exists', () => {
    expect(targetsPath(undefined, {}, withFile)).toBe(join(withFile, 'targets.yaml'))
    expect(targetsPath(undefined, { V6READY_TARGETS: '' }, empty)).toBeUndefined()
  })
})
