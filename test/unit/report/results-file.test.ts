// results.json read back for --baseline and merge-reports: a file v6ready wrote comes back as it
// was; a wrong type is a usage error naming the key, before anything is observed or written.
import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { parseResults } from '../../../lib/report/results-file.ts'
import { UsageError } from '../../../lib/util/usage-error.ts'

const TEXT = readFileSync(new URL('../../fixtures/report/lab-faults.results.json', import.meta.url), 'utf8')
type Doc = { info?: Record<string, unknown>; records: Record<string, unknown>[] } & Record<string, unknown>
const doc = (): Doc => JSON.parse(TEXT) as Doc
const parse = (d: unknown) => parseResults(JSON.stringify(d), '--baseline r.json')

describe('parseResults', () => {
  test('a file v6ready wrote comes back as it was', () => {
    expect(parse(doc())).toEqual(doc())
  })

  const cases: [string, (d: Doc) => void, RegExp][] = [
    [
      'a runId that is a number',
      (d) => {
        d.info!.runId = 7
      },
      /^--baseline r\.json: info\.runId: Invalid input: expected string, received number: want a results\.json as v6ready writes it$/,
    ],
    [
      'a target name that climbs out of reports/',
      (d) => {
        d.info!.target = '../../../tmp/x'
      },
      /^--baseline r\.json: info\.target: invalid name/,
    ],
    [
      'records: [null]',
      (d) => {
        d.records = [null as never]
      },
      /: records\[0\]: Invalid input: expected object, received null/,
    ],
    [
      'a state v6ready does not write',
      (d) => {
        d.records[3]!.state = 'exploded'
      },
      /: records\[3\]\.state: Invalid option: expected one of "passed"\|"failed"\|"skipped"/,
    ],
    [
      'a verdict whose subject is a number',
      (d) => {
        ;(d.records[0]!.verdict as Record<string, unknown>).subject = 1
      },
      /: records\[0\]\.verdict\.subject: Invalid input: expected string, received number/,
    ],
    [
      'a start that is no time',
      (d) => {
        d.info!.startedAt = 'yesterday'
      },
      /: info\.startedAt: Invalid ISO datetime/,
    ],
    [
      "a host's roles as one string",
      (d) => {
        d.info!.roles = { ctl: 'controller' }
      },
      /: info\.roles\.ctl: Invalid input: expected array, received string/,
    ],
    [
      'roles keyed by a name no host can have',
      (d) => {
        d.info!.roles = { '../x': ['controller'] }
      },
      /: info\.roles\["\.\.\/x"\]: invalid name/,
    ],
    [
      'no info',
      (d) => {
        delete d.info
      },
      /: info: missing \(expected object\)/,
    ],
  ]
  test.for(cases)('%s: a usage error naming the key', ([, edit, message]) => {
    const d = doc()
    edit(d)
    expect(() => parse(d)).toThrow(UsageError)
    expect(() => parse(d)).toThrow(message)
  })

  test("each host's roles come back as the run wrote them", () => {
    const d = doc()
    d.info!.roles = { ctl: ['controller'], cmp: ['compute', 'network'], vm9: [] }
    expect(parse(d).info.roles).toEqual({ ctl: ['controller'], cmp: ['compute', 'network'], vm9: [] })
  })

  test('a __proto__ key is dropped, as any key v6ready does not write', () => {
    const text = TEXT.replace('"info": {', '"info": { "__proto__": {"polluted": "yes"},').replace(
      '"verdict": {',
      '"verdict": { "__proto__": {"polluted": "yes"},',
    )
    const r = parseResults(text, '--baseline r.json')
    expect(JSON.stringify(r)).not.toContain('__proto__')
    expect(Object.getPrototypeOf(r.info)).toBe(Object.prototype)
    expect(r).toEqual(doc())
  })
})
