// Judges of the stub resolver and of glibc's address-selection policy (RFC 6724 §2.1, gai.conf(5)).
import type { GaiRule } from '../observe/facts.ts'
import { inPrefix, parseCidr, parseIPv6 } from '../net/index.ts'
import { fail, pass, type Verdict } from '../verdict.ts'
import { needs, subjectOf, whereOf, type HostView } from './host-view.ts'
import { RESOLVER_GAI_PRECEDENCE, RESOLVER_V6_NAMESERVER } from '../checks/hosts/resolver.ts'
import { judgeFacts } from './judged.ts'

export const v6Nameserver = judgeFacts(RESOLVER_V6_NAMESERVER, (v: HostView): Verdict[] => {
  const check = RESOLVER_V6_NAMESERVER.id
  if (v.host.stack !== 'ipv6-only') return []
  return needs(check, v, ['resolv'], () => {
    // Stryker disable next-line ArrayDeclaration: needs() runs this only when resolv.conf was read
    const servers = v.facts.resolv.ok ? v.facts.resolv.value.nameservers : []
    // ::ffff:a.b.c.d is an IPv4 server in disguise; an IPv6-only host cannot reach it.
    const v6 = servers.filter((s) => {
      const p = parseIPv6(s)
      return p && !p.address.startsWith('::ffff:')
    })
    const base = { check, subject: subjectOf(v), expected: 'an IPv6 nameserver in /etc/resolv.conf', where: whereOf(v) }
    const observed = servers.length ? `nameservers ${servers.join(', ')}` : 'no nameserver'
    if (v6.length) return [pass({ ...base, observed })]
    return [
      fail({
        ...base,
        observed,
        remedy: 'add `nameserver <IPv6 address>` (or fix the RDNSS/DHCPv6 option that writes resolv.conf)',
      }),
    ]
  })
})

/** glibc's built-in table (RFC 3484 values) applies only while gai.conf has no precedence line. */
const GLIBC_DEFAULTS: Record<string, number> = {
  '::1/128': 50,
  '::/0': 40,
  '2002::/16': 30,
  '::/96': 20,
  '::ffff:0:0/96': 10,
}
const ESSENTIAL = ['::1/128', '::/0', '::ffff:0:0/96']

/** Longest-prefix match over the table; glibc gives 0 to an address that matches no line. */
function precedenceOf(address: string, table: { prefix: string; value: number }[]): number {
  let best: { len: number; value: number } | undefined
  for (const r of table) {
    // Stryker disable next-line OptionalChaining,UnaryOperator: the gai.conf parser keeps only valid prefixes
    const len = parseCidr(r.prefix)?.prefixlen ?? -1
    if (inPrefix(address, r.prefix) && (!best || len > best.len)) best = { len, value: r.value }
  }
  return best?.value ?? 0
}

/** Precedence of a native global IPv6 destination and of an IPv4 one (seen as v4-mapped). */
export function gaiPrecedences(rules: GaiRule[]): { v6: number; v4: number; custom: boolean; missing: string[] } {
  const lines = rules.filter((r) => r.kind === 'precedence')
  const table = lines.length ? lines : Object.entries(GLIBC_DEFAULTS).map(([prefix, value]) => ({ prefix, value }))
  const missing = lines.length ? ESSENTIAL.filter((p) => !lines.some((r) => r.prefix === p)) : []
  return {
    v6: precedenceOf('2a00::1', table),
    v4: precedenceOf('::ffff:198.51.100.1', table),
    custom: lines.length > 0,
    missing,
  }
}

export const gaiPrecedence = judgeFacts(RESOLVER_GAI_PRECEDENCE, (v: HostView): Verdict[] => {
  const check = RESOLVER_GAI_PRECEDENCE.id
  return needs(check, v, ['gai'], () => {
    // Stryker disable next-line all: needs() runs this only when gai.conf was read
    const gai = v.facts.gai.ok ? v.facts.gai.value : { present: false, rules: [] }
    const p = gaiPrecedences(gai.rules)
    const lines = gai.rules.filter((r) => r.kind === 'precedence')
    const evidence = lines.map((r) => `/etc/gai.conf:${r.line}: precedence ${r.prefix} ${r.value}`).join('\n')
    const base = {
      check,
      subject: subjectOf(v),
      expected: 'IPv6 (::/0) above IPv4 (::ffff:0:0/96), with a full precedence table',
      observed: `${p.custom ? 'custom table' : 'default table'}: IPv6 ${p.v6}, IPv4 ${p.v4}${p.missing.length ? `; missing ${p.missing.join(', ')}` : ''}`,
      where: whereOf(v),
      ...(evidence ? { evidence } : {}),
    }
    if (p.v6 > p.v4 && !p.missing.length) return [pass(base)]
    return [
      fail({
        ...base,
        remedy:
          p.v4 >= p.v6
            ? 'remove `precedence ::ffff:0:0/96 100` (IPv4 first) from /etc/gai.conf'
            : 'any precedence line replaces the whole default table: write the full RFC 6724 table or remove the lines',
      }),
    ]
  })
})
