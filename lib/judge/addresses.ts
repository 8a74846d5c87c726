// Judges of the IPv6 addresses an interface holds, and of the state the kernel keeps them in.
import type { Address, Interface } from '../observe/facts.ts'
import { classifyIPv6, inPrefix, isAlignedCidr, parseCidr, sameAddress } from '../net/index.ts'
import { fail, pass, skipped, type Verdict } from '../verdict.ts'
import {
  couldNotRead,
  expectOf,
  ipv6On,
  isLoopback,
  isUp,
  listOr,
  needs,
  subjectOf,
  unreadableOf,
  whereOf,
  type HostView,
} from './host-view.ts'
import { ADDR_DAD, ADDR_FORBIDDEN, ADDR_LINK_LOCAL, ADDR_REQUIRED } from '../checks/hosts/addr.ts'
import { judgeFacts } from './judged.ts'

const v6 = (i: Interface): Address[] => i.addresses.filter((a) => a.family === 'inet6')
const show = (a: Address): string => `${a.address}/${a.prefixlen}`
const globalOf = (i: Interface): Address[] => v6(i).filter((a) => a.scope === 'global')

/** Why an address cannot be used for new connections, if it cannot (RFC 4862 §5.5.4, §5.4). */
function unusable(a: Address): string | undefined {
  if (a.dadfailed) return 'dadfailed'
  if (a.tentative) return 'tentative'
  if (a.deprecated) return 'deprecated'
  return undefined
}

/**
 * An expected entry names an address (`2001:db8::11`, `2001:db8::11/64`) or, when its host
 * bits are zero, a prefix that some address must come from (`2001:db8:5::/64`, e.g. SLAAC).
 */
function findExpected(entry: string, held: Address[]): { found?: Address; label: string } {
  const c = parseCidr(entry)
  if (c && c.prefixlen < 128 && isAlignedCidr(entry)) {
    const found = held.find((a) => a.prefixlen === c.prefixlen && inPrefix(a.address, entry))
    return { ...(found ? { found } : {}), label: `an address in ${entry}` }
  }
  const address = c ? c.address : entry
  const found = held.find((a) => sameAddress(a.address, address) && (!c || a.prefixlen === c.prefixlen))
  return { ...(found ? { found } : {}), label: entry }
}

export const required = judgeFacts(ADDR_REQUIRED, (v: HostView): Verdict[] => {
  const check = ADDR_REQUIRED.id
  const named = Object.entries(v.host.interfaces).filter(([, e]) => e.ipv6 === 'required' || e.addresses.length > 0)
  if (!named.length) return []
  return needs(
    check,
    v,
    ['interfaces'],
    () =>
      named.map(([name, e]) => {
        const iface = v.facts.interfaces.ok ? v.facts.interfaces.value.find((i) => i.name === name) : undefined
        const wanted = e.addresses.length ? e.addresses.join(', ') : 'a usable global IPv6 address'
        const base = { check, subject: subjectOf(v, name), expected: wanted, where: whereOf(v, name) }
        if (!iface)
          return fail({
            ...base,
            observed: `no interface ${name}`,
            remedy: `check the interface name in the targets file, or create ${name}`,
          })
        const held = v6(iface)
        const problems: string[] = []
        for (const entry of e.addresses) {
          const { found, label } = findExpected(entry, held)
          if (!found) problems.push(`${label} missing`)
          else if (unusable(found)) problems.push(`${show(found)} is ${unusable(found)}`)
        }
        if (!e.addresses.length && !globalOf(iface).some((a) => !unusable(a)))
          problems.push('no usable global IPv6 address')
        const evidence = held
          .map((a) => `${show(a)} scope ${a.scope}${unusable(a) ? ` ${unusable(a)}` : ''}`)
          .join('\n')
        if (!problems.length)
          return pass({
            ...base,
            observed: listOr(held.filter((a) => a.scope === 'global').map(show), 'none'),
            evidence,
          })
        return fail({
          ...base,
          observed: problems.join('; '),
          remedy: problems.some((p) => p.includes('dadfailed'))
            ? 'another node holds the address: find it (ip -6 neigh) and renumber one of them'
            : `configure ${wanted} on ${name} in the network configuration`,
          evidence,
        })
      }),
    'pass', // one usable address found is found, whatever else could not be read
  )
})

