// Mutation testing (docs/testing.md, "Mutation testing"): `npm run mutate` mutates the folders
// that hold v6ready's IPv6 semantics and runs, for each mutant, the unit tests that cover it.
// `npm run mutate:changed` mutates only the files of these folders a branch changed.

/** The folders mutated: judges, parsers, addresses, config formats, DNS, overlay judges. */
export const mutatedFolders = ['lib/judge', 'lib/observe/parse', 'lib/net', 'lib/config', 'lib/dns', 'lib/overlay/judge']

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'test/vitest.mutate.config.ts', related: true },
  // Each mutant runs only the tests that executed its code in the dry run.
  coverageAnalysis: 'perTest',
  mutate: mutatedFolders.map((d) => `${d}/**/*.ts`),
  // 2 cores shared with other jobs: one test runner. `--concurrency 2` on an idle machine.
  concurrency: 1,
  // The goal is 90% on each folder; below it `stryker run` exits 1.
  thresholds: { high: 90, low: 80, break: 90 },
  // A static mutant (a module-level table, regex or constant) is only reached while a module loads,
  // so each one reloads Vitest and runs every test: on lib/net alone 38% of the mutants took 94% of
  // the time, hours on 2 cores. They are ignored, and docs/testing.md says so.
  ignoreStatic: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  reporters: ['clear-text', 'progress-append-only', 'json', 'html'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0, reportScoreTable: true },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  timeoutMS: 10_000,
}
