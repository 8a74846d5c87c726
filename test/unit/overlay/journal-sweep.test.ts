// The journal (what exists, after any crash) and the order things are deleted in.
import { mkdtempSync, appendFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import {
  appendJournal,
  liveEntries,
  parseJournal,
  readJournal,
  type JournalEntry,
} from '../../../lib/overlay/journal.ts'
import { isLeftover, parseAge } from '../../../lib/overlay/leftovers.ts'
import { deletionLayers, withTheirNetwork } from '../../../lib/overlay/sweep.ts'

const at = '2026-11-24T00:00:00Z'
const made = (kind: JournalEntry['kind'], id: string, extra: Partial<JournalEntry> = {}): JournalEntry => ({
  op: 'created',
  run: 'r1',
  kind,
  id,
  at,
  ...extra,
})
const gone = (kind: JournalEntry['kind'], id: string): JournalEntry => ({ op: 'deleted', run: 'r1', kind, id, at })

describe('the journal', () => {
  test('live = created and not deleted, in creation order; a torn last line is skipped', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'v6r-journal-')), 'j.jsonl')
    for (const e of [
      made('network', 'n1'),
      made('subnet', 's1', { network: 'n1' }),
      made('port', 'p1'),
      gone('port', 'p1'),
      made('router', 'r1'),
    ])
      appendJournal(path, e)
    appendFileSync(path, '{"op":"created","run":"r1","kind":"port","id":"p2"') // killed mid-write
    expect(liveEntries(readJournal(path)).map((e) => `${e.kind} ${e.id}`)).toEqual([
      'network n1',
      'subnet s1',
      'router r1',
    ])
  })

  test('lines that are not entries are ignored; a missing journal is empty', () => {
    expect(
      parseJournal(
        'garbage\n{"op":"created","kind":"volume","id":"v"}\n{"op":"created","run":"r","kind":"network","id":"n","at":""}\n',
      ),
    ).toHaveLength(1)
    expect(readJournal('/nonexistent/journal.jsonl')).toEqual([])
  })

  test('a key is kind and ID: deleting a port does not retire a network with the same ID', () => {
    expect(liveEntries([made('network', 'x'), made('port', 'x'), gone('port', 'x')]).map((e) => e.kind)).toEqual([
      'network',
    ])
  })
})

describe('deletion order', () => {
  const entries = [
    made('security-group', 'g1'),
    made('network', 'n1'),
    made('subnet', 's1', { network: 'n1' }),
    made('router', 'r1'),
    made('port', 'p1'),
    made('router-interface', 'r1:s1', { router: 'r1', subnet: 's1' }),
    made('network', 'n2'),
    made('subnet', 's2', { network: 'gone-net' }),
  ]

  test('router interfaces, ports, subnets, routers, networks, security groups; newest first in each', () => {
    expect(deletionLayers(entries).map((l) => l.map((e) => e.id))).toEqual([
      ['r1:s1'],
      ['p1'],
      ['s2', 's1'],
      ['r1'],
      ['n2', 'n1'],
      ['g1'],
    ])
  })

  test('a subnet whose network is deleted too goes with it; one whose network is not, on its own', () => {
    expect([...withTheirNetwork(entries)].map((e) => e.id)).toEqual(['s1'])
  })
})

describe('what v6ready cleanup counts as a leftover', () => {
  const now = new Date('2026-11-24T12:00:00Z')
  test.for([
    [
      { id: 'a', name: 'v6ready-r1-x', created_at: '2026-11-24T10:00:00Z' },
      { namePrefix: 'v6ready-', olderThanMs: 3_600_000, now },
      true,
    ],
    [
      { id: 'a', name: 'v6ready-r1-x', created_at: '2026-11-24T11:30:00Z' },
      { namePrefix: 'v6ready-', olderThanMs: 3_600_000, now },
      false,
    ],
    [
      { id: 'a', name: 'v6ready-r1-x', created_at: '2026-11-24T11:30:00' },
      { namePrefix: 'v6ready-', olderThanMs: 60_000, now },
      true,
    ],
    [{ id: 'a', name: 'prod-net', tags: ['v6ready'] }, { namePrefix: 'v6ready-', now }, true],
    [{ id: 'a', name: 'prod-net', tags: ['other'] }, { namePrefix: 'v6ready-', now }, false],
    [{ id: 'a', name: 'v6ready-r2-x' }, { namePrefix: 'v6ready-r1-', now }, false],
  ] as const)('%j with %j: %s', ([item, opts, want]) => {
    expect(isLeftover(item, opts)).toBe(want)
  })

  test('--older-than takes s, m, h and d', () => {
    expect(parseAge('90s')).toBe(90_000)
    expect(parseAge('30m')).toBe(1_800_000)
    expect(parseAge('1h')).toBe(3_600_000)
    expect(parseAge('2d')).toBe(172_800_000)
    expect(parseAge('1 week')).toBeUndefined()
  })
})
