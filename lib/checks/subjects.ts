// The subjects a check gets from the targets file, before anything is observed: `host:*` stands for
// whatever the host turns out to hold (each interface, each listener), `*` for the catalog's entries.
import { serverLabel } from '../dns/server.ts'
import { checkedNames } from '../targets/checked-names.ts'
import type { ResolvedHost, ResolvedTarget } from '../targets/resolve.ts'
import { parseResolver, type AddressModeName } from '../targets/schema.ts'

export const at = (h: ResolvedHost, x: string | number): string => `${h.name}:${x}`
export const theHost = (h: ResolvedHost): string[] => [h.name]
export const perInterface = (h: ResolvedHost): string[] => [at(h, '*')]
export const containerHost = (h: ResolvedHost): string[] => (h.containers ? [h.name] : [])
export const configFiles = (h: ResolvedHost): string[] => h.configs.map((c) => at(h, c.path))

/** How a hosts.path.mtu subject names the default router: no peer's name has a space. */
export const DEFAULT_ROUTER = 'default router'
/** `cmp1:eth0→cmp2`: the interface that reaches the peer is known once observed. */
export const pairSubject = (h: ResolvedHost, iface: string, peer: string): string => at(h, `${iface}→${peer}`)
/** The pairs a host pings for hosts.path.mtu; none on a host that does not ask for them. */
export const pathPairs = (h: ResolvedHost): string[] =>
  h.path_mtu
    ? [
        ...(h.path_mtu.router ? [pairSubject(h, '*', DEFAULT_ROUTER)] : []),
        ...h.path_mtu.peers.map((p) => pairSubject(h, '*', p.name)),
      ]
    : []

/** The interfaces the targets file names with an expectation that `pick` takes. */
export const interfacesWhere = (h: ResolvedHost, pick: (e: ResolvedHost['interfaces'][string]) => boolean): string[] =>
  Object.entries(h.interfaces)
    .filter(([, e]) => pick(e))
    .map(([n]) => at(h, n))

export const expectedPorts = (h: ResolvedHost): string[] => h.listeners.expected.map((l) => at(h, l.port))
export const listened = (h: ResolvedHost): string[] => [...expectedPorts(h), ...(h.listeners.auto ? [at(h, '*')] : [])]

/** The guest checks judge each interface by its address mode: every interface when the host's mode applies, else those named with one. */
export function byMode(h: ResolvedHost, pick: (m: AddressModeName) => boolean): string[] {
  if (h.address_mode !== undefined && pick(h.address_mode)) return [at(h, '*')]
  return Object.entries(h.interfaces)
    .filter(([, e]) => e.address_mode !== undefined && pick(e.address_mode))
    .map(([n]) => at(h, n))
}

/** The catalog's entries, by interface, known only once Keystone answers. */
export const catalogEntries = (t: ResolvedTarget): string[] =>
  t.openstack ? (t.openstack.catalog?.interfaces ?? ['public', 'internal', 'admin']).map((i) => `*/${i}`) : []
export const names = (t: ResolvedTarget): string[] => [
  ...checkedNames(t),
  ...(t.openstack ? ['* (catalog host names)'] : []),
]
export const endpoints = (t: ResolvedTarget): string[] => t.endpoints.map((e) => e.name)
export const resolvers = (t: ResolvedTarget): string[] =>
  (t.dns?.resolvers ?? []).flatMap((r) => {
    const s = parseResolver(r)
    return s ? [serverLabel(s)] : []
  })
