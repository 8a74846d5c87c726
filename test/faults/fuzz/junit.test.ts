// The JUnit writer fed arbitrary Unicode, control characters, lone surrogates and `]]>` in every
// field a host or a config file can reach: the XML always parses (xmllint), whatever the input.
import { execFileSync } from 'node:child_process'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { junitXml } from '../../../lib/report/junit.ts'
import type { TestRecord } from '../../../lib/report/record.ts'
import { fail, skipped } from '../../../lib/verdict.ts'

const nasty = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.constantFrom(
    ']]>',
    ']]]]>>',
    '\0\x01\x1b[31m\x7f\x9b',
    '\ud800',
    '\udfff\ud800',
    '\ufffe\uffff',
    '<![CDATA[',
    '&amp;&#0;',
    '"\'<>',
  ),
)

const record = fc
  .tuple(nasty, nasty, nasty, nasty, nasty, fc.boolean())
  .map(([subject, observed, remedy, evidence, group, failed]): TestRecord => {
    const v = failed
      ? fail({
          check: 'hosts.config.brackets',
          subject,
          expected: 'bracketed',
          observed,
          remedy,
          evidence,
          where: { host: group, interface: subject },
        })
      : skipped('hosts.config.brackets', subject, observed)
    return {
      suite: 'hosts',
      group,
      check: v.check,
      name: `${v.check} ${subject}`,
      state: failed ? 'failed' : 'skipped',
      verdict: v,
      message: observed,
      body: evidence,
      durationMs: 1,
    }
  })

describe('junit.xml under hostile text', () => {
  // One xmllint per document of 50 records: 40 documents, 2,000 hostile records.
  test('every document is well-formed XML', () => {
    const docs = fc.sample(fc.array(record, { minLength: 1, maxLength: 50 }), { numRuns: 40, seed: 424242 })
    for (const records of docs) {
      const xml = junitXml(records, {
        target: '\u202etarget]]>',
        runId: 'r\0',
        startedAt: '2026-11-24T00:00:00.000Z',
        durationMs: 1,
        reportDir: '/tmp',
      })
      expect(
        () => execFileSync('xmllint', ['--noout', '-'], { input: xml, stdio: ['pipe', 'pipe', 'pipe'] }),
        xml.slice(0, 2000),
      ).not.toThrow()
    }
  })
})
