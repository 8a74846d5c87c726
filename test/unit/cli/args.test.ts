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
