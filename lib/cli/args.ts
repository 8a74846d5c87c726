// The CLI's own flags, parsed strictly: Vitest's parser accepts any --typo (docs/libraries.md §2), so we
// know every flag we take and every Vitest flag we pass through, and refuse the rest.
import { UsageError } from '../util/usage-error.ts'
import { SUITES, type Suite } from '../verdict.ts'

export { UsageError }

type Kind = 'string' | 'list' | 'number' | 'bool'

/** Our flags: name → kind. */
const OWN: Record<string, Kind> = {
  target: 'string',
  targets: 'string',
  suite: 'list',
  check: 'list',
  tag: 'list',
  'include-list': 'string',
  'exclude-list': 'string',
  'report-dir': 'string',
  replay: 'string',
  baseline: 'string',
  concurrency: 'number',
  'dry-run': 'bool',
  'older-than': 'string',
  help: 'bool',
}

/** Vitest flags passed through as they are; `true` when the flag takes a value. */
const VITEST: Record<string, boolean> = {
  t: true,
  testNamePattern: true,
  shard: true,
  reporter: true,
  outputFile: true,
  bail: true,
  maxConcurrency: true,
  silent: false,
  passWithNoTests: false,
  'merge-reports': false,
  mergeReports: false,
}

export interface Parsed {
  command: string
  positional: string[]
  own: Record<string, string | string[] | number | boolean>
  vitest: string[]
}

export const COMMANDS = ['run', 'list', 'validate', 'explain', 'cleanup', 'merge-reports', 'help'] as const

export function parseArgs(argv: string[]): Parsed {
  const [first, ...rest] = argv
  const isCommand = first !== undefined && !first.startsWith('-')
  const command = isCommand ? first : 'run'
  if (!(COMMANDS as readonly string[]).includes(command)) throw new UsageError(`unknown command "${command}" (commands: ${COMMANDS.join(', ')})`)
  const args = isCommand ? rest : argv
  const out: Parsed = { command, positional: [], own: {}, vitest: [] }
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    if (arg === '--') continue
    const m = /^(--?)([A-Za-z][\w-]*)(?:=(.*))?$/.exec(arg)
    if (!m) {
      if (arg.startsWith('-')) throw new UsageError(`bad flag "${arg}"`)
      out.positional.push(arg)
      continue
    }
    const [, dashes, name = '', inline] = m
    const take = (): string => {
      if (inline !== undefined) return inline
      const next = args[i + 1]
      if (next === undefined || next.startsWith('--')) throw new UsageError(`${dashes}${name} needs a value`)
      i++
      return next
    }
    const own = dashes === '--' ? OWN[name] : undefined
    if (own) {
      if (own === 'bool') out.own[name] = inline === undefined ? true : inline !== 'false'
      else if (own === 'list') out.own[name] = [...((out.own[name] as string[] | undefined) ?? []), ...take().split(',')]
      else if (own === 'number') {
        const v = take()
        const n = Number(v)
        if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} needs a positive integer, got "${v}"`)
        out.own[name] = n
      } else out.own[name] = take()
      continue
    }
    const vt = VITEST[name]
    if (vt === undefined || (dashes === '-' && name !== 't')) throw new UsageError(`unknown flag "${dashes}${name}" (see v6ready help)`)
    out.vitest.push(`${dashes}${name}`)
    if (vt) out.vitest.push(checkedVitestValue(`${dashes}${name}`, take()))
  }
  return out
}

/**
 * The values of the Vitest flags we pass through, checked here: Vitest checks them only once the
 * target has been observed, and then throws (a stack trace, exit 1, which CI takes for a finding).
 */
function checkedVitestValue(flag: string, v: string): string {
  const count = (min: number) => {
    if (!/^[0-9]+$/.test(v) || Number(v) < min) throw new UsageError(`${flag} needs ${min ? 'a positive' : 'a non-negative'} integer, got "${v}"`)
  }
  switch (flag) {
    case '--shard': {
      const m = /^([0-9]+)\/([0-9]+)$/.exec(v)
      const [i, n] = [Number(m?.[1]), Number(m?.[2])]
      if (!m || i < 1 || i > n) throw new UsageError(`--shard needs i/n, part i of n with 1 ≤ i ≤ n (--shard 1/2, then --shard 2/2), got "${v}"`)
      break
    }
    case '-t':
    case '--testNamePattern':
      try {
        new RegExp(v)
      } catch (e) {
        throw new UsageError(`${flag} needs a regular expression over test names: ${(e as Error).message}`)
      }
      break
    case '--bail':
      count(0)
      break
    case '--maxConcurrency':
      count(1)
      break
  }
  return v
}

export function suitesOf(p: Parsed): Suite[] {
  const s = (p.own.suite as string[] | undefined) ?? []
  for (const x of s) if (!(SUITES as readonly string[]).includes(x)) throw new UsageError(`--suite must be one of ${SUITES.join(', ')}, got "${x}"`)
  return s as Suite[]
}

export const str = (p: Parsed, k: string): string | undefined => p.own[k] as string | undefined
export const list = (p: Parsed, k: string): string[] => (p.own[k] as string[] | undefined) ?? []

export const HELP = `v6ready: is this lab ready for IPv6?

  v6ready run [--target NAME] [--targets FILE] [--suite underlay|overlay|hosts]...
              [--check GLOB]... [--tag TAG]... [--include-list F] [--exclude-list F]
              [--report-dir DIR] [--replay observations.json] [--baseline REPORT-DIR]
              [--shard i/n] [--concurrency N]
              [-t PATTERN] [--reporter NAME] [--bail N]
  v6ready list [--target NAME] [--targets FILE]
  v6ready validate [--targets FILE]
  v6ready explain CHECK-ID
  v6ready cleanup --target NAME [--targets FILE] [--dry-run] [--older-than 1h]
              deletes the v6ready-* networks, subnets, ports, routers and security groups
              that overlay runs left (exit 0 when none is left; --dry-run only lists them)
  v6ready merge-reports DIR... [--report-dir OUT] [--baseline REPORT-DIR]   join --shard i/n runs

With no --target, run judges this machine (the built-in "local" target), observing only.
The targets file comes from --targets, then $V6READY_TARGETS, then ./targets.yaml.
Exit codes: 0 nothing failed, 1 a check failed, 2 usage or configuration error (a bad flag or
input file, a report directory that cannot be written), 3 an internal error (a bug in v6ready),
130 and 143 interrupted by SIGINT and SIGTERM.`
