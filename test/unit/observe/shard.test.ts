// A shard's observations and merge-reports' join of them (lib/observe/shard.ts), on the lab's
// recording: four shards cut from it join back into it, and what is not the n shards of one run is
// refused with the files named.
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { readObservations } from '../../../lib/observe/observations-file.ts'
import type { Observations } from '../../../lib/observe/record.ts'
import { judgedObservations, mergeObservations, shareOfObservations } from '../../../lib/observe/shard.ts'
import { ROOT } from '../../integration/cli/cli.ts'

const LAB = readObservations(join(ROOT, 'test/fixtures/report/lab-faults.observations.json'), '--replay')
const shardsOf = (o: Observations, n: number) =>
  Array.from({ length: n }, (_, i) => ({
    file: `s${i + 1}/observations.json`,
    observations: shareOfObservations(o, { index: i + 1, count: n }),
  }))

describe('shareOfObservations', () => {
  test('each host and endpoint once across the shards; the catalog in shard 1; the target whole in each file', () => {
    const parts = shardsOf(LAB, 4).map((p) => p.observations)
    expect(parts.flatMap((o) => o.hosts.map((h) => h.name)).sort()).toEqual(LAB.hosts.map((h) => h.name).sort())
    expect(parts.flatMap((o) => o.underlay!.endpoints.map((e) => e.name)).sort()).toEqual(
      LAB.underlay!.endpoints.map((e) => e.name).sort(),
    )
    expect(parts.flatMap((o) => o.underlay!.names).sort()).toEqual([...LAB.underlay!.names].sort())
    expect(parts.map((o) => o.underlay!.catalog !== undefined)).toEqual([true, false, false, false])
    for (const o of parts) expect(o.target).toBe(LAB.target)
  })

  test('the suites judge the share: the target cut to its hosts, endpoints and openstack section', () => {
    const [one, two] = shardsOf(LAB, 4).map((p) => judgedObservations(p.observations))
    expect(one!.target.hosts.map((h) => h.name)).toEqual(one!.hosts.map((h) => h.name))
    expect(one!.target.openstack).toBeDefined()
    expect(two!.target.openstack).toBeUndefined()
    expect(judgedObservations(LAB)).toBe(LAB)
  })
})

describe('mergeObservations', () => {
  test('four shards join into the observation they were cut from, DNS answers in the order one run asks them', () => {
    const merged = mergeObservations(shardsOf(LAB, 4).reverse())
    expect(merged.shard).toBeUndefined()
    expect(merged).toEqual(LAB)
    // Each agent's run has its own ID: the joined one names them all, in shard order.
    const ids = shardsOf(LAB, 2).map((p, i) => ({ ...p, observations: { ...p.observations, runId: `run-${i + 1}` } }))
    expect(mergeObservations(ids.reverse()).runId).toBe('run-1+run-2')
  })

  test('a run split one way (--shard 1/1, a CI job of one) is a shard too: merged alone, it is the whole run', () => {
    const [one] = shardsOf(LAB, 1)
    expect(one!.observations.shard).toEqual({ index: 1, count: 1 })
    expect(mergeObservations([one!])).toEqual(LAB)
  })

  const refused = (parts: { file: string; observations: Observations }[]) => () => mergeObservations(parts)
  test('a shard missing: refused, naming the shards given', () => {
    expect(refused(shardsOf(LAB, 4).slice(0, 3))).toThrow(
      'merge-reports: shard 4/4 is missing (given: s1/observations.json (1/4), s2/observations.json (2/4), s3/observations.json (3/4))',
    )
  })
  test('a shard twice: refused, naming both files', () => {
    const p = shardsOf(LAB, 2)
    expect(refused([...p, { ...p[1]!, file: 'again/observations.json' }])).toThrow(
      'merge-reports: shard 2/2 is given twice (s2/observations.json, again/observations.json)',
    )
  })
  test('shards split different ways: refused, naming both', () => {
    expect(refused([...shardsOf(LAB, 2).slice(0, 1), ...shardsOf(LAB, 3).slice(1)])).toThrow(
      'merge-reports: s1/observations.json is shard 1/2 but s2/observations.json is shard 2/3',
    )
  })
  test('a whole run among the shards: refused, naming it', () => {
    expect(refused([...shardsOf(LAB, 2), { file: 'whole/observations.json', observations: LAB }])).toThrow(
      'merge-reports: whole/observations.json is of a run without --shard',
    )
  })
  test('shards of different targets, or of one target as different targets files describe it: refused', () => {
    const [a, b] = shardsOf(LAB, 2)
    const other = { ...b!, observations: { ...b!.observations, target: { ...LAB.target, name: 'lab2' } } }
    expect(refused([a!, other])).toThrow(
      'merge-reports: the reports are of different targets (s1/observations.json: lab, s2/observations.json: lab2)',
    )
    const edited = {
      ...b!,
      observations: {
        ...b!.observations,
        target: { ...LAB.target, prefixes: [...LAB.target.prefixes, '2001:db8:ffff::/48'] },
      },
    }
    expect(refused([a!, edited])).toThrow(
      'merge-reports: s2/observations.json and s1/observations.json observed target lab as different targets files describe it',
    )
    // The path of the targets file may differ from one CI agent to another.
    const moved = {
      ...b!,
      observations: { ...b!.observations, target: { ...LAB.target, source: '/agent2/targets.yaml' } },
    }
    expect(refused([a!, moved])).not.toThrow()
  })
})
