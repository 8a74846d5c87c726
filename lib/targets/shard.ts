// `--shard i/n`: which of a target's subjects each of n CI agents observes and judges
// (docs/sharding.md). A subject's shard is a hash of its name, not its place in a sorted list:
// adding or removing a host moves no other host to another shard, so each host's night-to-night
// trend stays on the same agent. The price is balance: shards differ in size by chance.
import { z } from 'zod'
import { checkedNames } from './checked-names.ts'
import type { ResolvedTarget } from './resolve.ts'

/** Part `index` of `count`, 1 ≤ index ≤ count. */
export interface Shard {
  index: number
  count: number
}

/** `2/4` as a Shard; undefined when it is not i/n with 1 ≤ i ≤ n. */
export function parseShard(text: string): Shard | undefined {
  const m = /^([0-9]{1,6})\/([0-9]{1,6})$/.exec(text)
  const [index, count] = [Number(m?.[1]), Number(m?.[2])]
  return m && index >= 1 && index <= count ? { index, count } : undefined
}

/** A shard as observations.json and results.json record it. */
export const ShardSchema = z
  .object({ index: z.int().min(1), count: z.int().min(1) })
  .refine((s) => s.index <= s.count, { error: 'expected index ≤ count' })

/** Checks whose subjects are the resolvers: judged in shard 1 only (by merge-reports, on every shard's answers). */
export const SHARD_1_CHECKS: readonly string[] = ['underlay.dns.resolver-v6']

export const shardText = (s: Shard): string => `${s.index}/${s.count}`

/** FNV-1a, 32 bits, over the name's UTF-8 bytes: small, fast, and the same on every platform and version. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5
  for (const b of new TextEncoder().encode(text)) h = Math.imul(h ^ b, 0x01000193) >>> 0
  return h
}

/** The shard (1-based) of a host, endpoint or DNS name: FNV-1a of its name, mod n, plus one. */
export const shardOf = (name: string, count: number): number => (fnv1a(name) % count) + 1

const mine = (name: string, s: Shard): boolean => shardOf(name, s.count) === s.index

/**
 * The checked DNS names of this shard. The names the targets file gives (checkedNames) go by their
 * hash; the catalog's host names, known only once Keystone answers, go with the catalog to shard 1.
 */
export function namesOfShard(full: ResolvedTarget, s: Shard): (name: string) => boolean {
  const listed = new Set(checkedNames(full))
  return (name) => (listed.has(name) ? mine(name, s) : s.index === 1)
}

/**
 * The part of the target a shard observes and judges: its hosts and endpoints by their names'
 * hash; its share of the checked names in `dns.names` (so that they are resolved even when no host
 * or endpoint of the shard names them); the resolvers' own checks, the Keystone catalog and the
 * overlay (`openstack`) in shard 1 only. The other names that its endpoints and hosts need are
 * resolved too, but judged as names only in their own shard (observations.ts filters them).
 */
export function shareOfTarget(full: ResolvedTarget, s: Shard): ResolvedTarget {
  if (s.count === 1) return full
  const { openstack, dns, ...rest } = full
  const names = checkedNames(full).filter((n) => mine(n, s))
  return {
    ...rest,
    hosts: full.hosts.filter((h) => mine(h.name, s)),
    endpoints: full.endpoints.filter((e) => mine(e.name, s)),
    ...(dns && { dns: { ...dns, names } }),
    ...(openstack && s.index === 1 && { openstack }),
  }
}

/** What `v6ready list --shard i/n` prints: the subjects of each kind that the shard holds. */
export function shardPlan(
  full: ResolvedTarget,
  s: Shard,
): { hosts: string[]; endpoints: string[]; names: string[]; firstOnly: string[] } {
  const share = shareOfTarget(full, s)
  return {
    hosts: share.hosts.map((h) => h.name),
    endpoints: share.endpoints.map((e) => e.name),
    names: checkedNames(full).filter(namesOfShard(full, s)),
    firstOnly:
      s.index === 1
        ? [
            ...((full.dns?.resolvers.length ?? 0) > 0 ? ['the resolvers (underlay.dns.resolver-v6)'] : []),
            ...(full.openstack ? ['the Keystone catalog and its host names'] : []),
            ...(full.openstack?.overlay ? ['the overlay'] : []),
          ]
        : [],
  }
}
