// What a host judge sees: the expectations for one host and the facts observed on it.
import type { HostFacts, Interface, Observed } from '../observe/facts.ts'
import type { ResolvedHost } from '../targets/resolve.ts'
import { skipped, type Verdict } from '../verdict.ts'

/** A TCP connect from the runner to a listener, made in the observation phase. */
export interface Probe {
  port: number
  address: string
  ok: boolean
  /** Family of the socket actually used; never assumed from the address asked for. */
  family?: 'IPv4' | 'IPv6'
  remoteAddress?: string
  error?: string
  ms: number
  /** 'ssh': no probe of its own; the observation's SSH connection made this connect. */
  via?: 'ssh'
}

export interface HostView {
  host: ResolvedHost
  facts: HostFacts
  probes: Probe[]
}

export type HostJudge = (v: HostView) => Verdict[]

export type IfaceExpect = ResolvedHost['interfaces'][string]
const OPTIONAL: IfaceExpect = { ipv6: 'optional', addresses: [] }

/** Interfaces the targets file does not name are `optional`: judged only on what is there. */
export const expectOf = (v: HostView, iface: string): IfaceExpect => v.host.interfaces[iface] ?? OPTIONAL

export const subjectOf = (v: HostView, iface?: string): string => (iface ? `${v.host.name}:${iface}` : v.host.name)

export const whereOf = (v: HostView, iface?: string) => ({ host: v.host.name, ...(iface ? { interface: iface } : {}) })

export const isLoopback = (i: Interface): boolean => i.flags.includes('LOOPBACK') || i.linkType === 'loopback'

/** Up in the sense that matters for IPv6: administratively up with a carrier (or no notion of one). */
export const isUp = (i: Interface): boolean => i.flags.includes('UP') && (i.flags.includes('LOWER_UP') || i.operstate === 'UNKNOWN')

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

/**
 * Run `judge` only when the facts it needs were observed; otherwise one skipped test that
 * says which fact is missing and why, so nothing is judged on a guess.
 */
export function needs(check: string, v: HostView, facts: (keyof HostFacts)[], judge: () => Verdict[]): Verdict[] {
  for (const f of facts) {
    const o: Observed<unknown> = v.facts[f]
    if (!o.ok) return [skipped(check, v.host.name, `could not observe ${f}: ${o.error}`, whereOf(v))]
  }
  return judge()
}

export const listOr = (items: string[], none: string): string => (items.length ? items.join(', ') : none)
