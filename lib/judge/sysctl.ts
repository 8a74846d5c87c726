// Judges of the kernel's effective IPv6 settings, per interface (anchors.md §5.5).
import type { Interface } from '../observe/facts.ts'
import { ipv6ConfName, sysctlPath } from '../observe/sysctl-path.ts'
import { fail, pass, skipped, type Verdict } from '../verdict.ts'
import { IPV6_MIN_MTU } from './link.ts'
import { conf, expectOf, ipv6On, isLoopback, needs, subjectOf, whereOf, type HostView } from './host-view.ts'

/** ip-sysctl.rst: RAs are accepted iff accept_ra == 2, or accept_ra == 1 and the interface does not forward. */
export const acceptsRa = (acceptRa: number, forwarding: number): boolean => acceptRa === 2 || (acceptRa === 1 && forwarding === 0)

/** ip-sysctl.rst / rt6_do_redirect: redirects are honoured iff accept_redirects is on and the interface does not forward. */
export const acceptsRedirects = (acceptRedirects: number, forwarding: number): boolean => acceptRedirects !== 0 && forwarding === 0

const interfacesOf = (v: HostView): Interface[] => (v.facts.interfaces.ok ? v.facts.interfaces.value : [])

export function disableIpv6(v: HostView): Verdict[] {
  const check = 'hosts.sysctl.disable-ipv6'
  return needs(check, v, ['interfaces', 'sysctls'], () => {
    // No conf tree at all: the kernel runs without IPv6 (ipv6.disable=1 on its command line).
    if (!v.facts.sysctls.ok || Object.keys(v.facts.sysctls.value.conf).length === 0)
      return [
        fail({
          check,
          subject: subjectOf(v),
          expected: 'IPv6 available in the kernel',
          observed: 'no /proc/sys/net/ipv6/conf tree',
          remedy: 'remove ipv6.disable=1 from the kernel command line and reboot',
          where: whereOf(v),
        }),
      ]
    return interfacesOf(v)
      .filter((i) => expectOf(v, i.name).ipv6 !== 'forbidden')
      .map((i) => {
        const value = conf(v, i.name, 'disable_ipv6')
        // Below 1280 the kernel removes IPv6 from the link, conf entry and all: one cause, one finding.
        if (value === undefined && i.mtu < IPV6_MIN_MTU)
          return skipped(check, subjectOf(v, i.name), `IPv6 is off because the MTU ${i.mtu} is below ${IPV6_MIN_MTU}: see hosts.link.mtu`, whereOf(v, i.name))
        const base = { check, subject: subjectOf(v, i.name), expected: 'disable_ipv6 = 0', where: whereOf(v, i.name) }
        if (value === 0) return pass({ ...base, observed: 'disable_ipv6 = 0' })
        return fail({
          ...base,
          observed: value === undefined ? 'no IPv6 conf entry for the interface' : `disable_ipv6 = ${value}`,
          remedy: `sysctl -w ${ipv6ConfName(i.name, 'disable_ipv6')}=0 and persist it in /etc/sysctl.d/`,
          evidence: `all.disable_ipv6 = ${conf(v, 'all', 'disable_ipv6') ?? '?'} (read for context only: it means nothing when read)`,
        })
      })
  })
}

/** The interface lives on RA-learned state: a route learned from an RA, or an address with a lifetime. */
function reliesOnRa(v: HostView, i: Interface): boolean {
  const raRoute = v.facts.routes.ok && v.facts.routes.value.some((r) => r.protocol === 'ra' && r.dev === i.name)
  return raRoute || i.addresses.some((a) => a.family === 'inet6' && a.scope === 'global' && a.dynamic)
}

