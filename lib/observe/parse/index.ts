// All observation parsers, and the one call that turns a host's sections into HostFacts.
import type { HostFacts, Observed, Sysctls } from '../facts.ts'
import type { Section } from '../script.ts'
import { parseConfigSection } from './config.ts'
import { parseGaiConf } from './gai-conf.ts'
import { parseIpAddr } from './ip-addr.ts'
import { parseIpRoute } from './ip-route.ts'
import { parseMetadata } from './metadata.ts'
import { parseResolvConf } from './resolv-conf.ts'
import { parseSs } from './ss.ts'
import { parseParts } from './parts.ts'
import { parseNamedSysctl, parseSysctl } from './sysctl.ts'

export { parseConfigSection, parseGaiConf, parseIpAddr, parseIpRoute, parseMetadata, parseNamedSysctl, parseParts, parseResolvConf, parseSs, parseSysctl }

type Sections = Partial<Record<Section, string>>

/** One section through its parser; a missing section or a parse error becomes a reason naming it. */
export function observe<T>(sections: Sections, name: Section, parse: (raw: string) => T): Observed<T> {
  const raw = sections[name]
  if (raw === undefined) return { ok: false, error: `section ${name}: missing from the output (the observation was cut short?)` }
  try {
    return { ok: true, value: parse(raw) }
  } catch (e) {
    return { ok: false, error: `section ${name}: ${e instanceof Error ? e.message : String(e)}` }
  }
}

export function parseHostFacts(sections: Sections): HostFacts {
  const conf = observe(sections, 'sysctl', parseSysctl)
  const named = observe(sections, 'named-sysctl', parseNamedSysctl)
  // Judges look a named sysctl up in `named` and call it absent when it is not there: an unread
  // named-sysctl section must fail the fact rather than pass for "no such sysctl".
  const sysctls: Observed<Sysctls> = !conf.ok ? conf : !named.ok ? named : { ok: true, value: { ...conf.value, named: named.value } }
  return {
    interfaces: observe(sections, 'ip-addr', parseIpAddr),
    routes: observe(sections, 'ip-route', parseIpRoute),
    sysctls,
    // ss -e reports v6only per socket; where it does not, judges apply net.ipv6.bindv6only (sysctls).
    listeners: observe(sections, 'ss', parseSs),
    resolv: observe(sections, 'resolv', parseResolvConf),
    gai: observe(sections, 'gai', parseGaiConf),
    // Only hosts with a metadata expectation (guests) have this section; elsewhere no judge asks for it.
    metadata: observe(sections, 'metadata', parseMetadata),
    // Only hosts that name config files have this section; elsewhere no judge asks for it.
    configs: observe(sections, 'config', parseConfigSection),
    // Only guests with an address_mode, and container hosts, have these sections.
    guest: observe(sections, 'guest', parseParts),
    containers: observe(sections, 'containers', parseParts),
  }
}
