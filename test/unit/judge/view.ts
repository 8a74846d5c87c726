// Host views for judge tests: facts parsed from recorded real observations, and expectations
// built the way resolveTarget shapes them.
import type { HostView } from '../../../lib/judge/host-view.ts'
import type { HostFacts, Sysctls } from '../../../lib/observe/facts.ts'
import type { Probe } from '../../../lib/observe/record.ts'
import { parseHostFacts } from '../../../lib/observe/parse/index.ts'
import { splitSections, type Section } from '../../../lib/observe/script.ts'
import type { ResolvedHost } from '../../../lib/targets/resolve.ts'
import { fixture } from '../observe/fixtures.ts'

/** The sections of one recorded observation (test/fixtures/observe/full.*.txt). */
export const sectionsOf = (name: string) => splitSections(fixture(name), 'fixture1').sections

/** The facts of one recorded observation (test/fixtures/observe/full.*.txt). */
export const facts = (name: string): HostFacts => parseHostFacts(sectionsOf(name))

/** A recorded observation with some sections changed. */
export const edited = (
  name: string,
  change: (s: Partial<Record<Section, string>>) => Partial<Record<Section, string>>,
): HostFacts => parseHostFacts(change(sectionsOf(name)))

/** A namespace with every tricky form: VLAN, dadfailed, tentative, forwarding with accept_ra 1, v6only mix. */
export const rich = facts('full.netns-rich.txt')
/** This machine's root namespace (Debian 12). */
export const root = facts('full.debian12.root.txt')

export const host = (over: Partial<ResolvedHost> = {}): ResolvedHost => ({
  name: 'h1',
  transport: 'ssh',
  roles: [],
  stack: 'ipv6-only',
  interfaces: {},
  sysctl: {},
  listeners: { auto: false, expected: [] },
  configs: [],
  ...over,
})

export const view = (h: ResolvedHost = host(), f: HostFacts = rich, probes: Probe[] = []): HostView => ({
  host: h,
  facts: f,
  probes,
})

/** subject → 'pass' | 'fail' | 'skip', the shape most assertions want. */
export const outcomes = (vs: { subject: string; ok: boolean; skip?: string }[]) =>
  Object.fromEntries(vs.map((v) => [v.subject, v.skip ? 'skip' : v.ok ? 'pass' : 'fail']))

/** The facts with some per-interface sysctls changed (as if the capture had them). */
export function withConf(f: HostFacts, change: Record<string, Record<string, string>>): HostFacts {
  if (!f.sysctls.ok) throw new Error(f.sysctls.error)
  const conf = structuredClone(f.sysctls.value.conf)
  for (const [iface, kv] of Object.entries(change)) conf[iface] = { ...conf[iface], ...kv }
  const value: Sysctls = { ...f.sysctls.value, conf }
  return { ...f, sysctls: { ok: true, value } }
}
