// Running things for the lab: commands (in a namespace or not), daemons under recorded PIDs, waits.
import { spawn } from 'node:child_process'
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { execa } from 'execa'
import { LAB_DIR, STATE } from './state.ts'

// Debian's tools, not a pyenv shim or anything else a user's PATH puts first (docs/lab-notes.md,
// "Things that affect the test suite").
export const SYSTEM_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'

/** The repository: where `--import tsx` resolves. */
export const REPO_DIR = join(LAB_DIR, '..')

/** Node running one of the lab's own TypeScript files (lab/<file>), through tsx. */
export const tsNode = (file: string): [string, ...string[]] => [
  process.execPath,
  '--import',
  'tsx',
  join(LAB_DIR, file),
]

/** Run a command; a failure throws with the command and its stderr. */
export async function sh(
  cmd: string,
  args: string[],
  opts: { input?: string; env?: Record<string, string> } = {},
): Promise<string> {
  const r = await execa(cmd, args, {
    reject: false,
    cwd: REPO_DIR,
    env: { PATH: SYSTEM_PATH, LC_ALL: 'C', ...opts.env },
    ...(opts.input !== undefined ? { input: opts.input } : {}),
  })
  if (r.exitCode !== 0)
    throw new Error(
      `${[cmd, ...args].join(' ')}: exit ${r.exitCode}: ${String(r.stderr).trim() || String(r.stdout).trim()}`,
    )
  return String(r.stdout)
}

/** Run a command inside a lab namespace. */
export const inNs = (namespace: string, cmd: string, args: string[], opts: { input?: string } = {}): Promise<string> =>
  sh('ip', ['netns', 'exec', namespace, cmd, ...args], opts)

/** Many `ip` commands in one process (`ip [-n NS] -batch -`), stopping at the first error; null is the root namespace. */
export const ipBatch = (namespace: string | null, lines: string[]): Promise<string> =>
  lines.length
    ? sh('ip', [...(namespace ? ['-n', namespace] : []), '-batch', '-'], { input: lines.join('\n') + '\n' })
    : Promise.resolve('')

export const writeSysctls = (namespace: string, values: Record<string, string | number>): Promise<string> =>
  inNs(namespace, 'sysctl', ['-q', '-w', ...Object.entries(values).map(([k, v]) => `${k}=${v}`)])

/**
 * Start a long-running process in the background, its output in logs/<name>.log and its PID in
 * pids/<name>. The PID is the daemon itself: every wrapper on the way execs (ip netns exec,
 * unshare without --fork, setpriv, sh -c 'exec ...'), so `lab:down` stops exactly what `lab:up`
 * started, with `stopSignal` (after the PID in the file) where SIGTERM is not the clean stop.
 */
export function daemon(
  name: string,
  argv: string[],
  env: Record<string, string> = {},
  stopSignal: NodeJS.Signals = 'SIGTERM',
): number {
  mkdirSync(join(STATE, 'logs'), { recursive: true })
  mkdirSync(join(STATE, 'pids'), { recursive: true })
  const log = openSync(join(STATE, 'logs', `${name}.log`), 'a')
  const [cmd, ...args] = argv
  if (!cmd) throw new Error('empty command')
  const child = spawn(cmd, args, {
    detached: true,
    cwd: REPO_DIR,
    stdio: ['ignore', log, log],
    env: { PATH: SYSTEM_PATH, LC_ALL: 'C', HOME: process.env.HOME ?? '/root', ...env },
  })
  closeSync(log)
  if (child.pid === undefined) throw new Error(`${name}: could not start ${cmd}`)
  child.unref()
  writeFileSync(join(STATE, 'pids', name), `${child.pid}${stopSignal === 'SIGTERM' ? '' : ` ${stopSignal}`}\n`)
  return child.pid
}

/** A pid file as `daemon` writes it: the PID, then the signal that stops it cleanly. */
export function readPidFile(file: string): { pid: number; signal: NodeJS.Signals } {
  const [pid, signal] = readFileSync(file, 'utf8').trim().split(/\s+/)
  return { pid: Number(pid), signal: (signal ?? 'SIGTERM') as NodeJS.Signals }
}

export const daemonPid = (name: string): number => readPidFile(join(STATE, 'pids', name)).pid

/** Poll until `ready` returns true; throw naming what never happened. */
export async function waitFor(
  what: string,
  ready: () => Promise<boolean> | boolean,
  timeoutMs = 20_000,
  everyMs = 100,
): Promise<void> {
  const deadline = performance.now() + timeoutMs
  for (;;) {
    if (await Promise.resolve(ready()).catch(() => false)) return
    if (performance.now() > deadline) throw new Error(`lab: timed out after ${timeoutMs / 1000} s waiting for ${what}`)
    await new Promise((r) => setTimeout(r, everyMs))
  }
}

/** Wait until `url` answers curl (2xx or 3xx) from inside the namespace: a service that has started. */
export const waitHttp = (what: string, namespace: string, url: string, timeoutMs = 60_000): Promise<void> =>
  waitFor(
    what,
    () => inNs(namespace, 'curl', ['-sf', '-o', '/dev/null', '-m', '2', url]).then(() => true),
    timeoutMs,
    250,
  )

/**
 * Wait until `ss` in the namespace shows a listener on each port, or on each `[addr]:port` as ss
 * prints it (a port listed twice: two sockets).
 */
export function waitListening(
  what: string,
  namespace: string,
  ports: (number | string)[],
  proto: 'tcp' | 'udp' = 'tcp',
): Promise<void> {
  const holds = (local: string, p: number | string) => (typeof p === 'number' ? local.endsWith(`:${p}`) : local === p)
  return waitFor(what, async () => {
    const local = (await inNs(namespace, 'ss', [proto === 'tcp' ? '-Htln' : '-Huln']))
      .split('\n')
      .map((l) => l.trim().split(/\s+/)[3] ?? '')
    return ports.every((p) => local.filter((a) => holds(a, p)).length >= ports.filter((q) => q === p).length)
  })
}
