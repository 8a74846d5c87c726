// Runs backstop-late.case.ts in a Vitest of its own, with v6ready's reporter writing to the
// directory given as the first argument.
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startVitest } from 'vitest/node'
import { V6ReadyReporter } from '../../../lib/report/vitest-reporter.ts'

const here = dirname(fileURLToPath(import.meta.url))
const reportDir = process.argv[2] ?? ''
const reporter = new V6ReadyReporter({
  target: 'backstop',
  runId: 'backstop',
  startedAt: new Date().toISOString(),
  reportDir,
})
const vitest = await startVitest('test', [], {
  root: here,
  config: false,
  include: ['backstop-late.case.ts'],
  watch: false,
  pool: 'threads',
  reporters: [reporter],
})
await vitest?.close()
process.exitCode = 0
