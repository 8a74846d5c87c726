// What never reaches observations.json or a report: secrets in the text hosts and endpoints send
// back, and metadata bodies. Applied where observations enter the program, when observed and when
// replayed; every step is idempotent, so a file we wrote comes back unchanged.
import type { HttpProbeResult } from '../http/index.ts'
import { redactSection, redactText } from '../secrets/redact-text.ts'
import { digestMetadata } from './parse/metadata.ts'
import type { HostObservation, Observations } from './record.ts'
import type { Section } from './script.ts'
import type { UnderlayObservation } from './underlay-record.ts'

export function scrubSections(sections: Partial<Record<Section, string>>): Partial<Record<Section, string>> {
  return {
    ...sections,
    // Config files hold passwords; only their redacted text is kept.
    ...(sections.config !== undefined ? { config: redactSection(sections.config) } : {}),
    // NetworkManager keyfiles hold Wi-Fi and 802.1X secrets (psk=, password=); daemon.json can hold
    // proxy URLs with credentials and registry mirrors.
    ...(sections.guest !== undefined ? { guest: redactSection(sections.guest) } : {}),
    ...(sections.containers !== undefined ? { containers: redactSection(sections.containers) } : {}),
    // A rule's comment is free text.
    ...(sections.firewall !== undefined ? { firewall: redactSection(sections.firewall) } : {}),
    // Only ping's and ovs-vsctl's words (and the targets file's names); a wrapper on the host's PATH could print anything.
    ...(sections.pathmtu !== undefined ? { pathmtu: redactSection(sections.pathmtu) } : {}),
    ...(sections.ovs !== undefined ? { ovs: redactSection(sections.ovs) } : {}),
    // Metadata bodies hold admin_pass and keys; only their digest (JSON or not, the uuid) is kept.
    ...(sections.metadata !== undefined ? { metadata: digestMetadata(sections.metadata) } : {}),
  }
}

/**
 * One host's observation with its secrets gone: the sections, and the text outside them that the
 * host printed (a login banner, rc noise, stderr: a profile script may echo `export DB_PASSWORD=…`),
 * which the reach verdict quotes when an observation stops early.
 */
export function scrubHost(h: HostObservation): HostObservation {
  return {
    ...h,
    sections: scrubSections(h.sections),
    ...(h.noise !== undefined && { noise: redactText(h.noise) }),
    ...(h.stderr !== undefined && { stderr: redactText(h.stderr) }),
    ...(h.error !== undefined && { error: redactText(h.error) }),
  }
}

/** An endpoint's answer keeps its body as evidence; a body can be a config file served by mistake. */
const scrubHttp = (r: HttpProbeResult): HttpProbeResult =>
  r.body ? { ...r, body: { ...r.body, text: redactText(r.body.text) } } : r

export function scrubUnderlay(u: UnderlayObservation): UnderlayObservation {
  return {
    ...u,
    endpoints: u.endpoints.map((e) => ({
      ...e,
      ...(e.http && { http: scrubHttp(e.http) }),
      ...(e.v4 && { v4: scrubHttp(e.v4) }),
    })),
    ...(u.catalog?.ok && {
      catalog: {
        ...u.catalog,
        probes: u.catalog.probes.map((p) => ({ ...p, ...(p.http && { http: scrubHttp(p.http) }) })),
      },
    }),
  }
}

/** A whole observation, as --replay reads it: a hand-made or older file may hold secrets. */
export const scrubObservations = (o: Observations): Observations => ({
  ...o,
  hosts: o.hosts.map(scrubHost),
  ...(o.underlay && { underlay: scrubUnderlay(o.underlay) }),
})
