// Host views for the config judges: the fixture files of lab/files/{good,bad}/ observed
// the way a host's files are (the real script under sh, split, redacted, parsed), then named by
// the paths they stand for on the lab's host, so subjects read `ctl:/etc/cinder/cinder.conf`.
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { CONFIG_SPECS } from '../../../lab/host-files.ts'
import type { HostView } from '../../../lib/judge/host-view.ts'
import type { ConfigText, HostFacts } from '../../../lib/observe/facts.ts'
import { withParsed } from '../../../lib/observe/parse/config.ts'
import { parseHostFacts } from '../../../lib/observe/parse/index.ts'
import { redactSection } from '../../../lib/secrets/redact-text.ts'
import { scrubSections } from '../../../lib/observe/scrub.ts'
import { observationScript, splitSections } from '../../../lib/observe/script.ts'
import type { ResolvedHost } from '../../../lib/targets/resolve.ts'
import { host, rich } from './view.ts'

export const FIXTURES = fileURLToPath(new URL('../../../lab/files/', import.meta.url))

/** The files the lab puts on host ctl, as the targets file names them. */
export const LAB_CONFIGS: ResolvedHost['configs'] = CONFIG_SPECS

/** Every password the fixtures hold: none may reach a verdict. */
export const FIXTURE_SECRETS = [
  'Rabbit-Cinder-7q',
  'Cinder-Db-4k',
  'Cinder-Ks-9w',
  'Rabbit-Nova-3x',
  'Nova-Db-8m',
  'Nova-Ks-2p',
  'Neutron-Ks-6v',
  'Meta-Shared-5z',
  'Placement-Ks-1c',
  'Hap-Stats-Pw-9',
]

/** The config section exactly as host.ts stores it: printed by the script, split, redacted. */
export function observedSection(paths: string[]): string {
  const out = execFileSync('sh', ['-s'], { input: observationScript('t3st', { configs: paths }), encoding: 'utf8' })
  const config = scrubSections(splitSections(out, 't3st').sections).config
  if (config === undefined) throw new Error('the script printed no config section')
  return config
}

/** Observe files on this machine; `as` renames each to the path it stands for, which `specs` give a format. */
export function observeConfigs(
  files: { real: string; as: string }[],
  specs: ResolvedHost['configs'],
): HostFacts['configs'] {
  const formats = files.flatMap((f) =>
    specs.filter((s) => s.path === f.as).map((s) => ({ path: f.real, format: s.format })),
  )
  const configs = parseHostFacts({ config: observedSection(files.map((f) => f.real)) }, { configs: formats }).configs
  if (!configs.ok) return configs
  const rename = new Map(files.map((f) => [f.real, f.as]))
  return { ok: true, value: configs.value.map((c): ConfigText => ({ ...c, path: rename.get(c.path) ?? c.path })) }
}

/** Host ctl holding the good or the bad variant of every lab file. */
export function labView(variant: 'good' | 'bad', over: Partial<ResolvedHost> = {}): HostView {
  const configs = observeConfigs(
    LAB_CONFIGS.map((c) => ({ real: `${FIXTURES}${variant}${c.path}`, as: c.path })),
    LAB_CONFIGS,
  )
  return { host: host({ name: 'ctl', configs: LAB_CONFIGS, ...over }), facts: { ...rich, configs }, probes: [] }
}

/** A host whose configs are given as text, for the judges' edge cases (redacted as host.ts does, read as their format). */
export function textView(
  files: { path: string; format: ResolvedHost['configs'][number]['format']; style?: 'expanded'; text: string }[],
  over: Partial<ResolvedHost> = {},
): HostView {
  const value = files.map(
    (f): ConfigText =>
      withParsed(
        { path: f.path, state: 'ok', text: redactSection(f.text), size: f.text.length, truncated: false },
        files,
      ),
  )
  return {
    host: host({
      name: 'h1',
      configs: files.map(({ path, format, style }) => ({ path, format, ...(style && { style }) })),
      ...over,
    }),
    facts: { ...rich, configs: { ok: true, value } },
    probes: [],
  }
}
