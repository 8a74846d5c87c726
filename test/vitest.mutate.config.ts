// Mutation testing's Vitest (stryker.config.mjs): the project's test config, on the unit tests only.
// Stryker runs the tests that cover each mutant; the integration, lab and faults tests need root,
// namespaces or minutes each, and a mutant in a pure judge or parser is caught, or not, by the unit
// tests on recorded fixtures.
import { defineConfig } from 'vitest/config'
import base from './vitest.config.ts'

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ['test/unit/**/*.test.ts'],
    // Stryker's Vitest runner runs its tests in worker threads, where process.chdir() throws; this
    // file chdirs to test a relative path, and tests lib/targets, which is not mutated.
    exclude: ['test/unit/targets/load.test.ts'],
    // One module graph for all test files: the dry run took 40 s instead of 150 s on 2 busy cores.
    // The unit tests are pure functions on fixtures and keep no module state between files.
    isolate: false,
  },
})
