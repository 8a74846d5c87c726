// Run inside the lab (ip netns exec v6lab-mgmt): as the lab's admin, who sees every project, the
// Neutron resources whose name starts with PREFIX or whose id is one of IDS. Proof that a run left
// nothing, asked apart from v6ready's own clean-up code and with other credentials.
import { neutronUrl } from '../../../lab/neutron.ts'
import { adminToken, apiCaller } from '../../../lab/openstack-api.ts'
import { RESOURCES } from '../../../lib/openstack/neutron-types.ts'

const [prefix, ...ids] = process.argv.slice(2)
if (!prefix) throw new Error('usage: neutron-lookup.ts PREFIX [ID...]')
const api = apiCaller(`${neutronUrl()}/v2.0`, await adminToken())
type Item = { id: string; name?: string | null }
const lists = await Promise.all(
  (['network', 'subnet', 'port', 'router', 'security-group'] as const).map(async (kind) => {
    const r = RESOURCES[kind]
    const doc = await api<Record<string, Item[]>>('GET', `/${r.path}?fields=id&fields=name`)
    return (doc[r.plural] ?? []).map((x) => ({ kind, id: x.id, name: x.name ?? '' }))
  }),
)
const all = lists.flat()
console.log(
  JSON.stringify({ listed: all.length, found: all.filter((x) => x.name.startsWith(prefix) || ids.includes(x.id)) }),
)
