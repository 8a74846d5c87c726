import { describe, expect, test } from 'vitest'
import { parseArgs, suitesOf, UsageError } from '../../../lib/cli/args.ts'

describe('parseArgs', () => {
  test('run is the default command, and our flags are parsed with = or a space', () => {
    const p = parseArgs(['--target', 'lab1', '--check=hosts.sysctl.*', '--check', 'hosts.addr.*', '--concurrency', '4'])
    expect(p.command).toBe('run')
    expect(p.own).toEqual({ target: 'lab1', check: ['hosts.sysctl.*', 'hosts.addr.*'], concurrency: 4 })
    expect(p.vitest).toEqual([])
  })

  test("Vitest's own flags pass through untouched", () => {
    const p = parseArgs(['run', '-t', 'ctl1', '--shard=1/2', '--reporter', 'blob', '--target', 'lab1'])
    expect(p.vitest).toEqual(['-t', 'ctl1', '--shard', '1/2', '--reporter', 'blob'])
    expect(p.own.target).toBe('lab1')
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
    expect(parseArgs(['run', '--shard', '2/2', '--shard=1/1', '-t', 'ctl[0-9]', '--bail', '0', '--maxConcurrency', '3']).vitest).toEqual([
      '--shard', '2/2', '--shard', '1/1', '-t', 'ctl[0-9]', '--bail', '0', '--maxConcurrency', '3',
    ])
  })
})
