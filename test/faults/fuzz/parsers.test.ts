// Every parser of observed output and of config files, fed mutated real outputs and random text:
// each input gives a result or a clear error, never a crash or a hang.
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { parseHaproxy, parseIni, parseNginx, parseText, parseYaml } from '../../../lib/config/index.ts'
import { parseHostFacts } from '../../../lib/observe/parse/index.ts'
import {
  parseConfigSection, parseGaiConf, parseIpAddr, parseIpRoute, parseMetadata, parseNamedSysctl, parseResolvConf, parseSs, parseSysctl,
} from '../../../lib/observe/parse/index.ts'
import { observationScript, splitSections } from '../../../lib/observe/script.ts'
import { mutated, RUNS, timed } from './mutate.ts'

const FIX = new URL('../../fixtures/observe/', import.meta.url).pathname
const LAB_FILES = new URL('../../../lab/files/', import.meta.url).pathname
const read = (dir: string, pick: (f: string) => boolean) => readdirSync(dir).filter(pick).map((f) => readFileSync(join(dir, f), 'utf8'))
const paths = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? paths(join(dir, e.name)) : [join(dir, e.name)]))
const walk = (dir: string): string[] => paths(dir).map((f) => readFileSync(f, 'utf8'))
// The config section as the real observation script writes it, for the lab's config files.
const configSection = (): string => {
  const out = execFileSync('sh', ['-s'], { input: observationScript('n0nce', { configs: paths(LAB_FILES) }), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  return splitSections(out, 'n0nce').sections.config ?? ''
}

const seeds = {
  ss: read(FIX, (f) => f.startsWith('ss-')),
  ipAddr: read(FIX, (f) => f.startsWith('ip-addr')),
  ipRoute: read(FIX, (f) => f.startsWith('ip-route')),
  sysctl: read(FIX, (f) => f.startsWith('sysctl.')),
  named: read(FIX, (f) => f.startsWith('named-sysctl')),
  resolv: read(FIX, (f) => f.startsWith('resolv.')),
  gai: read(FIX, (f) => f.startsWith('gai.')),
  metadata: read(FIX, (f) => f.startsWith('metadata.')),
  full: read(FIX, (f) => f.startsWith('full.')),
  configs: walk(LAB_FILES),
  configSection: [configSection()],
}

const cases: [string, string[], (s: string) => unknown][] = [
  ['ss -Htlnep', seeds.ss, parseSs],
  ['ip -j addr', seeds.ipAddr, parseIpAddr],
  ['ip -j route', seeds.ipRoute, parseIpRoute],
  ['sysctl dump', seeds.sysctl, parseSysctl],
  ['named sysctls', seeds.named, parseNamedSysctl],
  ['resolv.conf', seeds.resolv, parseResolvConf],
  ['gai.conf', seeds.gai, parseGaiConf],
  ['metadata section', seeds.metadata, parseMetadata],
  ['config section', seeds.configSection, parseConfigSection],
  ['ini', seeds.configs, parseIni],
  ['nginx', seeds.configs, parseNginx],
  ['haproxy', seeds.configs, parseHaproxy],
  ['yaml and json', seeds.configs, parseYaml],
  ['text', seeds.configs, parseText],
]

describe('parsers under mutated input', () => {
  test('the seeds are real outputs, every list non-empty', () => {
    for (const [name, list] of Object.entries(seeds)) expect(list.length, name).toBeGreaterThan(0)
    expect(seeds.configSection[0]).toContain('iscsi_ip_address')
  })

  test.for(cases)('%s', ([, seed, parse]) => {
    fc.assert(fc.property(mutated(seed), (text) => timed(() => parse(text))), { numRuns: RUNS })
  })

  test('a whole observation: fenced sections, then every fact', () => {
    fc.assert(
      fc.property(mutated(seeds.full), (text) => timed(() => parseHostFacts(splitSections(text, 'fixture1').sections))),
      { numRuns: RUNS },
    )
  })
})
