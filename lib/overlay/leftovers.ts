// Finding what v6ready created without a journal: every network, subnet, port, router and
// security group whose name starts with the prefix (or that carries the tag), older than an age,
// plus the interfaces of such routers. `v6ready cleanup` uses it as `tempest cleanup` walks a
// cloud; the main process uses it with the run's own tag after an interrupt.
import type { Neutron, Query } from '../openstack/neutron.ts'
import type { NeutronApiError } from '../openstack/neutron-error.ts'
import type { Kind } from '../openstack/neutron-types.ts'
import type { JournalEntry } from './journal.ts'
import { isOurs, TAG } from './names.ts'

type Listed = Kind & ('network' | 'subnet' | 'port' | 'router' | 'security-group')
const LISTED: readonly Listed[] = ['network', 'subnet', 'port', 'router', 'security-group']

export interface FindOptions {
  /** `v6ready-` for every run, `v6ready-<run id>-` for one. */
  namePrefix: string
  /** Server-side filter (?tags=); resources must then carry it. */
  tag?: string
  /** Only resources created at least this long ago (by created_at). */
  olderThanMs?: number
  now: Date
}

/** `90s`, `30m`, `1h`, `2d` in milliseconds; undefined when it doesn't parse. */
export function parseAge(text: string): number | undefined {
  const m = /^(\d+)\s*(s|m|h|d)$/.exec(text.trim())
  if (!m) return undefined
  return Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's' | 'm' | 'h' | 'd']
}

interface Item {
  id: string
  name?: string | null | undefined
  tags?: readonly string[] | undefined
  created_at?: string | undefined
  device_id?: string | undefined
  device_owner?: string | undefined
  network_id?: string | undefined
}

/** Ours (by name or tag) and old enough; a resource without created_at counts as old. */
export function isLeftover(r: Item, o: FindOptions): boolean {
  const ours = isOurs(r.name, o.namePrefix) || (o.tag === undefined && (r.tags ?? []).includes(TAG))
  if (!ours) return false
  if (!o.olderThanMs || !r.created_at) return true
  const t = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(r.created_at) ? r.created_at : `${r.created_at}Z`)
  return Number.isNaN(t) || o.now.getTime() - t >= o.olderThanMs
}

const entryOf = (kind: JournalEntry['kind'], r: Item, extra: Partial<JournalEntry> = {}): JournalEntry => ({
  op: 'created',
  run: '',
  kind,
  id: r.id,
  ...(r.name ? { name: r.name } : {}),
  at: r.created_at ?? '',
  ...extra,
})

export async function findLeftovers(
  api: Neutron,
  o: FindOptions,
): Promise<{ entries: JournalEntry[]; errors: NeutronApiError[] }> {
  const q: Query = o.tag ? { tags: o.tag } : {}
  const lists = await Promise.all(LISTED.map((k) => api.list(k, q)))
  const errors = lists.flatMap((l) => (l.ok ? [] : [l.error]))
  const found = LISTED.flatMap((k, i) => {
    const l = lists[i]
    return l?.ok ? l.value.filter((r: Item) => isLeftover(r, o)).map((r: Item) => ({ k, r })) : []
  })
  const entries = found.map(({ k, r }) =>
    entryOf(k, r, k === 'subnet' && r.network_id ? { network: r.network_id } : {}),
  )
  // A router's interfaces go first, whatever their ports are called (add by subnet names none).
  const routers = found.filter((x) => x.k === 'router').map((x) => x.r)
  const ports = await Promise.all(routers.map((r) => api.list('port', { device_id: r.id })))
  routers.forEach((r, i) => {
    const p = ports[i]
    if (!p?.ok) return p && errors.push(p.error)
    for (const port of p.value.filter((x) => (x.device_owner ?? '').startsWith('network:router_interface')))
      entries.push(
        entryOf(
          'router-interface',
          { id: `${r.id}:${port.id}`, name: `${r.name ?? r.id} interface ${port.id}` },
          { router: r.id, port: port.id },
        ),
      )
  })
  return { entries, errors }
}

/**
 * Creates that were sent and never answered, each looked up by its exact name (unique to the run):
 * what Neutron made all the same, as entries to delete, and which lookups were answered at all (a
 * lookup that failed settles nothing).
 */
export async function findUnanswered(
  api: Neutron,
  creates: readonly JournalEntry[],
): Promise<{ found: JournalEntry[]; looked: JournalEntry[] }> {
  const found: JournalEntry[] = []
  const looked: JournalEntry[] = []
  await Promise.all(
    creates.map(async (c) => {
      if (c.kind === 'router-interface' || !c.name) return
      const l = await api.list(c.kind, { name: c.name })
      if (!l.ok) return
      looked.push(c)
      for (const r of l.value as Item[])
        found.push(
          entryOf(c.kind, r, {
            run: c.run,
            ...(c.check && { check: c.check }),
            ...(c.kind === 'subnet' && r.network_id && { network: r.network_id }),
          }),
        )
    }),
  )
  return { found, looked }
}
