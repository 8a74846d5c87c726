// Whether the console gets colour, decided once for v6ready's own output and for Vitest's. Vitest
// colours through tinyrainbow, which colours unless NO_COLOR is set or TERM=dumb: a pipe to a file,
// even with CI=true, got escape codes. The rule here is the usual one: NO_COLOR (any non-empty
// value, no-color.org) turns colour off; FORCE_COLOR turns it on (0 or false off, as in Node and
// chalk); otherwise colour only when stdout is a terminal that is not TERM=dumb.
import type { Env } from '../targets/load.ts'

export function colorWanted(env: Env, stdoutIsTTY: boolean): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false
  const force = env.FORCE_COLOR
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false'
  return stdoutIsTTY && env.TERM !== 'dumb'
}

/**
 * Sets the decision where Vitest reads it, before Vitest is loaded: tinyrainbow decides when it is
 * imported, in this process and in each worker (which inherit the environment), from the presence
 * of NO_COLOR and FORCE_COLOR whatever their values.
 */
export function settleColor(env: NodeJS.ProcessEnv = process.env, stdoutIsTTY = !!process.stdout.isTTY): boolean {
  const color = colorWanted(env, stdoutIsTTY)
  if (color) {
    delete env.NO_COLOR
    env.FORCE_COLOR = '1'
  } else {
    delete env.FORCE_COLOR
    env.NO_COLOR = '1'
  }
  return color
}
