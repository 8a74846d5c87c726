// The record sets whose junit.xml was recorded from junit-report-builder 5.1.2, the writer before
// lib/report/junit.ts wrote the XML itself (test/fixtures/report/junit/): the lab's faults run, the
// unit records, hostile text in every field, and interrupted runs with and without records.
import { readFileSync } from 'node:fs'
import type { RunInfo, TestRecord } from '../../../lib/report/record.ts'
import { fail } from '../../../lib/verdict.ts'
import { info, records } from './records.ts'

const HOSTILE =
  'before \x1b[31mred\x1b[0m NUL[\x00] BEL[\x07] VT[\x0b] lone[\ud800] rlo[\u202e] a]]>b]]>c & <x> "q" \'a\'\ttab\r\nnew after'

const hostileRecords = (): TestRecord[] => [
  {
    suite: 'hosts',
    group: `g.${HOSTILE}`,
    check: 'hosts.listeners.ipv6',
    name: `n ${HOSTILE}`,
    state: 'failed',
    verdict: fail({
      check: 'hosts.listeners.ipv6',
      subject: `s ${HOSTILE}`,
      expected: `e ${HOSTILE}`,
      observed: `o ${HOSTILE}`,
      remedy: `r ${HOSTILE}`,
      evidence: `ev ${HOSTILE}\n]]>\n`,
      where: { host: `h ${HOSTILE}`, interface: 'eth0', address: '2001:db8::1', family: 'IPv6' },
    }),
    body: `body ${HOSTILE}`,
    durationMs: 1.23456,
  },
  {
    suite: 'hosts',
    group: 'g2',
    check: 'c',
    name: 'message only',
    state: 'failed',
    message: `m ${HOSTILE}`,
    durationMs: 0,
  },
  { suite: 'hosts', group: 'g2', check: 'c', name: 'bare failure', state: 'failed', durationMs: 0 },
  { suite: 'hosts', group: 'g2', check: 'c', name: 'skip, no reason', state: 'skipped', durationMs: 0 },
  { suite: 'hosts', group: 'g2', check: 'c', name: 'skip', state: 'skipped', message: `why ${HOSTILE}`, durationMs: 2 },
]

export function goldenCases(): { name: string; records: TestRecord[]; info: RunInfo }[] {
  const lab = JSON.parse(
    readFileSync(new URL('../../fixtures/report/lab-faults.results.json', import.meta.url), 'utf8'),
  ) as { info: RunInfo; records: TestRecord[] }
  const interrupted = { ...info, interrupted: true, interruption: `SIGINT ${HOSTILE}` }
  return [
    { name: 'lab-faults', records: lab.records, info: lab.info },
    { name: 'unit-records', records, info },
    { name: 'hostile', records: hostileRecords(), info: { ...info, target: `t ${HOSTILE}`, runId: `id ${HOSTILE}` } },
    { name: 'interrupted-empty', records: [], info: interrupted },
    { name: 'empty', records: [], info },
    { name: 'interrupted', records, info: interrupted },
    { name: 'zoneless-start', records: records.slice(0, 2), info: { ...info, startedAt: '2025-05-01T10:00:00.000' } },
  ]
}
