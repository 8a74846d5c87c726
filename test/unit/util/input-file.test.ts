// Input files checked before they are parsed: a directory, a file over its limit (by stat, before
// a byte is read), an endless device and an unreadable file are each one clear problem.
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import {
  bytesText,
  LIST_INPUT,
  MiB,
  OBSERVATIONS_INPUT,
  readInput,
  readTextInput,
  TARGETS_INPUT,
} from '../../../lib/util/input-file.ts'
import { UsageError } from '../../../lib/util/usage-error.ts'

const dir = mkdtempSync(join(tmpdir(), 'v6ready-input-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('readTextInput', () => {
  test('a file within its limit is read whole', () => {
    const f = join(dir, 'list')
    writeFileSync(f, 'hosts.sysctl.*\n# comment\n')
    expect(readTextInput(f, LIST_INPUT)).toEqual({ text: 'hosts.sysctl.*\n# comment\n' })
  })

  test('a file over its limit is refused from its size alone, naming the size, the limit and what to do', () => {
    const f = join(dir, 'big.json')
    writeFileSync(f, '')
    truncateSync(f, 200 * MiB) // sparse: nothing to read, so only stat can have refused it
    expect(readTextInput(f, OBSERVATIONS_INPUT)).toEqual({
      problem:
        '200 MiB, over the 64 MiB limit for an observations.json (1,000 hosts weigh about 20 MiB; split a bigger fleet into several targets)',
    })
  })

  test('what stat cannot size (a device, a pipe) is read no further than the limit', () => {
    expect(readTextInput('/dev/zero', LIST_INPUT)).toEqual({
      problem: `more than 64 KiB, over the 64 KiB limit for a check list (${LIST_INPUT.tooBig})`,
    })
  })

  test.for([
    ['a directory', () => dir, /^is a directory, not a targets file$/],
    ['a missing file', () => join(dir, 'nowhere.yaml'), /^ENOENT: no such file or directory$/],
    ['a file the kernel will not read', () => '/proc/self/mem', /^cannot read it: EIO: i\/o error$/],
  ] as [string, () => string, RegExp][])('%s: one problem, in words', ([, path, problem]) => {
    const r = readTextInput(path(), TARGETS_INPUT)
    expect('problem' in r && r.problem).toMatch(problem)
  })

  test('readInput puts the flag and the path in front', () => {
    expect(() => readInput(dir, '--include-list', LIST_INPUT)).toThrow(UsageError)
    expect(() => readInput(dir, '--include-list', LIST_INPUT)).toThrow(
      `--include-list ${dir}: is a directory, not a check list`,
    )
  })

  test('sizes in words', () => {
    expect([17, 64 * 1024, 1536 * 1024, 64 * MiB].map(bytesText)).toEqual(['17 bytes', '64 KiB', '1.5 MiB', '64 MiB'])
  })
})