export function acceptRa(v: HostView): Verdict[] {
  const check = 'hosts.sysctl.accept-ra'
  return needs(check, v, ['interfaces', 'sysctls', 'routes'], () =>
    interfacesOf(v)
      .filter((i) => !isLoopback(i) && ipv6On(v, i.name))
      .flatMap((i) => {
        const e = expectOf(v, i.name)
        // The expectation: stated; or off on an IPv4-only interface (the SLAAC leak);
        // or on where the interface already depends on RAs. Otherwise there is nothing to judge.
        const want = e.accept_ra ?? (e.ipv6 === 'forbidden' ? false : reliesOnRa(v, i) ? true : undefined)
        if (want === undefined) return []
        const ra = conf(v, i.name, 'accept_ra') ?? 1
        const fwd = conf(v, i.name, 'forwarding') ?? 0
        const effective = acceptsRa(ra, fwd)
        const observed = `accept_ra = ${ra}, forwarding = ${fwd}: RAs ${effective ? 'accepted' : 'ignored'}`
        const base = {
          check,
          subject: subjectOf(v, i.name),
          expected: `RAs ${want ? 'accepted' : 'ignored'}${e.accept_ra === undefined ? (want ? ' (the interface holds RA-learned state)' : ' (ipv6: forbidden)') : ''}`,
          observed,
          where: whereOf(v, i.name),
        }
        if (effective === want) return [pass(base)]
        const remedy = want
          ? `sysctl -w ${ipv6ConfName(i.name, 'accept_ra')}=2 (forwarding hosts need 2; 1 is ignored while forwarding is on)`
          : `sysctl -w ${ipv6ConfName(i.name, 'accept_ra')}=0`
        return [fail({ ...base, remedy })]
      }),
  )
}

export function forwarding(v: HostView): Verdict[] {
  const check = 'hosts.sysctl.forwarding'
  const want = v.host.forwarding
  if (want === undefined) return []
  return needs(check, v, ['interfaces', 'sysctls'], () =>
    interfacesOf(v)
      .filter((i) => !isLoopback(i) && ipv6On(v, i.name) && expectOf(v, i.name).ipv6 !== 'forbidden')
      .map((i) => {
        const fwd = conf(v, i.name, 'forwarding')
        const base = {
          check,
          subject: subjectOf(v, i.name),
          expected: `forwarding = ${want ? 1 : 0} (role ${v.host.roles.join(', ') || 'host'})`,
          observed: `forwarding = ${fwd ?? '?'}`,
          where: whereOf(v, i.name),
        }
        if ((fwd === 1) === want) return pass(base)
        return fail({ ...base, remedy: `sysctl -w net.ipv6.conf.all.forwarding=${want ? 1 : 0} and persist it in /etc/sysctl.d/` })
      }),
  )
}

export function redirects(v: HostView): Verdict[] {
  const check = 'hosts.sysctl.redirects'
  return needs(check, v, ['interfaces', 'sysctls'], () =>
    interfacesOf(v)
      .filter((i) => ipv6On(v, i.name) && i.addresses.some((a) => a.family === 'inet6' && a.scope === 'global'))
      .map((i) => {
        const ar = conf(v, i.name, 'accept_redirects') ?? 1
        const fwd = conf(v, i.name, 'forwarding') ?? 0
        const effective = acceptsRedirects(ar, fwd)
        const base = {
          check,
          subject: subjectOf(v, i.name),
          expected: 'redirects ignored',
          observed: `accept_redirects = ${ar}, forwarding = ${fwd}: redirects ${effective ? 'accepted' : 'ignored'}`,
          where: whereOf(v, i.name),
        }
        if (!effective) return pass(base)
        return fail({
          ...base,
          remedy: `sysctl -w ${ipv6ConfName(i.name, 'accept_redirects')}=0 and net.ipv6.conf.default.accept_redirects=0, persisted in /etc/sysctl.d/`,
        })
      }),
  )
}

/** Multi-value sysctls are tab-separated; compare numbers as numbers, the rest by words. */
const normalize = (s: string): string =>
  s
    .trim()
    .split(/\s+/)
    .map((w) => (/^-?\d+$/.test(w) ? String(Number(w)) : w))
    .join(' ')

export function expectedSysctls(v: HostView): Verdict[] {
  const check = 'hosts.sysctl.expected'
  const entries = Object.entries(v.host.sysctl)
  if (!entries.length) return []
  return needs(check, v, ['sysctls'], () =>
    entries.map(([name, want]) => {
      const path = sysctlPath(name)
      const s = v.facts.sysctls.ok ? v.facts.sysctls.value : undefined
      const m = /^net\/ipv6\/conf\/(.+)\/([^/]+)$/.exec(path)
      const got = m ? s?.conf[m[1]!]?.[m[2]!] : s?.named[path]
      const base = { check, subject: `${v.host.name}:${name}`, expected: `${name} = ${want}`, where: whereOf(v) }
      if (got === undefined)
        return fail({ ...base, observed: `no such sysctl (/proc/sys/${path})`, remedy: 'check the name; the interface or module may be missing' })
      if (normalize(got) === normalize(want)) return pass({ ...base, observed: `${name} = ${got.trim()}` })
      return fail({ ...base, observed: `${name} = ${got.trim()}`, remedy: `sysctl -w ${path}=${want} and persist it in /etc/sysctl.d/` })
    }),
  )
}
