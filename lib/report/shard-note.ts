// What a shard's reports say of themselves: that they hold part of the run (docs/sharding.md).
import type { Shard } from '../targets/shard.ts'

export const shardNote = (s: Shard): string =>
  `Shard ${s.index}/${s.count}: only its share of the hosts, endpoints and names; v6ready merge-reports joins the ${s.count} shards into the whole run's report.`
