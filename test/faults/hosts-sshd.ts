// sshds that misbehave on purpose, for the host fault tests: the harness's real sshd on ::1, with a
// ForceCommand wrapper that plays the host's part. The wrapper can print a login banner or rc
// output before the command runs, leave a marker when anything runs at all, and put a directory
// first in PATH where `ss` (or any tool the observation calls) is a script that hangs, floods or
// waits to be killed.
//
// Why a ForceCommand: the harness's sshd_config already says `SetEnv SHLVL=1`, and sshd keeps only
// the first SetEnv line (a second one is ignored); PermitUserEnvironment and ~/.ssh/rc live in
// root's home, which the whole machine shares. ForceCommand is per sshd and sees the client's
// command in $SSH_ORIGINAL_COMMAND, with stdin (the observation script) passed through.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { startSshd, type Lab, type Sshd } from '../integration/ssh/harness.ts'

export interface Misbehaviour {
  /** Printed on stdout before the command runs, as a login shell's rc files would. */
  noise?: string
  /** The same on stderr. */
  stderrNoise?: string
  /** sshd's pre-authentication Banner text. */
  banner?: string
  /** Touched whenever a session starts: proves a host whose key was refused never ran anything. */
  marker?: string
  /** Executables put first in PATH, by name: `{ ss: script }`. */
  tools?: Record<string, string>
}

const sq = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`

/** An sshd from the harness whose sessions go through a wrapper that misbehaves as asked. */
export async function misbehavingSshd(lab: Lab, name: string, m: Misbehaviour): Promise<Sshd> {
  const dir = join(lab.dir, `${name}-host`)
  const bin = join(dir, 'bin')
  mkdirSync(bin, { recursive: true })
  for (const [tool, script] of Object.entries(m.tools ?? {})) {
    writeFileSync(join(bin, tool), `#!/bin/sh\n${script}\n`)
    chmodSync(join(bin, tool), 0o755)
  }
  const wrapper = join(dir, 'session.sh')
  writeFileSync(
    wrapper,
    [
      '#!/bin/sh',
      ...(m.marker ? [`: > ${sq(m.marker)}`] : []),
      ...(m.noise ? [`printf '%s' ${sq(m.noise)}`] : []),
      ...(m.stderrNoise ? [`printf '%s' ${sq(m.stderrNoise)} >&2`] : []),
      `PATH=${sq(bin)}:$PATH; export PATH`,
      'exec /bin/sh -c "$SSH_ORIGINAL_COMMAND"',
      '',
    ].join('\n'),
  )
  chmodSync(wrapper, 0o755)
  const extra = [`ForceCommand ${wrapper}`]
  if (m.banner) {
    writeFileSync(join(dir, 'banner.txt'), m.banner)
    extra.push(`Banner ${join(dir, 'banner.txt')}`)
  }
  return startSshd(lab, name, extra)
}

// A long sleep with a duration no one else uses, so killRecorded can tell ours from a reused PID.
const SLEEP = 'sleep 117.5'
const SS_LINES = `yes 'LISTEN 0      4096         0.0.0.0:9          0.0.0.0:*    ino:1 sk:1 cgroup:/ <->'`

/**
 * `ss` scripts. Each records its PID (after `exec`, the PID of what it became) so a test can kill
 * a command that outlives its session: sshd does not kill a non-tty session's command when the
 * channel closes, and the orphan leaves the sshd's process tree.
 */
export const fakeSs = {
  /** Never answers; bounded all the same, in case the test dies before it kills it. */
  hang: (pidFile: string) => `echo $$ >> ${sq(pidFile)}\nexec ${SLEEP}`,
  /** `bytes` of plausible ss lines on stdout, then exits. */
  flood: (bytes: number) => `${SS_LINES} | head -c ${bytes}`,
  /** Plausible ss lines until killed (or until its stdout closes). */
  endless: () => `exec ${SS_LINES}`,
  /** Says it has started (`startedFile` appears), then waits to be killed or stopped. */
  waitForKill: (startedFile: string, pidFile: string) =>
    `echo $$ >> ${sq(pidFile)}\n: > ${sq(startedFile)}\nexec ${SLEEP}`,
}

/**
 * SIGKILLs the commands that `fakeSs` recorded in `pidFile` and that still run. Each PID is checked
 * against its command line first: a PID that was already reaped may belong to someone else by now.
 */
export function killRecorded(pidFile: string): void {
  if (!existsSync(pidFile)) return
  for (const pid of readFileSync(pidFile, 'utf8').split('\n').filter(Boolean).map(Number)) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8') === `${SLEEP.replace(' ', '\0')}\0`) process.kill(pid, 'SIGKILL')
    } catch {
      // gone
    }
  }
}

/** Resolves when `path` exists (a fake command's started file), or rejects after `timeoutMs`. */
export async function fileAppears(path: string, timeoutMs: number): Promise<void> {
  const end = performance.now() + timeoutMs
  while (!existsSync(path)) {
    if (performance.now() > end) throw new Error(`${path} did not appear within ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 25))
  }
}
