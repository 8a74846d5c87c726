// overlay.port.*: the address a port gets from each kind of subnet. Tempest's
// NetworksTestDHCPv6 loops over the mode pairs in one test; here each pair is its own test.
import { inRange, offsetAddress } from '../../net/index.ts'
import type { OverlayCheck } from '../check.ts'
import { createNetwork, createPort, createSubnet, portBody, randomMac } from '../fixtures.ts'
import { judgeEui64, judgeFixedIp } from '../judge/port.ts'
import { judgeRefusals } from '../judge/refusal.ts'
import { isAutoAddress, pairText, parsePair } from '../../checks/overlay/modes.ts'
import type { Scope } from '../registry.ts'
import { StepFailed } from '../step.ts'
import { PORT_EUI64, PORT_STATEFUL_FIXED_IP } from '../../checks/overlay/port.ts'

export const portEui64: OverlayCheck = {
  check: PORT_EUI64,
  expected: (subject) => {
    const p = parsePair(subject) ?? {}
    return isAutoAddress(p)
      ? `a port with a known MAC gets exactly its modified EUI-64 address (RFC 4291 App. A) when ${pairText(p)}`
      : `with neither mode set, a port gets an address from the allocation pool, not its EUI-64`
  },
  async run(s, base) {
    const net = await createNetwork(s)
    const subnet = await createSubnet(s, net, { pair: parsePair(s.subject) ?? {} })
    const mac = randomMac()
    return judgeEui64(base, { subnet, mac, port: await createPort(s, net, { mac }) })
  },
}

/** A stateful subnet on a network of its own. */
async function statefulSubnet(s: Scope) {
  const net = await createNetwork(s)
  const pair = parsePair(s.subject) ?? { ra: 'dhcpv6-stateful' as const, address: 'dhcpv6-stateful' as const }
  return { net, subnet: await createSubnet(s, net, { pair }) }
}

/**
 * The mode-pair subjects each have their own subnet, since a port made without fixed_ips may get
 * any free address of the pool. `out-of-pool` and `duplicate` ask only for addresses they name,
 * which never meet (pool end + 1 and + 2; pool start + 0x100), so they share one.
 */
const NAMES_ITS_ADDRESSES = new Set(['out-of-pool', 'duplicate'])
const subnetFor = (s: Scope) =>
  NAMES_ITS_ADDRESSES.has(s.subject) ? s.fixture(`${s.check}:stateful`, statefulSubnet) : statefulSubnet(s)

const firstPool = (sn: { allocation_pools: { start: string; end: string }[] }, s: Scope) => {
  const p = sn.allocation_pools[0]
  if (!p)
    throw new StepFailed('find an allocation pool on the subnet', {
      method: 'POST',
      url: s.api.base,
      message: 'the subnet has no allocation pool',
    })
  return p
}

/** An address well inside the pool, the same for every run: pool start + 0x100 (the start itself in a small pool). */
const insidePool = (pool: { start: string; end: string }): string => {
  const x = offsetAddress(pool.start, 0x100n)
  return x !== undefined && inRange(x, pool.start, pool.end) ? x : pool.start
}

export const portStatefulFixedIp: OverlayCheck = {
  check: PORT_STATEFUL_FIXED_IP,
  expected: (subject) =>
    subject === 'out-of-pool'
      ? 'a port asking for the first and second addresses after the end of the allocation pool is refused with 400 Bad Request'
      : subject === 'duplicate'
        ? 'a second port asking for an address a first port holds is refused with 409 Conflict'
        : `with ${pairText(parsePair(subject) ?? {})}, a port gets an address from the pool, and a port asking for one address of the pool gets exactly it`,
  async run(s, base) {
    const { net, subnet } = await subnetFor(s)
    const pool = firstPool(subnet, s)
    if (s.subject === 'out-of-pool') {
      // Tempest's test_dhcp_stateful_fixedips_outrange: pool end + 1 and + 2, both refused.
      const attempts = await Promise.all(
        [1n, 2n].map(async (n, i) => {
          const ip = offsetAddress(pool.end, n) ?? pool.end
          const result = await s.api.create(
            'port',
            portBody(s, net, { role: `port${i}`, fixedIps: [{ subnet_id: subnet.id, ip_address: ip }] }),
          )
          if (result.ok) s.track('port', result.value.id, { name: s.name(`port${i}`) })
          return { asked: `fixed IP ${ip} (pool ends at ${pool.end})`, result }
        }),
      )
      return judgeRefusals(base, 400, attempts)
    }
    const requested = insidePool(pool)
    if (s.subject === 'duplicate') {
      await createPort(s, net, { role: 'first', fixedIps: [{ subnet_id: subnet.id, ip_address: requested }] })
      const second = await s.api.create(
        'port',
        portBody(s, net, { role: 'second', fixedIps: [{ subnet_id: subnet.id, ip_address: requested }] }),
      )
      if (second.ok) s.track('port', second.value.id, { name: s.name('second') })
      return judgeRefusals(base, 409, [{ asked: `a second port with fixed IP ${requested}`, result: second }])
    }
    const [pooled, fixed] = await Promise.all([
      createPort(s, net, { role: 'pooled' }),
      createPort(s, net, { role: 'fixed', fixedIps: [{ subnet_id: subnet.id, ip_address: requested }] }),
    ])
    return judgeFixedIp(base, { subnet, pooled, requested, fixed })
  },
}
