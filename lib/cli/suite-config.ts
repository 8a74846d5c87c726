// How Vitest runs the suites (no config file: the CLI is the only way they run, since they judge
// what it provides). From the compiled build (bin/compile.js) Node imports lib/ itself; only the
// small suite files go through Vite, so judging adds no transform and no second copy of lib/.
import type { CliOptions } from 'vitest/node'

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

export function suiteConfig(root: string, compiled: boolean): CliOptions {
  return {
    root,
    config: false,
    include: [`suites/**/*.test.${compiled ? 'js' : 'ts'}`],
    // Judges are pure and quick; a file may generate no test when its checks don't apply.
    passWithNoTests: true,
    // One worker reads every file: the hosts suite's files share the observations and lib/ once.
    pool: 'threads',
    isolate: false,
    testTimeout: 10_000,
    ...(compiled && { server: { deps: { external: [new RegExp(`^${escape(root)}/lib/`)] } } }),
  }
}
