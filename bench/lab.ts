// What every benchmark needs from the lab: to run inside it. The root namespace pins the lab's
// prefixes to `unreachable` (docs/design.md §7), so a bench re-executes itself in v6lab-mgmt, where the
// runner belongs, and everything it starts (v6ready, Tempest, pytest, ssh) inherits that namespace.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { ns } from '../lab/plan.ts'
import { REPO_DIR, sh } from '../lab/proc.ts'

export const MGMT = ns('mgmt')

/**
 * Re-run the file at `selfUrl` (its import.meta.url) inside the management namespace with the same
 * arguments, unless already there; `usage` reports why it cannot (and exits 2).
 */
export async function intoLab(selfUrl: string, usage: (msg: string) => never, labUp = 'npm run lab:up'): Promise<void> {
  const here = (await sh('ip', ['netns', 'identify', String(process.pid)]).catch(() => '')).trim()
  if (here === MGMT) return
  if (process.getuid?.() !== 0) usage('needs root, to enter the lab namespace')
  if (!existsSync(`/run/netns/${MGMT}`)) usage(`no lab is up: ${labUp}`)
  const self = [process.execPath, '--import', 'tsx', fileURLToPath(selfUrl)]
  const r = spawnSync('ip', ['netns', 'exec', MGMT, ...self, ...process.argv.slice(2)], {
    stdio: 'inherit',
    cwd: REPO_DIR,
  })
  process.exit(r.status ?? 1)
}
