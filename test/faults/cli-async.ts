// The v6ready CLI run as a child process without blocking this one (the fault servers live in the
// test's own event loop, so cli.ts's spawnSync would freeze them for the whole run), and the
// reports it wrote, read back.
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Observations } from '../../lib/observe/record.ts'
import { junitCases, ROOT, type Case } from '../integration/cli/cli.ts'

export interface CliRun {
  /** null when the child was killed. */
  status: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  /** Wall time of the whole child, start to exit. */
  ms: number
}

/**
 * Kills the child (and fails the test through status null) when it outlives `limitMs`. `onStart`
 * gets the child once it runs: to signal it, or to watch its output. `env` adds to this process's.
 */
export function cliAsync(
  args: string[],
  limitMs = 60_000,
  onStart?: (child: ChildProcess) => void,
  env: NodeJS.ProcessEnv = {},
): Promise<CliRun> {
  const t0 = performance.now()
  // The installed command, which loads tsx in-process. tsx's own CLI runs the program as its child
  // and SIGKILLs it when a relayed SIGINT or SIGTERM is not acknowledged within 30 ms (a busy event
  // loop): no report, no clean-up. Measured here: 1 run in 6 under load.
  const child = spawn(process.execPath, [join(ROOT, 'bin/v6ready.js'), ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s))
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s))
  const limit = setTimeout(() => child.kill('SIGKILL'), limitMs)
  child.once('spawn', () => onStart?.(child))
  return new Promise((resolve, reject) => {
    child.once('error', (e) => {
      clearTimeout(limit)
      reject(e)
    })
    child.once('close', (status, signal) => {
      clearTimeout(limit)
      resolve({ status, signal, stdout, stderr, ms: Math.round(performance.now() - t0) })
    })
  })
}

export interface Reports {
  /** `classname name` → state and message, read after xmllint proved junit.xml well-formed. */
  cases: Map<string, Case>
  observations: Observations
}

/** What a run wrote to `dir`: both files must exist and parse, or the test fails here. */
export function readReports(dir: string): Reports {
  return {
    cases: junitCases(join(dir, 'junit.xml')),
    observations: JSON.parse(readFileSync(join(dir, 'observations.json'), 'utf8')) as Observations,
  }
}

/** `check subject` → state, for comparing a whole run's outcome at once. */
export const states = (cases: Map<string, Case>): Record<string, Case['state']> =>
  Object.fromEntries([...cases].map(([k, c]) => [k.replace(/^\S+ /, ''), c.state]))