export const forbidden = judgeFacts(ADDR_FORBIDDEN, (v: HostView): Verdict[] => {
  const check = ADDR_FORBIDDEN.id
  const named = Object.entries(v.host.interfaces).filter(([, e]) => e.ipv6 === 'forbidden')
  if (!named.length) return []
  return needs(
    check,
    v,
    ['interfaces'],
    () =>
      named.flatMap(([name]) => {
        const iface = v.facts.interfaces.ok ? v.facts.interfaces.value.find((i) => i.name === name) : undefined
        // Absent, nothing leaks; but an entry of that name that could not be read may hold a global address.
        const unread = unreadableOf(v, ['interfaces']).find((l) => l.subject === subjectOf(v, name))
        if (!iface)
          return unread ? [skipped(check, subjectOf(v, name), couldNotRead(unread.line), whereOf(v, name))] : []
        const leaked = globalOf(iface)
        const base = {
          check,
          subject: subjectOf(v, name),
          expected: 'no global IPv6 address (ipv6: forbidden)',
          where: whereOf(v, name),
        }
        if (!leaked.length) return [pass({ ...base, observed: 'none' })]
        return [
          fail({
            ...base,
            observed: leaked.map((a) => `${show(a)}${a.dynamic ? ' (learned from an RA)' : ''}`).join(', '),
            remedy: `stop the leak with net.ipv6.conf.${name}.accept_ra=0 and autoconf=0 (or disable_ipv6=1), then remove the address`,
            ...(leaked[0] ? { where: { ...whereOf(v, name), address: leaked[0].address } } : {}),
          }),
        ]
      }),
    'fail', // a leaked address read is leaked
  )
})

export const dad = judgeFacts(ADDR_DAD, (v: HostView): Verdict[] => {
  const check = ADDR_DAD.id
  return needs(
    check,
    v,
    ['interfaces'],
    () =>
      (v.facts.interfaces.ok ? v.facts.interfaces.value : [])
        .filter((i) => v6(i).length > 0)
        .map((i) => {
          const failed = v6(i).filter((a) => a.dadfailed)
          const base = {
            check,
            subject: subjectOf(v, i.name),
            expected: 'no dadfailed address',
            where: whereOf(v, i.name),
          }
          if (!failed.length) return pass({ ...base, observed: 'none' })
          return fail({
            ...base,
            observed: `dadfailed: ${failed.map(show).join(', ')}`,
            remedy:
              'another node on the link holds the same address: find it (ip -6 neigh, switch tables) and renumber one of them',
          })
        }),
    'fail', // a dadfailed address read is dadfailed
  )
})

export const linkLocal = judgeFacts(ADDR_LINK_LOCAL, (v: HostView): Verdict[] => {
  const check = ADDR_LINK_LOCAL.id
  return needs(
    check,
    v,
    ['interfaces', 'sysctls'],
    () =>
      (v.facts.interfaces.ok ? v.facts.interfaces.value : [])
        .filter((i) => !isLoopback(i) && isUp(i) && ipv6On(v, i.name) && expectOf(v, i.name).ipv6 !== 'forbidden')
        .map((i) => {
          const ll = v6(i).filter((a) => classifyIPv6(a.address) === 'link-local')
          const base = {
            check,
            subject: subjectOf(v, i.name),
            expected: 'a link-local address (fe80::/10)',
            where: whereOf(v, i.name),
          }
          if (ll.some((a) => !unusable(a))) return pass({ ...base, observed: ll.map(show).join(', ') })
          return fail({
            ...base,
            observed: ll.length ? `${ll.map((a) => `${show(a)} ${unusable(a)}`).join(', ')}` : 'none',
            remedy: `set net.ipv6.conf.${i.name}.addr_gen_mode to 0 (or 2/3), then toggle disable_ipv6 on ${i.name} to regenerate it`,
          })
        }),
    'pass',
  )
})
