// Drives the real lab from a test: lab:up, a v6ready run inside it, and the run's findings read back.
import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmdirSync } from 'node:fs'
import { userInfo } from 'node:os'
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
export function labMode(value: string | undefined): LabMode {
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
export const labRequired = labMode(process.env.V6READY_LAB) === 'required'

export const lab = (script: 'up' | 'down', args: string[] = []) =>
  spawnSync(TSX, [join(ROOT, `lab/${script}.ts`), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 })

/** `v6ready run --target lab` (or `target`), inside the management namespace unless `namespace` is null. */
export function runV6ready(
  reportDir: string,
  namespace: string | null = 'v6lab-mgmt',
  extra: string[] = [],
  targets = TARGETS,
  target = 'lab',
) {
  // bin/v6ready.js, as npm test runs it: tsx's CLI relays signals to a child and SIGKILLs it when
  // it does not acknowledge within 30 ms, which a busy run (the SIGINT test) may not.
  // A replay judges the target recorded in its file: naming another is a usage error.
  const which = extra.includes('--replay') ? [] : ['--target', target, '--targets', targets]
  const argv = [process.execPath, join(ROOT, 'bin/v6ready.js'), 'run', ...which, '--report-dir', reportDir, ...extra]
  const [cmd, ...args] = namespace ? ['ip', 'netns', 'exec', namespace, ...argv] : argv
  // The overlay suite acts on the lab's neutron-server (one API worker): 70-120 s on this machine.
  return spawnSync(cmd!, args, {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 300_000,
    env: { ...process.env, NO_COLOR: '1' },
  })
}

/**
 * `v6ready run` as a new operator whose ~/.ssh is `dotSsh` and whose ssh-agent is at `agent` (or
 * none): `dotSsh` is bound over the user's own ~/.ssh in the run's own mount namespace (ip netns exec
 * makes one, a slave of the machine's, so the bind never shows outside), because ssh -G takes ~ from
 * the passwd entry, not $HOME. A ~/.ssh that does not exist is made for the run (0700), then removed.
 */
export function runAsOperator(
  reportDir: string,
  target: string,
  dotSsh: string,
  agent: string | undefined,
  extra: string[] = [],
) {
  const home = userInfo().homedir
  const own = join(home, '.ssh')
  const made = !existsSync(own)
  if (made) mkdirSync(own, { mode: 0o700 })
  try {
    const argv = [
      process.execPath,
      join(ROOT, 'bin/v6ready.js'),
      'run',
      '--target',
      target,
      '--targets',
      TARGETS,
      '--report-dir',
      reportDir,
      ...extra,
    ]
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, NO_COLOR: '1' }
    delete env.SSH_AUTH_SOCK
    if (agent) env.SSH_AUTH_SOCK = agent
    return spawnSync(
      'ip',
      [
        'netns',
        'exec',
        'v6lab-mgmt',
        'sh',
        '-c',
        'mount --bind "$1" "$2" && shift 2 && exec "$@"',
        'sh',
        dotSsh,
        own,
        ...argv,
      ],
      {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 300_000,
        env,
      },
    )
  } finally {
    if (made) rmdirSync(own)
  }
}

/** An ssh-agent of the test's own holding `keys`; stop() ends it by its PID. */
export async function startAgent(dir: string, keys: string[]): Promise<{ socket: string; stop: () => void }> {
  const socket = join(dir, 'agent.sock')
  const agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' })
  const stop = () => void agent.kill('SIGTERM')
  try {
    for (let i = 0; !existsSync(socket); i++) {
      if (i > 100) throw new Error(`ssh-agent made no socket at ${socket}`)
      await new Promise((r) => setTimeout(r, 50))
    }
    for (const k of keys)
      execFileSync('ssh-add', ['-q', k], { env: { ...process.env, SSH_AUTH_SOCK: socket }, stdio: 'pipe' })
  } catch (e) {
    stop()
    throw e
  }
  return { socket, stop }
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
    const prop = (name: string) =>
      unescape(new RegExp(`<property name="${name}" value="([^"]*)"`).exec(body)?.[1] ?? '')
    const f = /<(failure|skipped)(?: message="([^"]*)")?/.exec(body)
    const state = f?.[1] === 'failure' ? 'failed' : f?.[1] === 'skipped' ? 'skipped' : 'passed'
    return { check: prop('check'), subject: prop('subject'), state, message: unescape(f?.[2] ?? '') }
  })
}

export const pairs = (fs: { check: string; subject: string }[]): string[] =>
  fs.map((f) => `${f.check} ${f.subject}`).sort()

export const expected = (): { check: string; subject: string }[] =>
  JSON.parse(readFileSync(join(STATE, 'expected.json'), 'utf8'))
