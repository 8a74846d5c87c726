// The lab.test zone as each resolver serves it, from the fault set. Written once here; dnsmasq.ts
// renders it for resolver 1 and services/dns-server.ts serves it as resolver 2. Pure.
import { ptrName } from '../lib/dns/index.ts'
import { isIPv4 } from '../lib/net/index.ts'
import type { FaultSet } from './faults.ts'
import { DOMAIN, hostByName, hostV4, HOSTS, MGMT, RTR } from './plan.ts'

export interface ZoneRecord {
  /** Lower case, no trailing dot. */
  name: string
  type: 'A' | 'AAAA' | 'PTR'
  data: string
}

export interface LabZones {
  /** What RESOLVER (dnsmasq) serves. */
  primary: ZoneRecord[]
  /** What RESOLVER2 serves: a secondary, stale under `resolvers-disagree`. */
  secondary: ZoneRecord[]
}

const fqdn = (label: string) => `${label}.${DOMAIN}`

/** The address block of big.lab.test: 64 AAAA make its answer too big for EDNS 1232, so it needs TCP. */
export const BIG_ADDRESSES = Array.from({ length: 64 }, (_, i) => `2001:db8:0:1::1:${i.toString(16)}`)

export function reverseName(address: string): string {
  if (isIPv4(address)) return `${address.split('.').reverse().join('.')}.in-addr.arpa`
  const name = ptrName(address)
  if (name === undefined) throw new Error(`lab zone: not an address: ${address}`)
  return name
}

/** Each name with its addresses, in the order written. */
function owners(faults: FaultSet, stale: boolean): [string, string[]][] {
  const ctl = hostByName('ctl')
  const cmp = hostByName('cmp')
  const ctl4 = hostV4('ctl')
  return [
    [fqdn('rtr'), [RTR.mgmt6]],
    [fqdn('ns'), [RTR.dns]],
    [fqdn('ns2'), [RTR.dns2]],
    [fqdn('mgmt'), [MGMT.mgmt6]],
    // cmp is the dual-stack host: its name has an A too.
    ...HOSTS.map((h): [string, string[]] => [fqdn(h.name), h === cmp ? [h.address, hostV4('cmp')] : [h.address]]),
    [fqdn('keystone'), [ctl.address]],
    [fqdn('api'), [ctl.address]],
    [fqdn('rabbit'), [ctl.address, faults.has('orphaned-a') ? '198.51.100.99' : ctl4]],
    [fqdn('db'), [faults.has('mapped-aaaa') ? `::ffff:${ctl4}` : ctl.address]],
    [fqdn('swift'), stale && faults.has('resolvers-disagree') ? [ctl.address] : [ctl.address, cmp.address]],
    [fqdn('big'), BIG_ADDRESSES],
  ]
}

/**
 * Forward records in order, then one PTR per address naming the first owner that holds it: that
 * is dnsmasq's rule for host-record (man dnsmasq, --host-record), and it makes hosts, listed
 * first, own the PTRs of the addresses that service names share, so every PTR forward-confirms.
 */
function records(list: [string, string[]][]): ZoneRecord[] {
  const forward = list.flatMap(([name, addrs]) =>
    addrs.map((data): ZoneRecord => ({ name, type: isIPv4(data) ? 'A' : 'AAAA', data })),
  )
  const ptrs = new Map<string, ZoneRecord>()
  for (const r of forward) {
    const owner = reverseName(r.data)
    if (!ptrs.has(owner)) ptrs.set(owner, { name: owner, type: 'PTR', data: r.name })
  }
  return [...forward, ...ptrs.values()]
}

export function labZones(faults: FaultSet): LabZones {
  return { primary: records(owners(faults, false)), secondary: records(owners(faults, true)) }
}
