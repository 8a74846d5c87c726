// Targets files that cost too much or name what is not theirs: a file over its limit, aliases
// that expand without end, and target names that Object.prototype holds.
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { TargetsError } from '../../../lib/targets/errors.ts'
import { loadTargetsFile, loadTargetsText, MAX_VALUES } from '../../../lib/targets/load.ts'
import { resolveTarget } from '../../../lib/targets/resolve.ts'
import { MiB } from '../../../lib/util/input-file.ts'

const dir = mkdtempSync(join(tmpdir(), 'v6ready-hostile-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const ONE = 'targets:\n  lab1:\n    hosts:\n      - { name: ctl1, address: "2001:db8::11" }\n'

describe('hostile targets files', () => {
  test.for(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'])(
    '--target %s: an unknown target, not something Object.prototype holds',
    (name) => {
      const file = loadTargetsText(ONE, 'targets.yaml', { env: {} })
      expect(() => resolveTarget(file, name)).toThrow(TargetsError)
      expect(() => resolveTarget(file, name)).toThrow(
        `targets.yaml: targets: unknown target "${name}"; known: lab1, local (built-in)`,
      )
    },
  )

  test('a file over 4 MiB is refused by its size, before it is parsed', () => {
    const f = join(dir, 'big.yaml')
    writeFileSync(f, '')
    truncateSync(f, 50 * MiB)
    expect(() => loadTargetsFile(f)).toThrow(
      `${f}: cannot read the targets file: 50 MiB, over the 4 MiB limit for a targets file (a host takes a few hundred bytes; split a bigger file into several)`,
    )
  })

  test('a fleet that uses an anchor on every host loads: 2,000 uses of `*ssh`', () => {
    const hosts = Array.from(
      { length: 2000 },
      (_, i) => `      - { name: h${i}, address: "2001:db8::${(i + 1).toString(16)}", ssh: *ssh }`,
    ).join('\n')
    const text = `x-ssh: &ssh { user: root, port: 22 }\ntargets:\n  fleet:\n    hosts:\n${hosts}\n`
    const t = loadTargetsText(text, 'fleet.yaml', { env: {} }).targets.fleet
    expect(t?.hosts).toHaveLength(2000)
    expect(t?.hosts[1999]?.ssh?.user).toBe('root')
  })

  test('aliases of aliases (a billion laughs) are refused at once, naming the file', () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]']
    for (let i = 1; i < 9; i++)
      levels.push(
        `${'abcdefghi'[i]}: &${'abcdefghi'[i]} [${Array(10)
          .fill(`*${'abcdefghi'[i - 1]}`)
          .join(',')}]`,
      )
    const t0 = performance.now()
    expect(() =>
      loadTargetsText(`x-laughs:\n  ${levels.join('\n  ')}\ntargets: {}\n`, 'laughs.yaml', { env: {} }),
    ).toThrow(
      /^laughs\.yaml: Excessive alias count indicates a resource exhaustion attack \(at most 100000 uses of anchors\)$/,
    )
    expect(performance.now() - t0).toBeLessThan(5000)
  })

  test('one big anchor used many times is refused by what it expands to', () => {
    const big = `[${Array(20_000).fill('1').join(',')}]`
    const uses = Array.from({ length: 200 }, (_, i) => `  u${i}: *big`).join('\n')
    expect(20_000 * 200).toBeGreaterThan(MAX_VALUES)
    expect(() =>
      loadTargetsText(`x-big: &big ${big}\nx-uses:\n${uses}\ntargets: {}\n`, 'big.yaml', { env: {} }),
    ).toThrow(`big.yaml: the aliases expand the document to more than ${MAX_VALUES} values: use fewer nested anchors`)
  })
})
