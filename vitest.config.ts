// The suites' Vitest options, for tools that look for a config file (an editor's test list). The
// CLI passes the same options without loading this file (lib/cli/suite-config.ts); the suites judge
// what the CLI provides, so they run through `npm test`, not `vitest`.
import { defineConfig } from 'vitest/config'
import { suiteConfig } from './lib/cli/suite-config.ts'

export default defineConfig({ test: suiteConfig(import.meta.dirname, false) })
