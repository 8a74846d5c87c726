// What v6ready says when `sudo -n sh -s` ran nothing, on what sudo and the shells really print
// (fixtures/observe/sudo/capture-sudo.sh).
import { describe, expect, test } from 'vitest'
import { observationCommand, sudoFailure } from '../../../lib/observe/become.ts'
import { fixture } from './fixtures.ts'

const stderr = (name: string) => fixture(`sudo/${name}.stderr`)
const FIX =
  'let op run /usr/bin/sh -s and /bin/sh -s as root without a password on ctl1 (a NOPASSWD rule in /etc/sudoers.d/v6ready; docs/ssh.md has the line), or remove become: sudo to observe as op'

describe('become: sudo', () => {
  test('the command is a fixed string: the script still comes on stdin', () => {
    expect(observationCommand('sudo')).toBe('sudo -n sh -s')
    expect(observationCommand(undefined)).toBe('sh -s')
  })

  test.each([
    [
      'password-required',
      1,
      `sudo asks op for a password on ctl1 (become: sudo runs \`sudo -n sh -s\`, which never prompts; sudo said "sudo: a password is required"): ${FIX}`,
    ],
    [
      'requiretty',
      1,
      `sudo on ctl1 requires a tty for op (sudo said "sudo: sorry, you must have a tty to run sudo"); v6ready never asks for one: add \`Defaults:op !requiretty\` beside the rule, ${FIX}`,
    ],
    ['not-installed.dash', 127, `sudo is not installed on ctl1 (become: sudo): install it and ${FIX}`],
    ['not-installed.bash', 127, `sudo is not installed on ctl1 (become: sudo): install it and ${FIX}`],
  ])('%s: the user, the host and the fix', (name, code, want) => {
    expect(sudoFailure(stderr(name), code, 'op', 'ctl1')).toBe(want)
  })

  test('stderr that is not sudo refusing: no verdict of its own (the observation is judged as it came)', () => {
    expect(sudoFailure('sh: 1: ip: not found\n', 0, 'op', 'ctl1')).toBeUndefined()
  })
})
