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
  // Static mutants are tested, not ignored. A mutant reached while a module loads, or from a
  // describe() body (`const ifs = parseIpAddr(fixture(...))`, which runs before Stryker's beforeAll
  // turns the mutant on), needs a fresh module graph and every related test; with ignoreStatic,
  // those reached from a test too ran with the mutant off and "survived" falsely (docs/testing.md).
  ignoreStatic: false,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  reporters: ['clear-text', 'progress-append-only', 'json', 'html'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0, reportScoreTable: true },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  timeoutMS: 10_000,
}
