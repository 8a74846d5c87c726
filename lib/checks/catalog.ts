// Every check, in report order (underlay, overlay, hosts), from its one definition under
// lib/checks/<suite>/<topic>.ts. The overlay's order numbers its test subnets: append, never reorder.
import type { CheckDef } from './define.ts'
import { ADDR_DAD, ADDR_FORBIDDEN, ADDR_LINK_LOCAL, ADDR_REQUIRED } from './hosts/addr.ts'
import { CONFIG_BIND_ANY, CONFIG_BRACKETS, CONFIG_EXPANDED } from './hosts/config.ts'
import { CONTAINER_CIDR, CONTAINER_DAEMON_IPV6, CONTAINER_NDP_PROXY, CONTAINER_NO_NAT66 } from './hosts/container.ts'
import { GUEST_DHCPV6_CLIENT, GUEST_RA_SOLICIT } from './hosts/guest.ts'
import { LINK_MTU } from './hosts/link.ts'
import { LISTENERS_DUAL_STACK, LISTENERS_IPV6, LISTENERS_REACHABLE } from './hosts/listeners.ts'
import { METADATA_AVAILABLE } from './hosts/metadata.ts'
import { PRIVACY_ADDR_GEN } from './hosts/privacy.ts'
import { REACH_SSH } from './hosts/reach.ts'
import { RESOLVER_GAI_PRECEDENCE, RESOLVER_V6_NAMESERVER } from './hosts/resolver.ts'
import { ROUTE_DEFAULT } from './hosts/route.ts'
import { SYSCTL_ACCEPT_RA, SYSCTL_DISABLE_IPV6, SYSCTL_EXPECTED, SYSCTL_FORWARDING, SYSCTL_REDIRECTS } from './hosts/sysctl.ts'
import { BULK } from './overlay/bulk.ts'
import { NETWORK_CRUD, NETWORK_DUAL_STACK, NETWORK_MULTI_PREFIX } from './overlay/network.ts'
import { PORT_EUI64, PORT_STATEFUL_FIXED_IP } from './overlay/port.ts'
import { ROUTER_INTERFACE } from './overlay/router.ts'
import { SECGROUP_IPV6_RULES } from './overlay/secgroup.ts'
import { SUBNET_GATEWAY, SUBNET_INVALID_MODES, SUBNET_MODES } from './overlay/subnet.ts'
import { CATALOG_IPV6_ONLY, CATALOG_REACHABLE } from './underlay/catalog.ts'
import { DNS_AAAA, DNS_AAAA_SCOPE, DNS_CONSISTENT, DNS_NO_ORPHAN_A, DNS_RESOLVER_V6, DNS_REVERSE } from './underlay/dns.ts'
import { ENDPOINT_HTTP_V6, ENDPOINT_PARITY, ENDPOINT_TCP_V6, ENDPOINT_TLS, ENDPOINT_URL_FORMAT } from './underlay/endpoint.ts'

export const CHECKS = [
  DNS_AAAA,
  DNS_NO_ORPHAN_A,
  DNS_AAAA_SCOPE,
  DNS_RESOLVER_V6,
  DNS_CONSISTENT,
  DNS_REVERSE,
  ENDPOINT_TCP_V6,
  ENDPOINT_HTTP_V6,
  ENDPOINT_TLS,
  ENDPOINT_PARITY,
  ENDPOINT_URL_FORMAT,
  CATALOG_IPV6_ONLY,
  CATALOG_REACHABLE,
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
  REACH_SSH,
  SYSCTL_DISABLE_IPV6,
  SYSCTL_ACCEPT_RA,
  SYSCTL_FORWARDING,
  SYSCTL_REDIRECTS,
  SYSCTL_EXPECTED,
  ADDR_REQUIRED,
  ADDR_FORBIDDEN,
  ADDR_DAD,
  ADDR_LINK_LOCAL,
  ROUTE_DEFAULT,
  LINK_MTU,
  LISTENERS_IPV6,
  LISTENERS_DUAL_STACK,
  LISTENERS_REACHABLE,
  CONFIG_BRACKETS,
  CONFIG_BIND_ANY,
  CONFIG_EXPANDED,
  RESOLVER_V6_NAMESERVER,
  RESOLVER_GAI_PRECEDENCE,
  METADATA_AVAILABLE,
  PRIVACY_ADDR_GEN,
  GUEST_DHCPV6_CLIENT,
  GUEST_RA_SOLICIT,
  CONTAINER_DAEMON_IPV6,
  CONTAINER_CIDR,
  CONTAINER_NO_NAT66,
  CONTAINER_NDP_PROXY,
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
