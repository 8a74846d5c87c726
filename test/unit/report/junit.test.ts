import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { classnameOf, junitXml, writeJunit } from '../../../lib/report/junit.ts'
import type { TestRecord } from '../../../lib/report/record.ts'
import { fail } from '../../../lib/verdict.ts'
import { info, records } from './records.ts'
import { goldenCases } from './junit-cases.ts'
import { fileURLToPath } from 'node:url'
import { removeTemp, writeTemp, xmllintNoout, xpath } from './xml.ts'

afterAll(removeTemp)

const FAILED = "//testcase[@name='hosts.sysctl.accept-ra eth0']"
const SKIPPED = "//testcase[@name='hosts.listeners.ipv6 all']"
const WAIVED = "//testcase[@name='hosts.listeners.ipv6 5672']"

describe('junitXml structure', () => {
  const file = writeTemp(junitXml(records, info))
  const prop = (tc: string, name: string): string =>
    xpath(file, `string(${tc}/properties/property[@name='${name}']/@value)`)

  test('is well-formed', () => {
    expect(() => xmllintNoout(file)).not.toThrow()
  })

  test('one <testsuites> named after the target, one <testsuite> per (suite, group)', () => {
    expect(xpath(file, 'count(/testsuites)')).toBe('1')
    expect(xpath(file, 'string(/testsuites/@name)')).toBe('v6ready lab1')
    expect(xpath(file, 'count(//testsuite)')).toBe('3')
    const names = [1, 2, 3].map((i) => xpath(file, `string(//testsuite[${i}]/@name)`))
    expect(names).toEqual(['hosts cmp1.lab1.example.net', 'hosts ctl1', 'underlay keystone-public'])
  })

  test('suite counts and a timestamp with its timezone', () => {
    const s = "//testsuite[@name='hosts cmp1.lab1.example.net']"
    expect(xpath(file, `string(${s}/@tests)`)).toBe('3')
    expect(xpath(file, `string(${s}/@failures)`)).toBe('1')
    expect(xpath(file, `string(${s}/@skipped)`)).toBe('1')
    expect(xpath(file, `string(${s}/@timestamp)`)).toBe('2025-05-01T10:00:00.000+02:00')
  })

  test('a timestamp without zone is written in UTC', () => {
    const f = writeTemp(junitXml(records, { ...info, startedAt: '2025-05-01T10:00:00' }))
    expect(xpath(f, 'string(//testsuite[1]/@timestamp)')).toMatch(/Z$/)
  })

  test('classname replaces the dots of the group, since Jenkins splits at the last dot', () => {
    expect(xpath(file, `string(${FAILED}/@classname)`)).toBe('v6ready.hosts.cmp1_lab1_example_net')
    expect(xpath(file, "string(//testcase[@name='hosts.listeners.ipv6 5672']/@classname)")).toBe('v6ready.hosts.ctl1')
    expect(classnameOf({ suite: 'underlay', group: '192.0.2.1' })).toBe('v6ready.underlay.192_0_2_1')
  })

  test('times have at most three decimals, never an exponent', () => {
    const times = readFileSync(file, 'utf8').match(/ time="[^"]*"/g) ?? []
    // The root, three suites and each test.
    expect(times.length).toBe(1 + 3 + records.length)
    for (const t of times) expect(t).toMatch(/^ time="\d+(\.\d{1,3})?"$/)
    expect(xpath(file, `string(${FAILED}/@time)`)).toBe('0.008')
    expect(xpath(file, "string(//testcase[@name='hosts.disable-ipv6 eth0']/@time)")).toBe('0')
  })

  test('testcase properties: check, subject and where they apply host/interface/address/family', () => {
    expect(prop(FAILED, 'check')).toBe('hosts.sysctl.accept-ra')
    expect(prop(FAILED, 'subject')).toBe('cmp1:eth0')
    expect(prop(FAILED, 'host')).toBe('cmp1')
    expect(prop(FAILED, 'interface')).toBe('eth0')
    expect(prop(FAILED, 'address')).toBe('2001:db8::10')
    expect(prop(FAILED, 'family')).toBe('IPv6')
    const endpoint = "//testcase[@name='underlay.http.reachable keystone-public']"
    expect(xpath(file, `count(${endpoint}/properties/property[@name='host' or @name='interface'])`)).toBe('0')
    expect(prop(endpoint, 'address')).toBe('2001:db8::5')
    expect(xpath(file, `count(${FAILED}/properties/property[@name='waiver'])`)).toBe('0')
  })

  test('a failure: exactly one <failure>, a one-line message, the evidence in its body', () => {
    expect(xpath(file, 'count(//failure)')).toBe('1')
    expect(xpath(file, `count(${FAILED}/failure)`)).toBe('1')
    expect(xpath(file, `string(${FAILED}/failure/@message)`)).toBe(records[0]?.message)
    const body = xpath(file, `string(${FAILED}/failure)`)
    expect(body).toContain('expected: accept_ra effective (accept_ra=2 or 1 with forwarding=0)')
    expect(body).toContain('observed: accept_ra=1, forwarding=1: RAs ignored')
    expect(body).toContain('remedy:   set net.ipv6.conf.eth0.accept_ra=2')
    expect(body).toContain('net.ipv6.conf.eth0.accept_ra = 1\nnet.ipv6.conf.eth0.forwarding = 1')
    // The reporter's body repeats the verdict's evidence; it is written once.
    expect(body.split('net.ipv6.conf.eth0.forwarding = 1').length).toBe(2)
  })

  test('a multi-line message becomes one line', () => {
    const r: TestRecord = { ...(records[0] as TestRecord), message: 'first\n  second\r\nthird' }
    const f = writeTemp(junitXml([r], info))
    expect(xpath(f, 'string(//failure/@message)')).toBe('first second third')
  })

  test('a failure without a verdict (the test threw) still gets a message and its body', () => {
    const r: TestRecord = {
      suite: 'hosts',
      group: 'ctl1',
      check: 'hosts.x',
      name: 'hosts.x y',
      state: 'failed',
      body: 'TypeError: boom\n    at judge',
      durationMs: 1,
    }
    const f = writeTemp(junitXml([r], info))
    expect(xpath(f, 'string(//failure/@message)')).toBe('failed')
    expect(xpath(f, 'string(//failure)')).toBe('TypeError: boom\n    at judge')
    expect(xpath(f, "string(//property[@name='subject']/@value)")).toBe('ctl1')
  })

  test('a skip carries its reason as message=', () => {
    expect(xpath(file, `count(${SKIPPED}/skipped)`)).toBe('1')
    expect(xpath(file, `string(${SKIPPED}/skipped/@message)`)).toBe('ss not installed on cmp1')
    expect(xpath(file, `count(${SKIPPED}/failure)`)).toBe('0')
  })

  test('a waived finding is a skip with its waiver as properties', () => {
    expect(xpath(file, `string(${WAIVED}/skipped/@message)`)).toBe('waived: LP#1460177 (until 2027-01-31)')
    expect(prop(WAIVED, 'waiver')).toBe('LP#1460177')
    expect(prop(WAIVED, 'waiver_expires')).toBe('2027-01-31')
    expect(prop(WAIVED, 'subject')).toBe('ctl1:5672')
  })

  test('each call starts from a fresh builder (the default export is a shared singleton)', () => {
    expect(junitXml(records, info)).toBe(junitXml(records, info))
    expect(junitXml([], info)).not.toContain('<testsuite ')
  })
})

