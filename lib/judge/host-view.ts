// What a host judge sees: the expectations for one host and the facts observed on it.
import type { HostFacts, Interface, Observed, Unreadable } from '../observe/facts.ts'
import type { Probe } from '../observe/record.ts'
import { describeUnreadable } from '../observe/parse/util.ts'
import { addressModeOf, type ResolvedHost } from '../targets/resolve.ts'
import type { AddressModeName } from '../targets/schema.ts'
import { skipped, type Verdict } from '../verdict.ts'

export interface HostView {
  host: ResolvedHost
  facts: HostFacts
  probes: Probe[]
}

export type HostJudge = (v: HostView) => Verdict[]

export type IfaceExpect = ResolvedHost['interfaces'][string]
const OPTIONAL: IfaceExpect = { ipv6: 'optional', addresses: [] }

/**
 * Interfaces the targets file does not name are `optional`: judged only on what is there. An own key
 * only: a host's interface may be called `constructor` or `toString` (the kernel allows it).
 */
export const expectOf = (v: HostView, iface: string): IfaceExpect =>
  (Object.hasOwn(v.host.interfaces, iface) ? v.host.interfaces[iface] : undefined) ?? OPTIONAL

/** How the network gives the interface its IPv6 address: its own address_mode, else the host's. */
export const modeOf = (v: HostView, iface: string): AddressModeName | undefined => addressModeOf(v.host, iface)

export const subjectOf = (v: HostView, iface?: string): string => (iface ? `${v.host.name}:${iface}` : v.host.name)

export const whereOf = (v: HostView, iface?: string) => ({ host: v.host.name, ...(iface ? { interface: iface } : {}) })

export const isLoopback = (i: Interface): boolean => i.flags.includes('LOOPBACK') || i.linkType === 'loopback'

/** Up in the sense that matters for IPv6: administratively up with a carrier (or no notion of one). */
export const isUp = (i: Interface): boolean =>
  i.flags.includes('UP') && (i.flags.includes('LOWER_UP') || i.operstate === 'UNKNOWN')

/** A per-interface IPv6 sysctl as a number; undefined when the kernel has no such entry. */
export function conf(v: HostView, iface: string, key: string): number | undefined {
  if (!v.facts.sysctls.ok) return undefined
  const raw = v.facts.sysctls.value.conf[iface]?.[key]
  if (raw === undefined) return undefined
  const n = Number(raw.trim())
  return Number.isFinite(n) ? n : undefined
}

/** IPv6 is on for this interface: the kernel has a conf entry and disable_ipv6 is 0. */
export const ipv6On = (v: HostView, iface: string): boolean => conf(v, iface, 'disable_ipv6') === 0

/** The subject of the verdicts an unreadable line is about: a port, an interface, or the host for the default route. */
function subjectOfLine(v: HostView, fact: keyof HostFacts, u: Unreadable): string | undefined {
  if (u.about === undefined) return undefined
  if (fact === 'listeners') return `${v.host.name}:${u.about}`
  if (fact === 'interfaces' || fact === 'sysctls') return subjectOf(v, u.about)
  if (fact === 'routes' && u.about === 'default') return v.host.name
  return undefined
}

/** The lines of these facts that could not be read, each with the subject it is about when that can be told. */
export function unreadableOf(v: HostView, facts: (keyof HostFacts)[]): { line: Unreadable; subject?: string }[] {
  return facts.flatMap((f) => {
    const o: Observed<unknown> = v.facts[f]
    return ((o.ok && o.unreadable) || []).map((line) => {
      const subject = subjectOfLine(v, f, line)
      return subject === undefined ? { line } : { line, subject }
    })
  })
}

export const couldNotRead = (u: Unreadable): string => `could not read ${describeUnreadable(u)}`

/**
 * A verdict judged on a fact read in part. A line about the verdict's own subject (its port, its
 * interface) could change it: the verdict is skipped naming that line, unless its outcome is the one
 * `stands` says such a line cannot overturn. A line that cannot be tied to a subject could be about
 * any: it becomes evidence of every verdict. A line about another subject is that subject's.
 */
function doubted(x: Verdict, lines: { line: Unreadable; subject?: string }[], stands?: 'pass' | 'fail'): Verdict {
  if (x.skip) return x
  const mine = lines.filter((l) => l.subject === x.subject).map((l) => l.line)
  const loose = lines.filter((l) => l.subject === undefined).map((l) => l.line)
  const [first] = mine
  if (first && stands !== (x.ok ? 'pass' : 'fail'))
    return skipped(
      x.check,
      x.subject,
      `${couldNotRead(first)}${mine.length > 1 ? ` (and ${mine.length - 1} more)` : ''}`,
      x.where,
    )
  const extra = [...mine, ...loose].map(couldNotRead)
  return extra.length ? { ...x, evidence: [x.evidence, ...extra].filter(Boolean).join('\n') } : x
}

/**
 * Run `judge` only when the facts it needs were observed; otherwise one skipped test that
 * says which fact is missing and why, so nothing is judged on a guess. Lines of those facts that
 * could not be read are judged by `doubted`: `stands` is the outcome they cannot overturn ('pass'
 * for a check that something is there, 'fail' for a check that something is not).
 */
export function needs(
  check: string,
  v: HostView,
  facts: (keyof HostFacts)[],
  judge: () => Verdict[],
  stands?: 'pass' | 'fail',
): Verdict[] {
  for (const f of facts) {
    const o: Observed<unknown> = v.facts[f]
    if (!o.ok) return [skipped(check, v.host.name, `could not observe ${f}: ${o.error}`, whereOf(v))]
  }
  const verdicts = judge()
  const lines = unreadableOf(v, facts)
  if (!lines.length) return verdicts
  return verdicts.map((x) => doubted(x, lines, stands))
}

export const listOr = (items: string[], none: string): string => (items.length ? items.join(', ') : none)
