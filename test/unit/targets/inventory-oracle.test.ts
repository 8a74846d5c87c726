// Ansible inventories read as Ansible reads them: each input in test/fixtures/inventory (the examples of
// Ansible's own documentation, and this project's) against what `ansible-inventory --list` printed for
// it (record.sh): the same groups, hosts, children and per-host variables, or the same refusal.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { ansibleList, InventoryError, parseInventory } from '../../../lib/targets/inventory/index.ts'

const DIR = join(import.meta.dirname, '../../fixtures/inventory')
const inputs = readdirSync(DIR).filter((f) => /\.(ini|yaml)$/.test(f))
const ORACLE = '.ansible-inventory-2.14'

/** The plugin's own words from ansible-inventory's stderr: wrapped at 80 columns, the path absolute. */
function refusal(stderr: string, file: string): { line?: number; message: string } {
  // textwrap breaks at a space (dropped) or after a hyphen (kept).
  const text = stderr.split('\n').reduce((acc, l) => (acc === '' ? l : acc.endsWith('-') ? acc + l : `${acc} ${l}`), '')
  const m = /Failed to parse \S+ with (?:ini|yaml) plugin: (.*?)(?= \[WARNING\]|$)/.exec(
    text.replace(new RegExp(`with (?:ini) plugin: Invalid host pattern 'all:'.*?(?=\\[WARNING\\])`), ''),
  )
  const said = (m?.[1] ?? '').trim()
  const at = new RegExp(`^\\S*${file.replace('.', '\\.')}:(\\d+): (.*)$`).exec(said)
  return at ? { line: Number(at[1]), message: at[2] as string } : { message: said }
}

describe('parsed as ansible-inventory --list prints them', () => {
  test('every input has its oracle', () => {
    expect(inputs.length).toBeGreaterThanOrEqual(15)
    for (const f of inputs)
      expect(
        readdirSync(DIR).some((x) => x.startsWith(`${f}${ORACLE}.`)),
        f,
      ).toBe(true)
  })

  test.each(inputs.filter((f) => readdirSync(DIR).includes(`${f}${ORACLE}.json`)))('%s', (f) => {
    const want = JSON.parse(readFileSync(join(DIR, `${f}${ORACLE}.json`), 'utf8')) as unknown
    expect(ansibleList(parseInventory(readFileSync(join(DIR, f), 'utf8'), f))).toEqual(want)
  })

  test.each(inputs.filter((f) => readdirSync(DIR).includes(`${f}${ORACLE}.stderr`)))(
    '%s is refused as Ansible refuses it',
    (f) => {
      const want = refusal(readFileSync(join(DIR, `${f}${ORACLE}.stderr`), 'utf8'), f)
      expect(want.message).not.toBe('')
      let got: unknown
      try {
        parseInventory(readFileSync(join(DIR, f), 'utf8'), f)
      } catch (e) {
        got = e
      }
      expect(got).toBeInstanceOf(InventoryError)
      const e = got as InventoryError
      expect(e.message.endsWith(want.message), `${e.message} ≠ …${want.message}`).toBe(true)
      if (want.line !== undefined) expect(e.line).toBe(want.line)
    },
  )
})
