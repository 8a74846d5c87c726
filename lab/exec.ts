// lab:exec -- CMD: run a command in the management namespace, where the runner belongs. From
// there the lab is reachable; from the root namespace it is `unreachable` by design.
import { spawnSync } from 'node:child_process'
import { ns } from './plan.ts'
import { labNamespaces } from './down.ts'

const argv = process.argv.slice(2)
if (argv[0] === '--') argv.shift()
if (!argv.length) {
  console.error('usage: npm run lab:exec -- COMMAND [ARGS...]')
  process.exit(2)
}
if (!(await labNamespaces()).includes(ns('mgmt'))) {
  console.error('lab: no lab is up (run `npm run lab:up` first)')
  process.exit(2)
}
const r = spawnSync('ip', ['netns', 'exec', ns('mgmt'), ...argv], { stdio: 'inherit' })
process.exit(r.status ?? 1)
