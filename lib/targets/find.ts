// Which targets file to read (docs/design.md §3): --targets, then $V6READY_TARGETS, then ./targets.yaml.
import { existsSync } from 'node:fs'
import { isAbsolute, join, relative } from 'node:path'
import type { Env } from './load.ts'

/**
 * The path as the user gave it, because error messages name it. An explicit path is returned
 * even when missing, so that loading it fails loudly; only the implicit default may be absent.
 */
export function targetsPath(
  cliValue?: string,
  env: Env = process.env,
  cwd: string = process.cwd(),
): string | undefined {
  if (cliValue !== undefined && cliValue !== '') return cliValue
  const fromEnv = env.V6READY_TARGETS
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv
  const dflt = join(cwd, 'targets.yaml')
  if (!existsSync(dflt)) return undefined
  const rel = relative(process.cwd(), dflt)
  return rel.startsWith('..') || isAbsolute(rel) ? dflt : rel
}
