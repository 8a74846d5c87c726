// The lab's users who are not root, as production sshd wants (PermitRootLogin no, docs/ssh.md):
// `stack` on ctl, who may run the observation as root through a NOPASSWD sudo rule (the targets file
// says `become: sudo`), and `ops` on cmp, who has no sudo, so v6ready skips what ops cannot read.
// Each user exists only for its host's sshd: passwd, group and shadow in the host's own /etc (the
// machine's entries plus the user's, which sshd's mount namespace overlays; host-files.ts), and a
// home on a tmpfs there (sshd.ts). Nothing is added to the machine's own files.
import { chmodSync, chownSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { sudoersRule } from '../lib/observe/become.ts'
import { hostRoot } from './state.ts'

export interface LabUser {
  host: 'ctl' | 'cmp'
  name: string
  uid: number
  /** A NOPASSWD rule for `sh -s`, the one docs/ssh.md gives. */
  sudo: boolean
  /** Which of the lab's client keys its authorized_keys holds (sshd.ts). */
  key: 'client' | 'ops'
}

export const LAB_USERS: readonly LabUser[] = [
  { host: 'ctl', name: 'stack', uid: 4601, sudo: true, key: 'client' },
  { host: 'cmp', name: 'ops', uid: 4602, sudo: false, key: 'ops' },
]

export const labUser = (host: string): LabUser | undefined => LAB_USERS.find((u) => u.host === host)

/**
 * Hosts whose sshd refuses root. ctl lets root in as well (with the runner's key), so that a new
 * operator's ~/.ssh, which logs in as root there, reaches it without `become` (target lab-home).
 */
export const NO_ROOT_LOGIN: ReadonlySet<string> = new Set(['cmp'])

export const HOME = (u: LabUser): string => `/home/${u.name}`

/** The machine's account files, which a host's copies extend. */
export interface AccountFiles {
  passwd: string
  group: string
  shadow: string
}

const withLine = (text: string, line: string) => `${text.endsWith('\n') || text === '' ? text : `${text}\n`}${line}\n`

/**
 * One host's passwd, group and shadow: the machine's, plus the user. Its shadow password is `*`: no
 * password, but not locked (`!`), which sshd without PAM refuses even for a key. Pure.
 */
export function accountFiles(machine: AccountFiles, u: LabUser): AccountFiles {
  const taken = (text: string, name: string, id: number) =>
    text.split('\n').some((l) => {
      const [n, , i] = l.split(':')
      return n === name || Number(i) === id
    })
  if (taken(machine.passwd, u.name, u.uid) || taken(machine.group, u.name, u.uid))
    throw new Error(
      `lab: the machine already has a user or group ${u.name} or id ${u.uid}; the lab's ${u.host} adds its own`,
    )
  return {
    passwd: withLine(machine.passwd, `${u.name}:x:${u.uid}:${u.uid}:v6ready lab user:${HOME(u)}:/bin/sh`),
    group: withLine(machine.group, `${u.name}:x:${u.uid}:`),
    shadow: withLine(machine.shadow, `${u.name}:*:19700:0:99999:7:::`),
  }
}

/** Written with the owner and mode the machine's own file has (shadow: root:shadow 0640 on Debian). */
function like(original: string, to: string, text: string): void {
  const st = statSync(original)
  mkdirSync(dirname(to), { recursive: true })
  writeFileSync(to, text)
  chownSync(to, st.uid, st.gid)
  chmodSync(to, st.mode & 0o7777)
}

/** Each user's accounts, sudoers rule and home (authorized_keys holding `keys[u.key]`, a public key line). */
export function writeUserFiles(keys: Record<LabUser['key'], string>): void {
  const machine: AccountFiles = {
    passwd: readFileSync('/etc/passwd', 'utf8'),
    group: readFileSync('/etc/group', 'utf8'),
    shadow: readFileSync('/etc/shadow', 'utf8'),
  }
  for (const u of LAB_USERS) {
    const root = hostRoot(u.host)
    const files = accountFiles(machine, u)
    for (const f of ['passwd', 'group', 'shadow'] as const) like(`/etc/${f}`, join(root, 'etc', f), files[f])
    if (u.sudo) {
      // sudo ignores a sudoers.d file that is writable by anyone but root.
      const rule = join(root, 'etc/sudoers.d/v6ready')
      mkdirSync(dirname(rule), { recursive: true })
      writeFileSync(rule, `# The rule docs/ssh.md gives for become: sudo.\n${sudoersRule(u.name)}\n`, { mode: 0o440 })
      chmodSync(rule, 0o440)
    }
    // sshd reads authorized_keys as the user, and wants the directories private (StrictModes aside).
    const home = join(root, HOME(u))
    const dotSsh = join(home, '.ssh')
    mkdirSync(dotSsh, { recursive: true })
    writeFileSync(join(dotSsh, 'authorized_keys'), `${keys[u.key].trim()}\n`, { mode: 0o600 })
    for (const [p, mode] of [
      [home, 0o755],
      [dotSsh, 0o700],
      [join(dotSsh, 'authorized_keys'), 0o600],
    ] as const) {
      chownSync(p, u.uid, u.uid)
      chmodSync(p, mode)
    }
  }
}
