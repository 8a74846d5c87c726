// How Vitest runs the suites. The CLI passes these itself, with no config file (bundling one cost
// each run ~0.35 s); vitest.config.ts gives the same to tools that look for a file. From the
// compiled build (bin/compile.js) Node imports lib/ itself: only the small suite files go through
// Vite, so judging adds no transform of lib/.
import type { InlineConfig } from 'vitest/node'
import { escapeRegExp } from '../util/regexp.ts'

export function suiteConfig(root: string, compiled: boolean): InlineConfig {
  return {
    include: [`suites/**/*.test.${compiled ? 'js' : 'ts'}`],
    // Judges are pure and quick; a file may generate no test when its checks don't apply.
    passWithNoTests: true,
    // Worker threads, not forks: no process to start, and the observations reach the worker by
    // structured clone rather than through a pipe. Not isolated: every file of a worker shares one
    // copy of lib/ and of the observations. Workers: Vitest's default (one on 2 cores) for the
    // judging suites; the CLI asks for more when the overlay suite waits on Neutron.
    pool: 'threads',
    isolate: false,
    testTimeout: 10_000,
    ...(compiled && { server: { deps: { external: [new RegExp(`^${escapeRegExp(root)}/lib/`)] } } }),
  }
}
