// overlay.bulk: Neutron's bulk create of IPv6 networks, subnets and ports, each made by one
// request and deleted again (BulkNetworkOpsIpV6Test: test_bulk_create_delete_{network,subnet,port}).
import type { Kind } from '../../openstack/neutron-types.ts'
import type { OverlayCheck } from '../check.ts'
import { createBulk, randomMac } from '../fixtures.ts'
import { addressProblems } from '../judge/addresses.ts'
import { judgeBulk } from '../judge/bulk.ts'
import { pairAttributes } from '../../checks/overlay/modes.ts'
import type { Scope } from '../registry.ts'
import { step } from '../step.ts'
import type { Base } from '../verdicts.ts'
import { BULK } from '../../checks/overlay/bulk.ts'

const TWO = [0, 1] as const

/** Two networks, and for subnets and ports two IPv6 subnets, each made by one bulk request. */
async function twoNetworks(s: Scope) {
  return createBulk(
    s,
    'network',
    TWO.map((i) => ({ name: s.name(`net${i}`) })),
  )
}

const subnetBodies = (s: Scope, nets: { id: string }[]) =>
  TWO.map((i) => ({
    network_id: nets[i]?.id,
    ip_version: 6,
    cidr: s.cidr(i),
    name: s.name(`subnet${i}`),
    ...pairAttributes(
      i === 0 ? { ra: 'slaac', address: 'slaac' } : { ra: 'dhcpv6-stateless', address: 'dhcpv6-stateless' },
    ),
  }))

/** Lists the made ones by ID, deletes them all at once, and lists again. */
async function listDeleteList(s: Scope, kind: Kind & ('network' | 'subnet' | 'port'), ids: string[]) {
  const listed = await step(`list the ${kind}s by ID`, s.api.list(kind, { id: ids }))
  const deletes = await Promise.all(ids.map((id) => s.api.remove(kind, id)))
  deletes.forEach((d, i) => d.ok && s.forget(kind, ids[i] ?? ''))
  const after = await step(`list the ${kind}s again`, s.api.list(kind, { id: ids }))
  return { listed, deletes, after }
}

async function bulk(s: Scope, base: Base) {
  if (s.subject === 'networks') {
    const asked = TWO.map((i) => ({ name: s.name(`net${i}`) }))
    const created = await createBulk(s, 'network', asked)
    return judgeBulk(base, {
      kind: 'network',
      asked,
      created,
      ...(await listDeleteList(
        s,
        'network',
        created.map((n) => n.id),
      )),
    })
  }
  const nets = await twoNetworks(s)
  if (s.subject === 'subnets') {
    const asked = subnetBodies(s, nets)
    const created = await createBulk(s, 'subnet', asked)
    return judgeBulk(base, {
      kind: 'subnet',
      asked,
      created,
      ...(await listDeleteList(
        s,
        'subnet',
        created.map((n) => n.id),
      )),
    })
  }
  const subnets = await createBulk(s, 'subnet', subnetBodies(s, nets))
  const asked = TWO.map((i) => ({
    network_id: nets[i]?.id,
    name: s.name(`port${i}`),
    mac_address: randomMac(),
    admin_state_up: i === 0,
  }))
  const created = await createBulk(s, 'port', asked)
  // Each port's address on its network's IPv6 subnet, judged before the ports are deleted.
  const addresses = created.flatMap((p, i) => {
    const sn = subnets[i]
    return sn ? addressProblems(p, sn) : []
  })
  return judgeBulk(
    base,
    {
      kind: 'port',
      asked,
      created,
      ...(await listDeleteList(
        s,
        'port',
        created.map((p) => p.id),
      )),
    },
    addresses,
  )
}

export const bulkOps: OverlayCheck = {
  check: BULK,
  expected: (subject) =>
    `two IPv6 ${subject === 'networks' ? 'networks' : subject === 'subnets' ? 'subnets (slaac and dhcpv6-stateless)' : 'ports (on slaac and dhcpv6-stateless subnets, each with its EUI-64)'} are made by one request as asked, listed, deleted and gone from the list`,
  run: bulk,
}
