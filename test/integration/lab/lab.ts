// Drives the real lab from a test: lab:up, a v6ready run inside it, and the run's findings read back.
import { execFileSync, spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from '../cli/cli.ts'
import { missingTools } from '../../../lab/tools.ts'

export const TSX = join(ROOT, 'node_modules/.bin/tsx')
export const STATE = join(ROOT, 'lab/.state')
export const TARGETS = join(STATE, 'targets.yaml')

/** Why the lab cannot be built here (not root, or a package of .ci/run missing), or undefined when it can. */
export function cannotBuild(uid = process.getuid?.(), missing: () => string[] = missingTools): string | undefined {
  if (uid !== 0) return 'the lab needs root (network namespaces, veth, mounts)'
  const m = missing()
  return m.length ? `the lab needs these tools, which .ci/run installs: ${m.join(', ')}` : undefined
}

export type LabMode = 'auto' | 'skip' | 'required'

/**
 * V6READY_LAB: `auto` (the default) builds the lab where it can be built, as root with the packages
 * there, and skips it elsewhere, saying why; `skip` never builds it (a root shell without the
 * minutes it takes); `required` (CI) fails where it cannot be built rather than skipping.
 */
export function labMode(value = process.env.V6READY_LAB): LabMode {
  if (value === undefined || value === '') return 'auto'
  if (value === 'auto' || value === 'skip' || value === 'required') return value
  throw new Error(`V6READY_LAB=${value}: want auto, skip or required`)
}

/** Whether the lab tests run (`required` runs them, to fail where the lab cannot be built), and why not. */
export function labPlan(mode: LabMode, why: () => string | undefined): { run: boolean; why?: string } {
  if (mode === 'skip') return { run: false, why: 'V6READY_LAB=skip' }
  const w = why()
  if (mode === 'required') return { run: true, ...(w && { why: w }) }
  return w === undefined ? { run: true } : { run: false, why: `${w} (V6READY_LAB=auto)` }
}

/** CI sets V6READY_LAB=required: there, a lab that cannot be built fails instead of skipping. */
export const labRequired = labMode() === 'required'

export const lab = (script: 'up' | 'down', args: string[] = []) =>
  spawnSync(TSX, [join(ROOT, `lab/${script}.ts`), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 })

/** `v6ready run --target lab`, inside the management namespace unless `namespace` is null. */
export function runV6ready(reportDir: string, namespace: string | null = 'v6lab-mgmt', extra: string[] = [], targets = TARGETS) {
  // bin/v6ready.js, as npm test runs it: tsx's CLI relays signals to a child and SIGKILLs it when
  // it does not acknowledge within 30 ms, which a busy run (the SIGINT test) may not.
  const argv = [process.execPath, join(ROOT, 'bin/v6ready.js'), 'run', '--target', 'lab', '--targets', targets, '--report-dir', reportDir, ...extra]
  const [cmd, ...args] = namespace ? ['ip', 'netns', 'exec', namespace, ...argv] : argv
  // The overlay suite acts on the lab's neutron-server (one API worker): 70-120 s on this machine.
  return spawnSync(cmd!, args, { cwd: ROOT, encoding: 'utf8', timeout: 300_000, env: { ...process.env, NO_COLOR: '1' } })
}

export interface JunitFinding {
  check: string
  subject: string
  state: 'passed' | 'failed' | 'skipped'
  message: string
}

const ENTITIES: Record<string, string> = { quot: '"', apos: "'", lt: '<', gt: '>', amp: '&' }
const unescape = (s: string): string => s.replace(/&(quot|apos|lt|gt|amp);/g, (_, e: string) => ENTITIES[e]!)

/** Every test case with its `check` and `subject` properties, after xmllint proves the file well-formed. */
export function junitFindings(path: string): JunitFinding[] {
  execFileSync('xmllint', ['--noout', path])
  const xml = readFileSync(path, 'utf8')
  return [...xml.matchAll(/<testcase\b[^>]*?(?:\/>|>([\s\S]*?)<\/testcase>)/g)].map((m) => {
    const body = m[1] ?? ''
    const prop = (name: string) => unescape(new RegExp(`<property name="${name}" value="([^"]*)"`).exec(body)?.[1] ?? '')
    const f = /<(failure|skipped)(?: message="([^"]*)")?/.exec(body)
    const state = f?.[1] === 'failure' ? 'failed' : f?.[1] === 'skipped' ? 'skipped' : 'passed'
    return { check: prop('check'), subject: prop('subject'), state, message: unescape(f?.[2] ?? '') }
  })
}

export const pairs = (fs: { check: string; subject: string }[]): string[] => fs.map((f) => `${f.check} ${f.subject}`).sort()

export const expected = (): { check: string; subject: string }[] => JSON.parse(readFileSync(join(STATE, 'expected.json'), 'utf8'))
