// All observation parsers, and the one call that turns a host's sections into HostFacts.
import type { HostFacts, Observed, Parsed, Sysctls } from '../facts.ts'
import type { Section } from '../script.ts'
import { parseConfigSection, type ConfigFormats } from './config.ts'
import { containerFacts } from './containers.ts'
import { firewallFacts } from './firewall.ts'
import { parseGaiConf } from './gai-conf.ts'
import { guestFacts } from './guest.ts'
import { parseIdentity } from './identity.ts'
import { parseIpAddr } from './ip-addr.ts'
import { parseIpRoute } from './ip-route.ts'
import { ovnEncap } from './ovn-encap.ts'
import { pathMtuFacts } from './path-mtu.ts'
import { parseMetadata } from './metadata.ts'
import { parseResolvConf } from './resolv-conf.ts'
import { parseSs } from './ss.ts'
import { parseParts } from './parts.ts'
import { parseNamedSysctl, parseSysctl } from './sysctl.ts'

export {
  containerFacts,
  firewallFacts,
  guestFacts,
  parseConfigSection,
  parseGaiConf,
  parseIpAddr,
  parseIpRoute,
  parseMetadata,
  parseNamedSysctl,
  parseParts,
  parseResolvConf,
  parseSs,
  parseSysctl,
  ovnEncap,
  pathMtuFacts,
}

type Sections = Partial<Record<Section, string>>

/**
 * One section through its parser. A missing section, or one the parser cannot read at all, becomes
 * a reason naming it; lines it could not read travel with the rest (Observed.unreadable).
 */
export function observe<T>(sections: Sections, name: Section, parse: (raw: string) => Parsed<T>): Observed<T> {
  const raw = sections[name]
  if (raw === undefined)
    return { ok: false, error: `section ${name}: missing from the output (the observation was cut short?)` }
  try {
    const { value, unreadable } = parse(raw)
    return { ok: true, value, ...(unreadable.length ? { unreadable } : {}) }
  } catch (e) {
    return { ok: false, error: `section ${name}: ${e instanceof Error ? e.message : String(e)}` }
  }
}

/** A parser that reads a section whole (a file, a digest), with no line to leave out. */
const whole =
  <T>(parse: (raw: string) => T) =>
  (raw: string): Parsed<T> => ({ value: parse(raw), unreadable: [] })

/** What the parsers need from the targets file: the format of each config file the host names. */
export interface HostSpec {
  configs?: ConfigFormats
}

export function parseHostFacts(sections: Sections, host: HostSpec = {}): HostFacts {
  const conf = observe(sections, 'sysctl', parseSysctl)
  const named = observe(sections, 'named-sysctl', parseNamedSysctl)
  // Judges look a named sysctl up in `named` and call it absent when it is not there: an unread
  // named-sysctl section must fail the fact rather than pass for "no such sysctl".
  const unreadable = [...((conf.ok && conf.unreadable) || []), ...((named.ok && named.unreadable) || [])]
  const sysctls: Observed<Sysctls> = !conf.ok
    ? conf
    : !named.ok
      ? named
      : { ok: true, value: { ...conf.value, named: named.value }, ...(unreadable.length ? { unreadable } : {}) }
  return {
    identity: observe(sections, 'id', whole(parseIdentity)),
    interfaces: observe(sections, 'ip-addr', parseIpAddr),
    routes: observe(sections, 'ip-route', parseIpRoute),
    sysctls,
    // ss -e reports v6only per socket; where it does not, judges apply net.ipv6.bindv6only (sysctls).
    listeners: observe(sections, 'ss', parseSs),
    resolv: observe(sections, 'resolv', whole(parseResolvConf)),
    gai: observe(sections, 'gai', parseGaiConf),
    // Only hosts with a metadata expectation (guests) have this section; elsewhere no judge asks for it.
    metadata: observe(sections, 'metadata', whole(parseMetadata)),
    // Only hosts that name config files have this section; elsewhere no judge asks for it.
    configs: observe(
      sections,
      'config',
      whole((raw) => parseConfigSection(raw, host.configs)),
    ),
    // Only guests with an address_mode, and container hosts, have these sections.
    guest: observe(
      sections,
      'guest',
      whole((raw) => guestFacts(parseParts(raw))),
    ),
    // nft's ruleset is read once, in the firewall section (older observations have it among the containers parts).
    containers: observe(
      sections,
      'containers',
      whole((raw) => containerFacts([...parseParts(raw), ...parseParts(sections.firewall ?? '')])),
    ),
    firewall: observe(
      sections,
      'firewall',
      whole((raw) => firewallFacts(parseParts(raw))),
    ),
    // Only hosts whose targets file asks for hosts.path.mtu have this section.
    pathMtu: observe(
      sections,
      'pathmtu',
      whole((raw) => pathMtuFacts(parseParts(raw))),
    ),
    // Only hosts that list ini files have this section.
    ovn: observe(
      sections,
      'ovs',
      whole((raw) => ovnEncap(parseParts(raw))),
    ),
  }
}