describe('hostile text', () => {
  const hostile = 'before \x1b[31mred\x1b[0m NUL[\x00] BEL[\x07] VT[\x0b] lone[\ud800] rlo[\u202e] a]]>b]]>c after'
  const v = fail({
    check: 'hosts.config.listen',
    subject: 'ctl1:/etc/x.conf',
    expected: 'an IPv6 listen address',
    observed: hostile,
    remedy: 'edit \x1b]8;;http://evil\x07the file\x1b]8;;\x07',
    evidence: `line 1\n${hostile}\nline 3`,
  })
  const r: TestRecord = {
    suite: 'hosts',
    group: 'ctl1',
    check: v.check,
    name: `${v.check} x.conf ${hostile}`,
    state: 'failed',
    verdict: v,
    message: `ctl1: ${hostile}`,
    body: `raw: ${hostile}`,
    durationMs: 3,
  }
  const skip: TestRecord = { ...r, name: 'skip one', state: 'skipped', message: `reason ${hostile}` }
  const xml = junitXml([r, skip], info)
  const file = writeTemp(xml)

  test('xmllint accepts the file', () => {
    expect(() => xmllintNoout(file)).not.toThrow()
  })

  test('no ESC and no illegal character is left in the file', () => {
    expect(xml).not.toContain('\x1b')
    expect(xml).not.toMatch(/[\0-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff\u202e]/u)
  })

  test('nothing is silently lost: each bad character shows as its escape', () => {
    const message = xpath(file, 'string(//failure/@message)')
    const body = xpath(file, 'string(//failure)')
    const reason = xpath(file, 'string(//skipped/@message)')
    for (const text of [message, body, reason]) {
      expect(text).toContain('before \\x1b[31mred\\x1b[0m NUL[\\x00] BEL[\\x07] VT[\\x0b] lone[\\ud800] rlo[\\u202e]')
      // `]]>` survives to the eye (a zero-width space splits it), both times.
      expect(text.replaceAll('\u200b', '')).toContain('a]]>b]]>c after')
    }
    expect(body).toContain('raw: before \\x1b[31mred')
    expect(body).toContain('remedy:   edit \\x1b]8;;http://evil\\x07the file')
  })
})

