// `--shard i/n` divides the target's subjects (lib/targets/shard.ts): every host, endpoint and name
// in exactly one shard, by a rule an operator can compute, that keeps a host in its shard when
// others come and go. The target is the lab's, as its recording holds it.
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { readObservations } from '../../../lib/observe/observations-file.ts'
import { checkedNames } from '../../../lib/targets/checked-names.ts'
import type { ResolvedTarget } from '../../../lib/targets/resolve.ts'
import { fnv1a, namesOfShard, parseShard, shardOf, shardPlan, shareOfTarget } from '../../../lib/targets/shard.ts'
import { ROOT } from '../../integration/cli/cli.ts'

const LAB = readObservations(join(ROOT, 'test/fixtures/report/lab-faults.observations.json'), '--replay').target
const shards = (n: number) => Array.from({ length: n }, (_, i) => ({ index: i + 1, count: n }))

/** The lab's target grown to `n` hosts named host-1 … host-n, each a copy of its first. */
const fleet = (n: number): ResolvedTarget => ({
  ...LAB,
  hosts: Array.from({ length: n }, (_, i) => ({ ...LAB.hosts[0]!, name: `host-${i + 1}` })),
})

describe('the shard of a subject', () => {
  test('FNV-1a, 32 bits, as its reference vectors give it', () => {
    // draft-eastlake-fnv: FNV-1a 32 of "", "a" and "foobar".
    expect(fnv1a('')).toBe(0x811c9dc5)
    expect(fnv1a('a')).toBe(0xe40c292c)
    expect(fnv1a('foobar')).toBe(0xbf9cf968)
  })

  test('is FNV-1a of its name mod n, plus one', () => {
    expect(shardOf('foobar', 4)).toBe((0xbf9cf968 % 4) + 1)
    for (const h of LAB.hosts) expect(shardOf(h.name, 1)).toBe(1)
  })

  test('--shard text: i/n with 1 ≤ i ≤ n, else undefined', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 })
    for (const bad of ['0/2', '5/2', '2', 'a/b', '1/0', '-1/2', ' 1/2']) expect(parseShard(bad), bad).toBeUndefined()
  })
})

describe('shareOfTarget', () => {
  test('every host, endpoint and listed name is in exactly one of the n shards', () => {
    for (const n of [1, 2, 3, 4, 7]) {
      const shares = shards(n).map((s) => shareOfTarget(LAB, s))
      expect(shares.flatMap((t) => t.hosts.map((h) => h.name)).sort()).toEqual(LAB.hosts.map((h) => h.name).sort())
      expect(shares.flatMap((t) => t.endpoints.map((e) => e.name)).sort()).toEqual(
        LAB.endpoints.map((e) => e.name).sort(),
      )
      const names = checkedNames(LAB)
      expect(
        shards(n)
          .flatMap((s) => names.filter(namesOfShard(LAB, s)))
          .sort(),
      ).toEqual([...names].sort())
    }
  })

  test("the openstack section (the catalog and the overlay) is shard 1's alone; every shard keeps the resolvers", () => {
    const [one, ...rest] = shards(4).map((s) => shareOfTarget(LAB, s))
    expect(one!.openstack).toEqual(LAB.openstack)
    for (const t of rest) {
      expect(t.openstack).toBeUndefined()
      expect(t.dns?.resolvers).toEqual(LAB.dns?.resolvers)
    }
  })

  test('a name the catalog adds (not in the targets file) goes with the catalog to shard 1', () => {
    expect(namesOfShard(LAB, { index: 1, count: 4 })('nova.catalog.example')).toBe(true)
    expect(namesOfShard(LAB, { index: 3, count: 4 })('nova.catalog.example')).toBe(false)
  })

  test('--shard 1/1 is the whole target', () => {
    expect(shareOfTarget(LAB, { index: 1, count: 1 })).toBe(LAB)
  })

  test('a host keeps its shard when other hosts are added or removed (what a nightly trend compares)', () => {
    const of = (t: ResolvedTarget) =>
      new Map(shards(4).flatMap((s) => shareOfTarget(t, s).hosts.map((h) => [h.name, s.index] as const)))
    const before = of(fleet(100))
    const after = of({ ...fleet(150), hosts: fleet(150).hosts.filter((_, i) => i % 3 !== 0) })
    for (const [name, shard] of after) if (before.has(name)) expect(after.get(name), name).toBe(before.get(name))
  })

  test('1,000 hosts in 4 shards: each shard holds about a quarter', () => {
    const sizes = shards(4).map((s) => shareOfTarget(fleet(1000), s).hosts.length)
    expect(sizes.reduce((a, b) => a + b)).toBe(1000)
    for (const n of sizes) expect(n).toBeGreaterThan(200)
  })
})

describe('shardPlan: what `v6ready list --shard i/n` prints', () => {
  test("names each shard's hosts, endpoints and names; shard 1 says what it alone holds", () => {
    const p = shardPlan(LAB, { index: 1, count: 4 })
    expect(p.hosts).toEqual(LAB.hosts.filter((h) => shardOf(h.name, 4) === 1).map((h) => h.name))
    expect(p.firstOnly).toEqual(['the resolvers (underlay.dns.resolver-v6)', 'the Keystone catalog and its host names'])
    const overlay = { ...LAB, openstack: { ...LAB.openstack!, overlay: { enabled: true, cidr: '2001:db8:99::/48' } } }
    expect(shardPlan(overlay, { index: 1, count: 4 }).firstOnly).toEqual([
      'the resolvers (underlay.dns.resolver-v6)',
      'the Keystone catalog and its host names',
      'the overlay',
    ])
    expect(shardPlan(LAB, { index: 2, count: 4 }).firstOnly).toEqual([])
  })
})
