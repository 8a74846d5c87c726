// The tests a target would generate, known before anything is observed: subjects named in the
// targets file, and `host:*` where the subjects are whatever the host turns out to hold.
import { checkedNames, urlName } from '../judge/underlay-view.ts'
import { serverLabel } from '../dns/index.ts'
import type { ResolvedHost, ResolvedTarget } from '../targets/resolve.ts'
import { parseResolver, type AddressModeName } from '../targets/schema.ts'
import { isOverlayCheck, OVERLAY_SUBJECTS } from '../overlay/subjects.ts'
import { CATALOG } from './catalog.ts'
import { isSelected, type Selection } from './select.ts'

export interface Planned {
  check: string
  subjects: string[]
}

/** The guest checks judge each interface by its address mode: every interface when the host's mode applies, else those named with one. */
function byMode(h: ResolvedHost, pick: (m: AddressModeName) => boolean): string[] {
  if (h.address_mode !== undefined && pick(h.address_mode)) return [`${h.name}:*`]
  return Object.entries(h.interfaces)
    .filter(([, e]) => e.address_mode !== undefined && pick(e.address_mode))
    .map(([n]) => `${h.name}:${n}`)
}

function subjectsFor(check: string, h: ResolvedHost): string[] {
  const at = (x: string | number) => `${h.name}:${x}`
  const ifaces = (pick: (e: ResolvedHost['interfaces'][string]) => boolean) =>
    Object.entries(h.interfaces)
      .filter(([, e]) => pick(e))
      .map(([n]) => at(n))
  const ports = h.listeners.expected.map((l) => at(l.port))
  const listened = [...ports, ...(h.listeners.auto ? [at('*')] : [])]
  switch (check) {
    case 'hosts.reach.ssh':
    case 'hosts.route.default':
    case 'hosts.resolver.gai-precedence':
      return [h.name]
    case 'hosts.resolver.v6-nameserver':
      return h.stack === 'ipv6-only' ? [h.name] : []
    case 'hosts.sysctl.forwarding':
      return h.forwarding === undefined ? [] : [h.name]
    case 'hosts.sysctl.expected':
      return Object.keys(h.sysctl).map(at)
    case 'hosts.sysctl.accept-ra':
      return [...ifaces((e) => e.accept_ra !== undefined || e.ipv6 === 'forbidden'), at('* (interfaces holding RA-learned state)')]
    case 'hosts.addr.required':
      return ifaces((e) => e.ipv6 === 'required' || e.addresses.length > 0)
    case 'hosts.addr.forbidden':
      return ifaces((e) => e.ipv6 === 'forbidden')
    case 'hosts.listeners.ipv6':
      return listened
    case 'hosts.listeners.dual-stack':
      return h.stack === 'dual-stack' ? listened : []
    case 'hosts.listeners.reachable':
      return ports
    case 'hosts.config.brackets':
    case 'hosts.config.bind-any':
      return h.configs.map((c) => at(c.path))
    case 'hosts.config.expanded':
      return h.configs.filter((c) => c.style === 'expanded').map((c) => at(c.path))
    case 'hosts.metadata.available':
      return h.metadata ? [h.name] : []
    case 'hosts.privacy.addr-gen':
      return byMode(h, (m) => m !== 'none')
    case 'hosts.guest.dhcpv6-client':
      return byMode(h, (m) => m === 'dhcpv6-stateful' || m === 'dhcpv6-stateless')
    case 'hosts.guest.ra-solicit':
      return byMode(h, (m) => m === 'slaac' || m === 'dhcpv6-stateless')
    case 'hosts.container.daemon-ipv6':
    case 'hosts.container.cidr':
    case 'hosts.container.no-nat66':
      return h.containers ? [h.name] : []
    case 'hosts.container.ndp-proxy':
      return h.containers?.mode === 'ndp-proxy' ? [at('* (the uplink)')] : []
    default:
      return [at('*')] // per observed interface
  }
}

/** Underlay subjects named by the file; the catalog's own are known only once Keystone answers. */
function underlaySubjects(check: string, t: ResolvedTarget): string[] {
  const catalog = t.openstack ? (t.openstack.catalog?.interfaces ?? ['public', 'internal', 'admin']).map((i) => `*/${i}`) : []
  const names = [...checkedNames(t), ...(t.openstack ? ['* (catalog host names)'] : [])]
  const endpoints = t.endpoints.map((e) => e.name)
  switch (check) {
    case 'underlay.dns.resolver-v6':
      return (t.dns?.resolvers ?? []).flatMap((r) => {
        const s = parseResolver(r)
        return s ? [serverLabel(s)] : []
      })
    case 'underlay.dns.reverse':
      return t.dns?.reverse ? names : []
    case 'underlay.endpoint.tls':
      return t.endpoints.filter((e) => e.url.startsWith('https:')).map((e) => e.name)
    case 'underlay.endpoint.parity':
      return t.stack === 'dual-stack' ? t.endpoints.filter((e) => urlName(e.url) !== undefined).map((e) => e.name) : []
    case 'underlay.endpoint.url-format':
      return [...endpoints, ...catalog]
    case 'underlay.catalog.ipv6-only':
    case 'underlay.catalog.reachable':
      return catalog
    default:
      return check.startsWith('underlay.dns.') ? names : endpoints
  }
}

/** Overlay subjects are fixed per check; a target without an overlay section gets none of them. */
const overlaySubjects = (check: string, t: ResolvedTarget): string[] => (t.openstack?.overlay && isOverlayCheck(check) ? [...OVERLAY_SUBJECTS[check]] : [])

export function plan(target: ResolvedTarget, select: Selection): Planned[] {
  const bySuite = { hosts: (c: string) => target.hosts.flatMap((h) => subjectsFor(c, h)), underlay: (c: string) => underlaySubjects(c, target), overlay: (c: string) => overlaySubjects(c, target) }
  return CATALOG.filter((c) => isSelected(c.id, select)).map((c) => ({ check: c.id, subjects: bySuite[c.suite](c.id) }))
}
