// The project's own tests: unit tests on recorded fixtures, and integration tests on real parts.
import { defineConfig } from 'vitest/config'
import { fileURLToPath } from 'node:url'

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['test/**/*.test.ts'],
    // Sized for two busy cores: a test that runs the CLI once may take 20 s there (test/integration/cli/cli.ts).
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // A test that makes no assertion fails: it could not have failed (docs/testing.md).
    expect: { requireAssertions: true },
  },
})
