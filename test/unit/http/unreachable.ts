// The probes' "unreachable destination" cases need 2001:db8::/32 routed `unreachable`. Rather than
// depend on this machine's routes (lab:up leaves that route, a fresh machine has none), they run in
// a network namespace of their own, made by unshare(1) and gone with the process: as root, or as
// any user where unprivileged user namespaces are allowed (unshare -r).
import { execFile, execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const repo = fileURLToPath(new URL('../../..', import.meta.url))
const CHILD = 'test/fixtures/http/unreachable-child.ts'
const SETUP = 'ip link set lo up && ip -6 route add unreachable 2001:db8::/32 && exec "$@"'

const unshareArgs = (): string[] => (process.getuid?.() === 0 ? ['--net'] : ['--net', '--map-root-user'])

/** Whether a namespace of our own can be made here, and if not, why (the skip's named condition). */
export const ownNetns: { ok: true } | { ok: false; why: string } = (() => {
  try {
    execFileSync('unshare', [...unshareArgs(), 'sh', '-c', SETUP, 'sh', 'true'], { stdio: 'pipe' })
    return { ok: true }
  } catch (e) {
    return { ok: false, why: `no network namespace of our own (unshare: ${(e as Error).message.split('\n')[0]})` }
  }
})()

export interface UnreachableRun {
  route: string
  connections: number
  tcp: { ok: boolean; code?: string; ms: number }
  http: { ok: boolean; code?: string; address?: string; skippedAddresses?: string[] }
}

/** Both probes to 2001:db8:: in the namespace, once per file that asks (memoised). */
let run: Promise<UnreachableRun> | undefined
export function probeUnreachable(): Promise<UnreachableRun> {
  run ??= promisify(execFile)(
    'unshare',
    [...unshareArgs(), 'sh', '-c', SETUP, 'sh', process.execPath, '--import', 'tsx', CHILD],
    { cwd: repo, timeout: 60_000 },
  ).then(({ stdout }) => JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as UnreachableRun)
  return run
}
