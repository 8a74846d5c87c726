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
  parseConfigSection,
  parseGaiConf,
  parseIpAddr,
  parseIpRoute,
  parseMetadata,
  parseNamedSysctl,
  parseResolvConf,
  parseSs,
  parseSysctl,
} from '../../../lib/observe/parse/index.ts'
import { observationScript, splitSections } from '../../../lib/observe/script.ts'
import type { Listener, Unreadable } from '../../../lib/observe/facts.ts'
import { mutated, RUNS, timed } from './mutate.ts'

const FIX = new URL('../../fixtures/observe/', import.meta.url).pathname
const LAB_FILES = new URL('../../../lab/files/', import.meta.url).pathname
const read = (dir: string, pick: (f: string) => boolean) =>
  readdirSync(dir)
    .filter(pick)
    .map((f) => readFileSync(join(dir, f), 'utf8'))
const paths = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? paths(join(dir, e.name)) : [join(dir, e.name)],
  )
const walk = (dir: string): string[] => paths(dir).map((f) => readFileSync(f, 'utf8'))
// The config section as the real observation script writes it, for the lab's config files.
const configSection = (): string => {
  const out = execFileSync('sh', ['-s'], {
    input: observationScript('n0nce', { configs: paths(LAB_FILES) }),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
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

// Controls, DEL and C1, line separators, bidirectional overrides: none may reach a report raw.
const RAW_CONTROL = /[\0-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e]/

/** Every line a parser could not read says where it was, why, and a one-line quoted excerpt. */
function unreadableAreEvidence(result: unknown): void {
  const list = (result as { unreadable?: Unreadable[] } | undefined)?.unreadable
  for (const u of list ?? []) {
    expect(u.line !== undefined ? u.line >= 1 : (u.entry ?? -1) >= 0, JSON.stringify(u)).toBe(true)
    expect(u.why.trim()).not.toBe('')
    expect(u.excerpt).toMatch(/^".*"$/s)
    expect(u.excerpt).not.toMatch(RAW_CONTROL)
  }
}

describe('parsers under mutated input', () => {
  test('the seeds are real outputs, every list non-empty', () => {
    for (const [name, list] of Object.entries(seeds)) expect(list.length, name).toBeGreaterThan(0)
    expect(seeds.configSection[0]).toContain('iscsi_ip_address')
  })

  test.for(cases)('%s', ([, seed, parse]) => {
    fc.assert(
      fc.property(mutated(seed), (text) => timed(() => unreadableAreEvidence(parse(text)))),
      { numRuns: RUNS },
    )
  })

  test('a whole observation: fenced sections, then every fact', () => {
    fc.assert(
      fc.property(mutated(seeds.full), (text) => timed(() => parseHostFacts(splitSections(text, 'fixture1').sections))),
      { numRuns: RUNS },
    )
  })
})

describe('one bad line hides nothing else', () => {
  const key = (l: Listener) => JSON.stringify(l)
  // The real ss outputs, cut into sockets: a line that starts a socket starts a record.
  const records = seeds.ss.map((text) => text.split('\n').map((line, i) => ({ line, i })))
  const junk = fc
    .oneof(fc.string({ maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 60 }))
    .map((t) => t.replace(/[\n\r]/g, ' '))

  test('ss: a line of anything between two sockets leaves every socket read as before', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), junk, (which, where, line) => {
        const seed = seeds.ss[which % seeds.ss.length]!
        const lines = records[which % records.length]!
        // Only between sockets: after a line whose users:((… is still open, the next line is more of a
        // process name (the hostile fixture's), not a socket.
        const open = (l = '') => /users:\(\(/.test(l) && !/\)\)/.test(l)
        const starts = lines
          .filter(({ line: l, i }) => /^(?:LISTEN|State)\b/.test(l.trim()) && !open(lines[i - 1]?.line))
          .map(({ i }) => i)
        const at = starts[where % starts.length] ?? 0
        const text = [...seed.split('\n').slice(0, at), line, ...seed.split('\n').slice(at)].join('\n')
        const before = parseSs(seed).value.map(key)
        const after = new Set(parseSs(text).value.map(key))
        for (const l of before) expect(after.has(l), l).toBe(true)
      }),
      { numRuns: RUNS },
    )
  })
})
