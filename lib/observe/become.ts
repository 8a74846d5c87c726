// `become: sudo`: the observation script runs as root through `sudo -n sh -s`. The command is a
// fixed string (the script itself comes on stdin, as always); -n makes sudo fail rather than prompt,
// and an exec channel never has a tty, so nothing can wait for a password.

export type Become = 'sudo'

export function observationCommand(become: Become | undefined): string {
  return become === 'sudo' ? 'sudo -n sh -s' : 'sh -s'
}

/**
 * The rule an operator adds so that `sudo -n sh -s` needs no password: sudo matches the path it
 * finds in its secure_path, /usr/bin/sh on a merged-/usr system, /bin/sh on older ones. It lets the
 * user run any shell command as root, which is what a script on stdin needs. Messages describe it
 * rather than quote it: report redaction (lib/secrets) masks whatever follows `NOPASSWD:`.
 */
export const sudoersRule = (user: string): string => `${user} ALL=(root) NOPASSWD: /usr/bin/sh -s, /bin/sh -s`

/**
 * Why sudo ran nothing, from what it printed (sudo 1.9, LC_ALL unset on the host: sudo's own
 * messages are English unless the host's locale translates them); undefined when the script ran.
 * Only called when the output holds none of the script's fences.
 */
export function sudoFailure(stderr: string, code: number | null, user: string, host: string): string | undefined {
  const said = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^sudo: /.test(l))
  const words = said.join('; ')
  const fix = `let ${user} run /usr/bin/sh -s and /bin/sh -s as root without a password on ${host} (a NOPASSWD rule in /etc/sudoers.d/v6ready; docs/ssh.md has the line), or remove become: sudo to observe as ${user}`
  if (/a password is required/.test(words))
    return `sudo asks ${user} for a password on ${host} (become: sudo runs \`sudo -n sh -s\`, which never prompts; sudo said "${words}"): ${fix}`
  if (/(a terminal is required|must have a tty)/i.test(words))
    return `sudo on ${host} requires a tty for ${user} (sudo said "${words}"); v6ready never asks for one: add \`Defaults:${user} !requiretty\` beside the rule, ${fix}`
  if (code === 127 && /\bsudo: (command )?not found/.test(stderr))
    return `sudo is not installed on ${host} (become: sudo): install it and ${fix}`
  if (said.length) return `sudo refused ${user} on ${host} (sudo said "${words}"): ${fix}`
  return undefined
}
