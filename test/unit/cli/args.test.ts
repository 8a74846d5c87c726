import { describe, expect, test } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { helpFor, parseArgs, suitesOf, UsageError, VERSION_TEXT } from '../../../lib/cli/args.ts'
import { nearest } from '../../../lib/util/suggest.ts'

describe('parseArgs', () => {
  test('run is the default command, and our flags are parsed with = or a space', () => {
    const p = parseArgs(['--target', 'lab1', '--check=hosts.sysctl.*', '--check', 'hosts.addr.*', '--concurrency', '4'])
    expect(p.command).toBe('run')
    expect(p.own).toEqual({ target: 'lab1', check: ['hosts.sysctl.*', 'hosts.addr.*'], concurrency: 4 })
    expect(p.vitest).toEqual([])
  })

  test("Vitest's own flags pass through untouched; --shard is ours, which divides the subjects, not the suite files", () => {
    const p = parseArgs(['run', '-t', 'ctl1', '--shard=1/2', '--reporter', 'blob', '--target', 'lab1'])
    expect(p.vitest).toEqual(['-t', 'ctl1', '--reporter', 'blob'])
    expect(p.own).toEqual({ target: 'lab1', shard: '1/2' })
    expect(parseArgs(['list', '--target', 'lab1', '--shard', '2/4']).own.shard).toBe('2/4')
    expect(() => parseArgs(['validate', '--shard', '2/4'])).toThrow(/--shard does not apply to validate/)
  })

  test.for([
    [['--bogus'], /unknown flag "--bogus"/],
    [['--shrad', '1/2'], /unknown flag "--shrad"/],
    [['-x'], /unknown flag "-x"/],
    [['--target'], /--target needs a value/],
    [['--concurrency', '0'], /positive integer/],
    [['frobnicate'], /unknown command "frobnicate"/],
  ] as const)('%j is refused', ([argv, message]) => {
    expect(() => parseArgs([...argv])).toThrow(UsageError)
    expect(() => parseArgs([...argv])).toThrow(message)
  })

  test('--suite takes only the three suites', () => {
    expect(suitesOf(parseArgs(['--suite', 'hosts,underlay']))).toEqual(['hosts', 'underlay'])
    expect(() => suitesOf(parseArgs(['--suite', 'host']))).toThrow(/--suite must be one of/)
  })

  test('cleanup takes --target, --dry-run and --older-than', () => {
    const p = parseArgs(['cleanup', '--target', 'lab', '--dry-run', '--older-than', '1h'])
    expect(p.command).toBe('cleanup')
    expect(p.own).toEqual({ target: 'lab', 'dry-run': true, 'older-than': '1h' })
  })

  test('explain takes a positional check ID', () => {
    const p = parseArgs(['explain', 'hosts.sysctl.accept-ra'])
    expect(p.command).toBe('explain')
    expect(p.positional).toEqual(['hosts.sysctl.accept-ra'])
  })
})

describe("Vitest's flags, checked before anything is observed", () => {
  test.for([
    [['--shard', '5/2'], '--shard needs i/n, part i of n with 1 ≤ i ≤ n (--shard 1/2, then --shard 2/2), got "5/2"'],
    [['--shard=0/2'], 'got "0/2"'],
    [['--shard', '2'], 'got "2"'],
    [['--shard', 'a/b'], 'got "a/b"'],
    [['--shard', '1/0'], 'got "1/0"'],
    [['-t', '('], '-t needs a regular expression over test names: Invalid regular expression: /(/: Unterminated group'],
    [['--testNamePattern', '[z-a]'], '--testNamePattern needs a regular expression'],
    [['--bail', 'abc'], '--bail needs a non-negative integer, got "abc"'],
    [['--maxConcurrency', '0'], '--maxConcurrency needs a positive integer, got "0"'],
  ] as const)('%j is refused', ([argv, message]) => {
    expect(() => parseArgs(['run', ...argv])).toThrow(UsageError)
    expect(() => parseArgs(['run', ...argv])).toThrow(message)
  })

  test('good values pass through as they are', () => {
    expect(
      parseArgs(['run', '--shard', '2/2', '-t', 'ctl[0-9]', '--bail', '0', '--maxConcurrency', '3']).vitest,
    ).toEqual(['-t', 'ctl[0-9]', '--bail', '0', '--maxConcurrency', '3'])
  })
})

