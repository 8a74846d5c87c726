// The DNS names a target's underlay checks cover, from the targets file (and, once Keystone has
// answered, its catalog): what the observation resolves and what `list` plans, from one rule.
import { nameKey } from '../dns/name.ts'
import { isIPv4, parseIPv6, parseUrlAuthority } from '../net/index.ts'
import type { ResolvedTarget } from './resolve.ts'

/** The host of a URL when it is a DNS name (not an IP literal), as DNS compares names (RFC 4343); else undefined. */
export function urlName(url: string): string | undefined {
  const a = parseUrlAuthority(url)
  return a.ok && a.kind === 'name' ? nameKey(a.host) : undefined
}

/**
 * Every endpoint host name, the auth URL's host, every catalog host name, every host `address`
 * that is a name, and `dns.names`. Lower case, in order of first appearance, each once.
 */
export function checkedNames(target: ResolvedTarget, catalog: readonly { url: string }[] = []): string[] {
  const all = [
    ...target.endpoints.map((e) => urlName(e.url)),
    target.openstack?.auth_url === undefined ? undefined : urlName(target.openstack.auth_url),
    ...catalog.map((c) => urlName(c.url)),
    ...target.hosts.map((h) =>
      h.address === undefined || isIPv4(h.address) || parseIPv6(h.address) ? undefined : nameKey(h.address),
    ),
    ...(target.dns?.names ?? []).map(nameKey),
  ]
  return [...new Set(all.filter((n): n is string => n !== undefined))]
}
