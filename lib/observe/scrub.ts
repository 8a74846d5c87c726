// What never reaches observations.json or a report: config-file secrets and metadata bodies.
// Applied where sections enter the program, when observed and when replayed; both steps are
// idempotent, so a file we wrote comes back unchanged.
import { digestMetadata } from './parse/metadata.ts'
import { redactConfigSection } from './redact-config.ts'
import type { Section } from './script.ts'

export function scrubSections(sections: Partial<Record<Section, string>>): Partial<Record<Section, string>> {
  return {
    ...sections,
    // Config files hold passwords; only their redacted text is kept.
    ...(sections.config !== undefined ? { config: redactConfigSection(sections.config) } : {}),
    // NetworkManager keyfiles hold Wi-Fi and 802.1X secrets (psk=, password=); daemon.json can hold
    // proxy URLs with credentials and registry mirrors.
    ...(sections.guest !== undefined ? { guest: redactConfigSection(sections.guest) } : {}),
    ...(sections.containers !== undefined ? { containers: redactConfigSection(sections.containers) } : {}),
    // Metadata bodies hold admin_pass and keys; only their digest (JSON or not, the uuid) is kept.
    ...(sections.metadata !== undefined ? { metadata: digestMetadata(sections.metadata) } : {}),
  }
}
