// lab:down: stop what lab:up started (by recorded PID, then anything left in a lab namespace),
// delete the namespaces, detach the loop devices. The root namespace's unreachable routes stay.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { LOOP_FILE } from './config-drive.ts'
import { PREFIX } from './plan.ts'
import { readPidFile, sh } from './proc.ts'
import { STATE } from './state.ts'

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** Each with its clean-stop signal, then SIGKILL for whatever still runs after `graceMs`. */
async function stop(procs: { pid: number; signal: NodeJS.Signals }[], graceMs = 3000): Promise<void> {
  for (const p of procs) if (alive(p.pid)) process.kill(p.pid, p.signal)
  const pids = procs.map((p) => p.pid)
  const deadline = performance.now() + graceMs
  while (pids.some(alive) && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50))
  for (const p of pids) if (alive(p)) process.kill(p, 'SIGKILL')
}

export async function labNamespaces(): Promise<string[]> {
  const out = await sh('ip', ['netns', 'list'])
  return out
    .split('\n')
    .map((l) => l.split(' ')[0] ?? '')
    .filter((n) => n.startsWith(PREFIX))
}

export async function labDown(): Promise<{ processes: number; namespaces: string[] }> {
  const pidDir = join(STATE, 'pids')
  const recorded = existsSync(pidDir)
    ? readdirSync(pidDir)
        .map((f) => readPidFile(join(pidDir, f)))
        .filter((p) => p.pid > 1)
    : []
  // PostgreSQL's fast shutdown (SIGINT) checkpoints and exits within a second; give it five.
  await stop(recorded, 5000)
  const namespaces = await labNamespaces()
  // Whatever is still inside a lab namespace belongs to the lab (sessions, children of services).
  const left = (await Promise.all(namespaces.map((n) => sh('ip', ['netns', 'pids', n]).catch(() => ''))))
    .flatMap((o) => o.split('\n'))
    .map(Number)
    .filter((n) => n > 1)
    .map((pid) => ({ pid, signal: 'SIGTERM' as const }))
  await stop(left)
  for (const n of namespaces) await sh('ip', ['netns', 'delete', n])
  if (existsSync(LOOP_FILE)) {
    for (const dev of readFileSync(LOOP_FILE, 'utf8').split('\n').filter(Boolean))
      await sh('losetup', ['-d', dev]).catch(() => undefined)
    rmSync(LOOP_FILE)
  }
  if (existsSync(pidDir)) rmSync(pidDir, { recursive: true })
  return { processes: recorded.length + left.length, namespaces }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await labDown()
  console.log(`lab: down (${r.namespaces.length} namespaces deleted, ${r.processes} processes stopped)`)
}
