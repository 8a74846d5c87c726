// Mutation testing's Vitest (stryker.config.mjs): the unit tests only. Stryker runs the tests that
// cover each mutant; the integration, lab and faults tests need root, namespaces or minutes each,
// and a mutant in a pure judge or parser is caught, or not, by the unit tests on recorded fixtures.
import { defineConfig } from 'vitest/config'
import { fileURLToPath } from 'node:url'

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['test/unit/**/*.test.ts'],
    // Stryker's Vitest runner runs its tests in worker threads, where process.chdir() throws; this
    // file chdirs to test a relative path, and tests lib/targets, which is not mutated.
    exclude: ['test/unit/targets/load.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
})