describe('fuzz: any text gives well-formed XML', () => {
  // Deterministic xorshift, so a failure reproduces.
  let seed = 0x6a09e667
  const rand = (n: number): number => {
    seed ^= seed << 13
    seed ^= seed >>> 17
    seed ^= seed << 5
    return (seed >>> 0) % n
  }
  const pieces = ['\x1b[', '\x1b]', '\x07', ']]>', ']]', '>', '<', '&', '"', "'", '\r', '\n', '\ud83d\ude00']
  const text = (): string =>
    Array.from({ length: 40 }, () =>
      rand(3) ? String.fromCharCode(rand(0x10000)) : (pieces[rand(pieces.length)] ?? ''),
    ).join('')

  test('200 records of random UTF-16 code units', () => {
    const rs: TestRecord[] = Array.from({ length: 200 }, (_, i) => {
      const v = fail({
        check: text(),
        subject: text(),
        expected: text(),
        observed: text(),
        remedy: text(),
        evidence: text(),
        where: { host: text(), interface: text() },
      })
      return {
        suite: 'hosts',
        group: text(),
        check: text(),
        name: text(),
        state: (['failed', 'skipped', 'passed'] as const)[i % 3] ?? 'failed',
        verdict: v,
        message: text(),
        body: text(),
        durationMs: rand(100_000) / 7,
        waiver: i % 5 ? undefined : { reason: text(), expires: text() },
      }
    })
    const file = writeTemp(junitXml(rs, { ...info, target: text(), runId: text() }))
    expect(() => xmllintNoout(file)).not.toThrow()
    expect(xpath(file, 'count(//testcase)')).toBe('200')
  })
})

test('writeJunit creates the directory and the file', () => {
  const path = join(dirname(writeTemp('')), 'deep', 'junit.xml')
  writeJunit(path, records, info)
  expect(() => xmllintNoout(path)).not.toThrow()
  expect(readFileSync(path, 'utf8')).toBe(junitXml(records, info))
})

describe('junitXml writes what junit-report-builder 5.1.2 wrote', () => {
  // Recorded from the builder before lib/report/junit.ts wrote the XML itself; the same bytes keep
  // every Jenkins job that parsed the old files parsing the new ones.
  test.each(goldenCases().map((c) => [c.name, c] as const))('%s', (name, c) => {
    const want = readFileSync(
      join(dirname(fileURLToPath(import.meta.url)), `../../fixtures/report/junit/${name}.xml`),
      'utf8',
    )
    expect(junitXml(c.records, c.info)).toBe(want)
  })
})
