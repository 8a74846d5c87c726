import { describe, expect, test } from 'vitest'
import { fileLabel, fileLines, type FileOutcome } from '../../../lib/report/console-reporter.ts'

const outcome = (o: Partial<FileOutcome>): FileOutcome => ({
  label: 'hosts/sysctl',
  tests: 0,
  failed: 0,
  skipped: 0,
  failures: [],
  errors: [],
  ...o,
})

describe('the console while the suites judge', () => {
  test('the build path and the extension are not shown: a suite file reads as hosts/sysctl', () => {
    expect(fileLabel('suites/hosts/sysctl.test.js')).toBe('hosts/sysctl')
    expect(fileLabel('suites/underlay/dns.test.ts')).toBe('underlay/dns')
  })

  test('a suite file without tests prints nothing', () => {
    expect(fileLines(outcome({ label: 'hosts/container' }), false)).toEqual([])
  })

  test('a file prints one line with its counts, and each failure once as its one-line finding', () => {
    const lines = fileLines(
      outcome({
        tests: 28,
        failed: 1,
        skipped: 2,
        failures: [
          {
            check: 'hosts.sysctl.accept-ra',
            message:
              'cmp:eth0: expected RAs accepted, observed accept_ra = 1. Fix: sysctl -w net.ipv6.conf.eth0.accept_ra=2',
          },
        ],
      }),
      false,
    )
    expect(lines).toEqual([
      '✗ hosts/sysctl  28 tests: 1 failed, 2 skipped',
      '  ✗ hosts.sysctl.accept-ra cmp:eth0: expected RAs accepted, observed accept_ra = 1. Fix: sysctl -w net.ipv6.conf.eth0.accept_ra=2',
    ])
    expect(fileLines(outcome({ tests: 1 }), false)).toEqual(['✓ hosts/sysctl  1 test'])
  })

  test('a bug (not a finding) shows its stack frames; a file that did not load shows why', () => {
    const lines = fileLines(
      outcome({
        tests: 1,
        failed: 1,
        failures: [
          {
            check: '',
            message: 'TypeError: x is undefined',
            stack: 'TypeError: x is undefined\n    at judge (lib/judge/sysctl.ts:10:3)',
          },
        ],
        errors: [{ message: 'Cannot find module' }],
      }),
      false,
    )
    expect(lines).toEqual([
      '✗ hosts/sysctl  1 test: 1 failed',
      '  ✗ Cannot find module',
      '  ✗ TypeError: x is undefined',
      '      at judge (lib/judge/sysctl.ts:10:3)',
    ])
  })

  test('colour only when asked; host text is shown, never acted on', () => {
    const f = outcome({
      tests: 1,
      failed: 1,
      failures: [{ check: 'hosts.x', message: 'h: observed \x1b]0;pwned\x07' }],
    })
    expect(fileLines(f, false).join('\n')).not.toContain('\x1b')
    expect(fileLines(f, false)[1]).toContain('\\x1b]0;pwned\\x07')
    expect(fileLines(f, true)[0]).toContain('\x1b[31m✗\x1b[0m')
  })
})
