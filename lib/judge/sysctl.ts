// Judges of the kernel's effective IPv6 settings, per interface (the kernel's Documentation/networking/ip-sysctl.rst).
import type { Interface } from '../observe/facts.ts'
import { ipv6ConfName, sysctlPath } from '../targets/sysctl-path.ts'
import { fail, pass, skipped, type Verdict } from '../verdict.ts'
import { IPV6_MIN_MTU } from './link.ts'
import { conf, expectOf, ipv6On, isLoopback, needs, subjectOf, whereOf, type HostView } from './host-view.ts'
import {
  SYSCTL_ACCEPT_RA,
  SYSCTL_DISABLE_IPV6,
  SYSCTL_EXPECTED,
  SYSCTL_FORWARDING,
  SYSCTL_REDIRECTS,
} from '../checks/hosts/sysctl.ts'
import { judgeFacts } from './judged.ts'

/** ip-sysctl.rst: RAs are accepted iff accept_ra == 2, or accept_ra == 1 and the interface does not forward. */
export const acceptsRa = (acceptRa: number, forwarding: number): boolean =>
  acceptRa === 2 || (acceptRa === 1 && forwarding === 0)

/** ip-sysctl.rst / rt6_do_redirect: redirects are honoured iff accept_redirects is on and the interface does not forward. */
export const acceptsRedirects = (acceptRedirects: number, forwarding: number): boolean =>
  acceptRedirects !== 0 && forwarding === 0

const interfacesOf = (v: HostView): Interface[] => (v.facts.interfaces.ok ? v.facts.interfaces.value : [])

export const disableIpv6 = judgeFacts(SYSCTL_DISABLE_IPV6, (v: HostView): Verdict[] => {
  const check = SYSCTL_DISABLE_IPV6.id
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
          return skipped(
            check,
            subjectOf(v, i.name),
            `IPv6 is off because the MTU ${i.mtu} is below ${IPV6_MIN_MTU}: see hosts.link.mtu`,
            whereOf(v, i.name),
          )
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
})

/** The interface lives on RA-learned state: a route learned from an RA, or an address with a lifetime. */
function reliesOnRa(v: HostView, i: Interface): boolean {
  const raRoute = v.facts.routes.ok && v.facts.routes.value.some((r) => r.protocol === 'ra' && r.dev === i.name)
  return raRoute || i.addresses.some((a) => a.family === 'inet6' && a.scope === 'global' && a.dynamic)
}

export const acceptRa = judgeFacts(SYSCTL_ACCEPT_RA, (v: HostView): Verdict[] => {
  const check = SYSCTL_ACCEPT_RA.id
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
})

// ip-sysctl.rst: conf/all/forwarding is the global switch: packets are forwarded between all
// interfaces when it is 1, and writing it sets every interface's `forwarding` to the same value. A
// per-interface `forwarding` only picks that interface's host or router behaviour (RAs and RSs
// unless accept_ra is 2, redirects, the router flag in its Neighbour Advertisements): those are
// hosts.sysctl.accept-ra's and hosts.sysctl.redirects', not a forwarding failure. Linux 6.17 added
// a per-interface force_forwarding, which forwards packets that arrive on that interface whatever
// conf/all says (ip6_forward); writing all.forwarding = 0 clears it everywhere.
const ROLE_CONF = new Set(['all', 'default'])

