// The suites: what `npm test` runs against a target. The CLI (lib/cli) starts Vitest with this
// config and provides the observations; the suites only judge.
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['suites/**/*.test.ts'],
    // Judges are pure and quick; a file may generate no test when its checks don't apply.
    passWithNoTests: true,
    pool: 'threads',
    isolate: false,
    testTimeout: 10_000,
  },
})
