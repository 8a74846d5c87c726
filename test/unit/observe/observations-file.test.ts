// observations.json read back for --replay: the file a run wrote comes back as it was; a wrong
// shape is a usage error naming the key; a `__proto__` key never reaches Object.prototype.
import { readFileSync } from 'node:fs'
// The merge startVitest() runs over the options the CLI gives it (`provide: { run: { observations } }`).
import { deepMerge } from '@vitest/utils/helpers'
import { describe, expect, test } from 'vitest'
import { parseObservations } from '../../../lib/observe/observations-file.ts'
import { UsageError } from '../../../lib/util/usage-error.ts'

const TEXT = readFileSync(new URL('../../fixtures/report/lab-faults.observations.json', import.meta.url), 'utf8')
type Doc = Record<string, unknown> & { hosts: Record<string, unknown>[]; target: Record<string, unknown> }
const doc = (): Doc => JSON.parse(TEXT) as Doc
const parse = (d: unknown) => parseObservations(JSON.stringify(d), '--replay obs.json')

/** The document with a `__proto__` key (an own one, as JSON.parse makes it) at the top, in a host, in its sections and in the target's interfaces. */
function poisoned(): string {
  const key = '"__proto__": {"polluted": "yes"}, '
  return TEXT.replace('{\n "version": 1,', `{ ${key}"version": 1,`)
    .replace('"name": "ctl",\n   "transport"', `${key}"name": "ctl",\n   "transport"`)
    .replace('"sections": {', `"sections": { ${key}`)
    .replace('"interfaces": {', `"interfaces": { ${key}`)
}

describe('parseObservations', () => {
  test('a file v6ready wrote comes back as it was', () => {
    expect(parse(doc())).toEqual(doc())
  })

  test('a host that asked for hosts.path.mtu: its path_mtu and its pathmtu section come back as they were', () => {
    const d = doc()
    const pathmtu = readFileSync(new URL('../../fixtures/observe/path-mtu/section.c.txt', import.meta.url), 'utf8')
    ;(d.target.hosts as Record<string, unknown>[])[0]!.path_mtu = {
      router: true,
      peers: [{ name: 'pmtu-b', address: '2001:db8:60::b' }],
    }
    ;(d.hosts[0]!.sections as Record<string, string>).pathmtu = pathmtu
    expect(parse(d)).toEqual(d)
    ;(d.target.hosts as Record<string, unknown>[])[0]!.path_mtu = { router: true, peers: ['pmtu-b'] }
    expect(() => parse(d)).toThrow(/: target\.hosts\[0\]\.path_mtu\.peers\[0\]: /)
  })

  test("__proto__ keys: through Vitest's merge the raw file pollutes Object.prototype; what parseObservations returns does not", () => {
    const text = poisoned()
    expect(text.match(/__proto__/g)).toHaveLength(4)
    try {
      // What the CLI handed Vitest before: JSON.parse's value, with own __proto__ keys.
      deepMerge({}, { provide: { run: { observations: JSON.parse(text) as unknown } } })
      expect(({} as Record<string, unknown>).polluted).toBe('yes')
    } finally {
      delete (Object.prototype as Record<string, unknown>).polluted
    }
    const o = parseObservations(text, '--replay obs.json')
    deepMerge({}, { provide: { run: { observations: o } } })
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(JSON.stringify(o)).not.toContain('__proto__')
    expect(o.hosts.map((h) => h.name)).toEqual(doc().hosts.map((h) => h.name))
  })

  const cases: [string, (d: Doc) => void, RegExp][] = [
    [
      'hosts: [null]',
      (d) => {
        d.hosts = [null as never]
      },
      /^--replay obs\.json: hosts\[0\]: Invalid input: expected object, received null: want an observations\.json as v6ready writes it$/,
    ],
    [
      'a target name that climbs out of reports/',
      (d) => {
        d.target.name = '../../../tmp/x'
      },
      /^--replay obs\.json: target\.name: invalid name: use letters, digits/,
    ],
    [
      'a target name with a slash',
      (d) => {
        d.target.name = 'a/b'
      },
      /: target\.name: invalid name/,
    ],
    [
      'a host without sections',
      (d) => {
        delete d.hosts[1]!.sections
      },
      /: hosts\[1\]\.sections: missing \(expected record\)/,
    ],
    [
      'a section v6ready does not have',
      (d) => {
        ;(d.hosts[0]!.sections as Record<string, string>).bogus = 'x'
      },
      /: hosts\[0\]\.sections: /,
    ],
    [
      'probes that are not a list',
      (d) => {
        d.hosts[2]!.probes = 'none'
      },
      /: hosts\[2\]\.probes: Invalid input: expected array, received string/,
    ],
    [
      'a DNS answer of the wrong kind',
      (d) => {
        ;(d.underlay as { dns: Record<string, unknown>[] }).dns[0]!.ok = 'yes'
      },
      /: underlay\.dns\[0\]\.ok: /,
    ],
    [
      'another version',
      (d) => {
        d.version = 2
      },
      /: version: expected 1: this v6ready reads version 1 of observations\.json/,
    ],
    [
      'a waiver with a bad date',
      (d) => {
        d.target.waivers = [{ check: 'hosts.addr.forbidden', subject: 'ctl', reason: 'r', expires: 'soon' }]
      },
      /: target\.waivers\[0\]\.expires: expected a date YYYY-MM-DD/,
    ],
    [
      "an unknown key in the target (the targets file's rules: strict)",
      (d) => {
        d.target.adress = 'x'
      },
      /: target: Unrecognized key: "adress"/,
    ],
  ]
  test.for(cases)('%s: a usage error naming the key', ([, edit, message]) => {
    const d = doc()
    edit(d)
    expect(() => parse(d)).toThrow(UsageError)
    expect(() => parse(d)).toThrow(message)
  })

  test('not JSON, or JSON of another kind, says so', () => {
    expect(() => parseObservations('{"version": 1,', '--replay obs.json')).toThrow(
      /^--replay obs\.json: not JSON \(.*\): want an observations\.json as v6ready writes it$/,
    )
    expect(() => parseObservations('[]', '--replay obs.json')).toThrow(
      /^--replay obs\.json: expected a JSON object: want an observations\.json/,
    )
  })
})
