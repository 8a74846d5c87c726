// v6ready's version, as package.json gives it (test/unit/cli/version.test.ts keeps the two equal):
// the compiled build under dist/ has no package.json beside it to read at run time.
export const VERSION = '0.1.0'