describe('CLI conventions', () => {
  const help = (argv: string[]) => {
    const p = parseArgs(argv)
    expect(p.own.help).toBe(true)
    return helpFor(p, argv)
  }

  test("-h and --help: the overview, or the command's own flags", () => {
    expect(help(['-h'])).toMatch(/^v6ready: is this lab ready for IPv6\?/)
    expect(help(['--help'])).toBe(help(['-h']))
    const run = help(['run', '-h'])
    expect(run).toMatch(/^v6ready run \[flags\]/)
    expect(run).toContain('--skip GLOB')
    const validate = help(['validate', '--help'])
    expect(validate).toMatch(/^v6ready validate/)
    expect(validate).not.toContain('--skip')
    expect(help(['cleanup', '--help'])).toContain('--dry-run')
    expect(helpFor(parseArgs(['help', 'list']), ['help', 'list'])).toMatch(/^v6ready list/)
    expect(() => helpFor(parseArgs(['help', 'lsit']), ['help', 'lsit'])).toThrow(
      'unknown command "lsit"; did you mean "list"?',
    )
  })

  test('-V, --version and version', () => {
    expect(parseArgs(['-V']).own.version).toBe(true)
    expect(parseArgs(['--version']).own.version).toBe(true)
    expect(parseArgs(['list', '-V']).own.version).toBe(true)
    expect(parseArgs(['version']).command).toBe('version')
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '../../../package.json'), 'utf8')) as {
      version: string
    }
    expect(VERSION_TEXT).toBe(`v6ready ${pkg.version}`)
  })

  test.for([
    [['--tagret', 'lab1'], 'unknown flag "--tagret"; did you mean "--target"?'],
    [['run', '--chek', 'x'], 'unknown flag "--chek"; did you mean "--check"?'],
    [['run', '--shrad', '1/2'], 'unknown flag "--shrad"; did you mean "--shard"?'],
    [['lsit'], 'unknown command "lsit"; did you mean "list"?'],
    [['valdiate'], 'unknown command "valdiate"; did you mean "validate"?'],
    [['cleanup', '--dryrun'], 'unknown flag "--dryrun"; did you mean "--dry-run"?'],
  ] as const)('%j: "did you mean"', ([argv, message]) => {
    expect(() => parseArgs([...argv])).toThrow(message)
  })

  test('no suggestion when nothing is near', () => {
    expect(() => parseArgs(['--bogus'])).toThrow(/^unknown flag "--bogus" \(v6ready run --help lists the flags\)$/)
    expect(nearest('frobnicate', ['run', 'list', 'validate'])).toBeUndefined()
    // Two names equally near: neither is suggested.
    expect(nearest('lab', ['lab1', 'lab2'])).toBeUndefined()
  })

  test('--skip GLOB, repeated or as a comma list', () => {
    expect(parseArgs(['--skip', 'hosts.sysctl.*', '--skip=underlay.dns.reverse,hosts.addr.*']).own.skip).toEqual([
      'hosts.sysctl.*',
      'underlay.dns.reverse',
      'hosts.addr.*',
    ])
  })

  test.for([
    [
      ['--replay', 'obs.json', '--target', 'lab1'],
      '--replay and --target do not go together: the target is the one recorded in the observations file',
    ],
    [['--replay', 'obs.json', '--targets', 't.yaml'], '--replay and --targets do not go together'],
    [
      ['--replay', 'obs.json', '--concurrency', '4'],
      '--replay and --concurrency do not go together: a replay observes nothing',
    ],
    [['validate', '--report-dir', 'x'], '--report-dir does not apply to validate (it is a flag of run, merge-reports)'],
    [['run', '--dry-run'], '--dry-run does not apply to run (it is a flag of cleanup)'],
    [['explain', '--target', 'lab1', 'hosts.reach.ssh'], '--target does not apply to explain'],
    [['list', '-t', 'x'], '-t only applies to run'],
  ] as const)('%j: flags that conflict, or do not apply, are an error', ([argv, message]) => {
    expect(() => parseArgs([...argv])).toThrow(UsageError)
    expect(() => parseArgs([...argv])).toThrow(message)
  })

  test('--suite with a typo', () => {
    expect(() => suitesOf(parseArgs(['--suite', 'host']))).toThrow(
      '--suite must be one of underlay, overlay, hosts, got "host"; did you mean "hosts"?',
    )
  })
})
