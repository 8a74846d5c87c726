// Runs the v6ready CLI as a user would, and reads its JUnit back.
import { execFileSync, spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('../../..', import.meta.url))

/**
 * What one CLI run that judges (`run --replay` of the lab's observations) may take on two busy
 * cores: 18.5 s measured at a load average of 11, so a test gets this much per run it makes.
 */
export const RUN_MS = 60_000
export const runs = (n: number): number => n * RUN_MS

/** `cwd`: where relative paths (`reports/<target>`) land; the repository unless a test needs its own. */
export const cli = (args: string[], env: NodeJS.ProcessEnv = {}, cwd: string = ROOT) =>
  spawnSync(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'lib/cli/main.ts'), ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, NO_COLOR: '1', ...env },
  })

export interface Case {
  state: 'passed' | 'failed' | 'skipped'
  message?: string
}

const ENTITIES: Record<string, string> = { quot: '"', apos: "'", lt: '<', gt: '>', amp: '&' }
const unescape = (s: string): string => s.replace(/&(quot|apos|lt|gt|amp);/g, (_, e: string) => ENTITIES[e]!)

/** `classname name` → state and message, read back after xmllint proves the file well-formed. */
export function junitCases(path: string): Map<string, Case> {
  execFileSync('xmllint', ['--noout', path])
  const xml = readFileSync(path, 'utf8')
  const out = new Map<string, Case>()
  for (const m of xml.matchAll(/<testcase classname="([^"]+)" name="([^"]+)"[^>]*?(\/>|>([\s\S]*?)<\/testcase>)/g)) {
    const body = m[4] ?? ''
    const f = /<(failure|skipped) message="([^"]*)"/.exec(body)
    const state =
      f?.[1] === 'failure' ? 'failed' : f?.[1] === 'skipped' || body.includes('<skipped') ? 'skipped' : 'passed'
    out.set(unescape(`${m[1]} ${m[2]}`), { state, ...(f?.[2] ? { message: unescape(f[2]) } : {}) })
  }
  return out
}
