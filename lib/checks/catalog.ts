// Every check, in report order (underlay, overlay, hosts), from its one definition under
// lib/checks/<suite>/<topic>.ts: a topic's checks come in its own list, so a new check of a topic
// is added there alone. The overlay's order numbers its test subnets: append, never reorder.
import type { CheckDef } from './define.ts'
import { ADDR_CHECKS } from './hosts/addr.ts'
import { CONFIG_CHECKS } from './hosts/config.ts'
import { CONTAINER_CHECKS } from './hosts/container.ts'
import { FIREWALL_CHECKS } from './hosts/firewall.ts'
import { GUEST_CHECKS } from './hosts/guest.ts'
import { LINK_CHECKS } from './hosts/link.ts'
import { LISTENERS_CHECKS } from './hosts/listeners.ts'
import { METADATA_CHECKS } from './hosts/metadata.ts'
import { PATH_CHECKS } from './hosts/path.ts'
import { PRIVACY_CHECKS } from './hosts/privacy.ts'
import { REACH_CHECKS } from './hosts/reach.ts'
import { RESOLVER_CHECKS } from './hosts/resolver.ts'
import { ROUTE_CHECKS } from './hosts/route.ts'
import { SYSCTL_CHECKS } from './hosts/sysctl.ts'
import { BULK } from './overlay/bulk.ts'
import { NETWORK_CRUD, NETWORK_DUAL_STACK, NETWORK_MULTI_PREFIX } from './overlay/network.ts'
import { PORT_EUI64, PORT_STATEFUL_FIXED_IP } from './overlay/port.ts'
import { ROUTER_INTERFACE } from './overlay/router.ts'
import { SECGROUP_IPV6_RULES } from './overlay/secgroup.ts'
import { SUBNET_GATEWAY, SUBNET_INVALID_MODES, SUBNET_MODES } from './overlay/subnet.ts'
import { CATALOG_CHECKS } from './underlay/catalog.ts'
import { DNS_CHECKS } from './underlay/dns.ts'
import { ENDPOINT_CHECKS } from './underlay/endpoint.ts'

export const CHECKS = [
  ...DNS_CHECKS,
  ...ENDPOINT_CHECKS,
  ...CATALOG_CHECKS,
  NETWORK_CRUD,
  SUBNET_MODES,
  SUBNET_INVALID_MODES,
  SUBNET_GATEWAY,
  PORT_EUI64,
  PORT_STATEFUL_FIXED_IP,
  ROUTER_INTERFACE,
  SECGROUP_IPV6_RULES,
  NETWORK_DUAL_STACK,
  NETWORK_MULTI_PREFIX,
  BULK,
  ...REACH_CHECKS,
  ...SYSCTL_CHECKS,
  ...ADDR_CHECKS,
  ...ROUTE_CHECKS,
  ...LINK_CHECKS,
  ...LISTENERS_CHECKS,
  ...CONFIG_CHECKS,
  ...RESOLVER_CHECKS,
  ...METADATA_CHECKS,
  ...PRIVACY_CHECKS,
  ...GUEST_CHECKS,
  ...CONTAINER_CHECKS,
  ...FIREWALL_CHECKS,
  ...PATH_CHECKS,
] as const satisfies readonly CheckDef[]

/** A check ID as the definitions spell it: a misspelled one fails the type check. */
export type CheckId = (typeof CHECKS)[number]['id']

/** What `list`, `explain`, the docs and the reports read of a check. */
export interface CheckInfo {
  id: string
  suite: CheckDef['suite']
  tags: readonly string[]
  title: string
  why: string
  fix: string
}

export const CATALOG: readonly CheckInfo[] = CHECKS

const byId = new Map<string, CheckDef>(CHECKS.map((c) => [c.id, c]))

export function checkInfo(id: string): CheckDef {
  const c = byId.get(id)
  if (!c) throw new Error(`unknown check ${id}`) // a bug: judges only emit defined IDs
  return c
}

export const isCheckId = (id: string): id is CheckId => byId.has(id)