export const forwarding = judgeFacts(SYSCTL_FORWARDING, (v: HostView): Verdict[] => {
  const check = SYSCTL_FORWARDING.id
  const want = v.host.forwarding
  if (want === undefined) return []
  return needs(check, v, ['sysctls'], () => {
    const names = Object.keys(v.facts.sysctls.ok ? v.facts.sysctls.value.conf : {}).filter(
      (n) => !ROLE_CONF.has(n) && n !== 'lo',
    )
    const all = conf(v, 'all', 'forwarding')
    const forced = names.filter((n) => conf(v, n, 'force_forwarding') === 1)
    const hostLike = names.filter((n) => conf(v, n, 'forwarding') === 0)
    const routerLike = names.filter((n) => conf(v, n, 'forwarding') === 1)
    const role = v.host.roles.join(', ') || 'host'
    const base = {
      check,
      subject: subjectOf(v),
      expected: want
        ? `all.forwarding = 1: the host forwards IPv6 packets (role ${role})`
        : `all.forwarding = 0 and no force_forwarding: the host forwards no IPv6 packet (role ${role})`,
      where: whereOf(v),
      evidence: [
        `all.forwarding = ${all ?? 'absent'}, default.forwarding = ${conf(v, 'default', 'forwarding') ?? 'absent'}`,
        ...(want && hostLike.length
          ? [
              `host behaviour (forwarding = 0) on ${hostLike.join(', ')}: RAs taken with accept_ra 1, redirects taken, no router flag in Neighbour Advertisements; judged by hosts.sysctl.accept-ra and hosts.sysctl.redirects, packets still forwarded`,
            ]
          : []),
        ...(!want && routerLike.length
          ? [
              `router behaviour (forwarding = 1) on ${routerLike.join(', ')}: RAs ignored unless accept_ra is 2, redirects ignored; no packet is forwarded while all.forwarding is 0`,
            ]
          : []),
        ...(forced.length
          ? [
              `force_forwarding = 1 on ${forced.join(', ')} (Linux 6.17+): packets arriving there are forwarded whatever all.forwarding says`,
            ]
          : []),
      ].join('\n'),
    }
    if (all === undefined)
      return [
        skipped(
          check,
          subjectOf(v),
          'no net.ipv6.conf.all.forwarding: the kernel has no IPv6 conf tree (see hosts.sysctl.disable-ipv6)',
          whereOf(v),
        ),
      ]
    const onlyForced = forced.length
      ? `; only ${forced.join(', ')} forward${forced.length === 1 ? 's' : ''} (force_forwarding = 1)`
      : ''
    if (want) {
      if (all === 1)
        return [
          pass({
            ...base,
            observed: `all.forwarding = 1${hostLike.length ? ` (host behaviour on ${hostLike.join(', ')}: forwarding = 0 there)` : ''}`,
          }),
        ]
      return [
        fail({
          ...base,
          observed: `all.forwarding = 0: the host forwards no IPv6 packet${onlyForced}`,
          remedy: `sysctl -w net.ipv6.conf.all.forwarding=1 and persist it in /etc/sysctl.d/ (it sets every interface's forwarding to 1 too: where an interface must keep taking RAs, set its accept_ra to 2)`,
        }),
      ]
    }
    if (all === 1)
      return [
        fail({
          ...base,
          observed: 'all.forwarding = 1: the host forwards IPv6 packets between its interfaces',
          remedy:
            "sysctl -w net.ipv6.conf.all.forwarding=0 and persist it in /etc/sysctl.d/ (it sets every interface's forwarding to 0 too, and clears force_forwarding)",
        }),
      ]
    if (forced.length)
      return [
        fail({
          ...base,
          observed: `all.forwarding = 0, but force_forwarding = 1 on ${forced.join(', ')}: packets arriving there are forwarded (Linux 6.17+)`,
          remedy:
            forced.map((n) => `sysctl -w ${ipv6ConfName(n, 'force_forwarding')}=0`).join('; ') +
            ', and persist it in /etc/sysctl.d/',
        }),
      ]
    return [
      pass({
        ...base,
        observed: `all.forwarding = 0${routerLike.length ? ` (router behaviour on ${routerLike.join(', ')}: forwarding = 1 there, no packet forwarded)` : ''}`,
      }),
    ]
  })
})

export const redirects = judgeFacts(SYSCTL_REDIRECTS, (v: HostView): Verdict[] => {
  const check = SYSCTL_REDIRECTS.id
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
})

/** Multi-value sysctls are tab-separated; compare numbers as numbers, the rest by words. */
const normalize = (s: string): string =>
  s
    .trim()
    .split(/\s+/)
    .map((w) => (/^-?\d+$/.test(w) ? String(Number(w)) : w))
    .join(' ')

export const expectedSysctls = judgeFacts(SYSCTL_EXPECTED, (v: HostView): Verdict[] => {
  const check = SYSCTL_EXPECTED.id
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
        return fail({
          ...base,
          observed: `no such sysctl (/proc/sys/${path})`,
          remedy: 'check the name; the interface or module may be missing',
        })
      if (normalize(got) === normalize(want)) return pass({ ...base, observed: `${name} = ${got.trim()}` })
      return fail({
        ...base,
        observed: `${name} = ${got.trim()}`,
        remedy: `sysctl -w ${path}=${want} and persist it in /etc/sysctl.d/`,
      })
    }),
  )
})
