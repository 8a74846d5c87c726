// The appliance's tools: BusyBox's applets and nothing else, as on an embedded or network appliance.
// Its sshd runs every session through a ForceCommand wrapper whose PATH is one directory of applet
// links to Debian's /bin/busybox, and whose shell is BusyBox's ash. So its `ip` is BusyBox's (no
// -j, no route protocol), there is no `ss` (Debian's is in /usr/bin, which the PATH leaves out;
// the /sbin and /usr/sbin the observation adds hold none), and its listeners come from BusyBox's
// netstat.
// A ForceCommand, because sshd keeps only the first SetEnv line and the lab's config already has one
// (sshd.ts), and ~/.ssh/rc and PermitUserEnvironment live in root's home, which the machine shares.
import { chmodSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { sh } from './proc.ts'
import { statePath } from './state.ts'

export const BUSYBOX = '/bin/busybox'

/** The applet directory (made once per lab) and the session wrapper; returns the sshd_config lines. */
export async function busyboxSession(): Promise<string[]> {
  const dir = statePath('busybox')
  const bin = join(dir, 'bin')
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(bin, { recursive: true })
  for (const applet of (await sh(BUSYBOX, ['--list'])).split('\n').filter((a) => /^[\w.[-]+$/.test(a)))
    symlinkSync(BUSYBOX, join(bin, applet))
  const wrapper = join(dir, 'session.sh')
  writeFileSync(
    wrapper,
    [
      '#!/bin/sh',
      `PATH=${bin}; export PATH`,
      // The client's command (v6ready sends `sh -s`), or a login shell.
      `if [ -n "$SSH_ORIGINAL_COMMAND" ]; then exec ${BUSYBOX} sh -c "$SSH_ORIGINAL_COMMAND"; else exec ${BUSYBOX} sh -l; fi`,
      '',
    ].join('\n'),
  )
  chmodSync(wrapper, 0o755)
  return [`ForceCommand ${wrapper}`]
}
