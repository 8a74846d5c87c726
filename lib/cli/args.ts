// The CLI's own flags, parsed strictly: Vitest's parser accepts any --typo (docs/libraries.md §2), so we know every flag
// each command takes and every Vitest flag we pass through, and refuse the rest, with the flag that
// was probably meant. `-h`/`--help` print the command's own help, `-V`/`--version` the version.
import { didYouMean } from '../util/suggest.ts'
import { UsageError } from '../util/usage-error.ts'
import { parseShard, type Shard } from '../targets/shard.ts'
import { SUITES, type Suite } from '../verdict.ts'
import { VERSION } from '../version.ts'

export { UsageError }

type Kind = 'string' | 'list' | 'number' | 'bool'

/** Our flags: name → kind. Which command takes which is in COMMAND_FLAGS. */
const OWN = {
  target: 'string',
  targets: 'string',
  suite: 'list',
  check: 'list',
  skip: 'list',
  tag: 'list',
  'include-list': 'string',
  'exclude-list': 'string',
  'report-dir': 'string',
  replay: 'string',
  baseline: 'string',
  history: 'string',
  concurrency: 'number',
  'dry-run': 'bool',
  'older-than': 'string',
  shard: 'string',
  help: 'bool',
  version: 'bool',
} as const satisfies Record<string, Kind>

export type Flag = keyof typeof OWN
type ValueOf<K extends Kind> = K extends 'string'
  ? string
  : K extends 'list'
    ? string[]
    : K extends 'number'
      ? number
      : boolean
/** The flags a command was given, each with the type of its kind: `--concurrency` a number, `--check` a list. */
export type Flags = { -readonly [F in Flag]?: ValueOf<(typeof OWN)[F]> }
type FlagsOf<K extends Kind> = { [F in Flag]: (typeof OWN)[F] extends K ? F : never }[Flag]

/** Short forms, as most CLIs have them. */
const SHORT: Record<string, Flag> = { h: 'help', V: 'version' }

/** Vitest flags passed through as they are (run only); `true` when the flag takes a value. */
const VITEST: Record<string, boolean> = {
  t: true,
  testNamePattern: true,
  reporter: true,
  outputFile: true,
  bail: true,
  maxConcurrency: true,
  silent: false,
  passWithNoTests: false,
  'merge-reports': false,
  mergeReports: false,
}

export const COMMANDS = ['run', 'list', 'validate', 'explain', 'cleanup', 'merge-reports', 'help', 'version'] as const
export type Command = (typeof COMMANDS)[number]

const SELECT: readonly Flag[] = ['suite', 'check', 'skip', 'tag', 'include-list', 'exclude-list']
const COMMAND_FLAGS: Record<Command, readonly Flag[]> = {
  run: ['target', 'targets', ...SELECT, 'report-dir', 'replay', 'baseline', 'history', 'concurrency', 'shard'],
  list: ['target', 'targets', ...SELECT, 'shard'],
  validate: ['targets'],
  explain: [],
  cleanup: ['target', 'targets', 'dry-run', 'older-than'],
  'merge-reports': ['report-dir', 'baseline', 'history'],
  help: [],
  version: [],
}

/**
 * Flags that make no sense together: the run would have ignored one of them without a word
 * (`--replay` judges the target recorded in the file, observing nothing).
 */
const CONFLICTS: Array<[Flag, Flag, string]> = [
  ['replay', 'target', 'the target is the one recorded in the observations file'],
  ['replay', 'targets', 'the target is the one recorded in the observations file'],
  ['replay', 'concurrency', 'a replay observes nothing'],
]

export interface Parsed {
  command: Command
  positional: string[]
  own: Flags
  vitest: string[]
}

export function parseArgs(argv: string[]): Parsed {
  const [first, ...rest] = argv
  const isCommand = first !== undefined && !first.startsWith('-')
  const command = isCommand ? first : 'run'
  if (!(COMMANDS as readonly string[]).includes(command))
    throw new UsageError(
      `unknown command "${command}"${didYouMean(command, COMMANDS)} (commands: ${COMMANDS.join(', ')})`,
    )
  const cmd = command as Command
  const args = isCommand ? rest : argv
  const out: Parsed = { command: cmd, positional: [], own: {}, vitest: [] }
  const takes = new Set<string>([...COMMAND_FLAGS[cmd], 'help', 'version'])
  const known = [
    ...[...takes].map((f) => `--${f}`),
    ...(cmd === 'run' ? Object.keys(VITEST).map((f) => (f === 't' ? '-t' : `--${f}`)) : []),
    '-h',
    '-V',
  ]
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    if (arg === '--') continue
    const m = /^(--?)([A-Za-z][\w-]*)(?:=(.*))?$/.exec(arg)
    if (!m) {
      if (arg.startsWith('-')) throw new UsageError(`bad flag "${arg}"`)
      out.positional.push(arg)
      continue
    }
    const [, dashes, given = '', inline] = m
    const name = dashes === '-' ? (SHORT[given] ?? given) : given
    const take = (): string => {
      if (inline !== undefined) return inline
      const next = args[i + 1]
      if (next === undefined || next.startsWith('--')) throw new UsageError(`${dashes}${given} needs a value`)
      i++
      return next
    }
    const flag = Object.hasOwn(OWN, name) && (dashes === '--' || SHORT[given]) ? (name as Flag) : undefined
    const own = flag && OWN[flag]
    if (flag && own) {
      if (!takes.has(flag)) {
        const where = (Object.keys(COMMAND_FLAGS) as Command[]).filter((c) => COMMAND_FLAGS[c].includes(flag))
        throw new UsageError(
          `--${name} does not apply to ${cmd}${where.length ? ` (it is a flag of ${where.join(', ')})` : ''}: v6ready ${cmd} --help lists its flags`,
        )
      }
      const set = out.own as Record<Flag, string | string[] | number | boolean>
      if (own === 'bool') set[flag] = inline === undefined ? true : inline !== 'false'
      else if (own === 'list') set[flag] = [...((out.own[flag] as string[] | undefined) ?? []), ...take().split(',')]
      else if (own === 'number') {
        const v = take()
        const n = Number(v)
        if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} needs a positive integer, got "${v}"`)
        set[flag] = n
      } else set[flag] = take()
      if (flag === 'shard') shardOfArgs(out)
      continue
    }
    const vt = VITEST[name]
    if (vt === undefined || (dashes === '-' && name !== 't') || cmd !== 'run') {
      if (vt !== undefined && cmd !== 'run') throw new UsageError(`${dashes}${given} only applies to run`)
      throw new UsageError(
        `unknown flag "${dashes}${given}"${didYouMean(`${dashes}${given}`, known)} (v6ready ${cmd} --help lists the flags)`,
      )
    }
    out.vitest.push(`${dashes}${name}`)
    if (vt) out.vitest.push(checkedVitestValue(`${dashes}${name}`, take()))
  }
  for (const [a, b, why] of CONFLICTS)
    if (out.own[a] !== undefined && out.own[b] !== undefined)
      throw new UsageError(`--${a} and --${b} do not go together: ${why}`)
  return out
}

/**
 * The values of the Vitest flags we pass through, checked here: Vitest checks them only once the
 * target has been observed, and then throws (a stack trace, exit 1, which CI takes for a finding).
 */
function checkedVitestValue(flag: string, v: string): string {
  const count = (min: number) => {
    if (!/^[0-9]+$/.test(v) || Number(v) < min)
      throw new UsageError(`${flag} needs ${min ? 'a positive' : 'a non-negative'} integer, got "${v}"`)
  }
  switch (flag) {
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

/** `--shard i/n`, checked: undefined without the flag. */
export function shardOfArgs(p: Parsed): Shard | undefined {
  const v = p.own.shard
  if (v === undefined) return undefined
  const s = parseShard(v)
  if (!s)
    throw new UsageError(`--shard needs i/n, part i of n with 1 ≤ i ≤ n (--shard 1/2, then --shard 2/2), got "${v}"`)
  return s
}

export function suitesOf(p: Parsed): Suite[] {
  const s = p.own.suite ?? []
  for (const x of s)
    if (!(SUITES as readonly string[]).includes(x))
      throw new UsageError(`--suite must be one of ${SUITES.join(', ')}, got "${x}"${didYouMean(x, SUITES)}`)
  return s as Suite[]
}

export const str = (p: Parsed, k: FlagsOf<'string'>): string | undefined => p.own[k]
export const list = (p: Parsed, k: FlagsOf<'list'>): string[] => p.own[k] ?? []

const SELECTION = `  --suite underlay|overlay|hosts   only this suite (repeat, or a comma list)
  --check GLOB          only the checks whose ID matches (hosts.sysctl.*; repeatable)
  --skip GLOB           leave out the checks whose ID matches (repeatable)
  --tag TAG             only the checks with this tag (smoke)
  --include-list F      only the check-ID globs in F, one per line
  --exclude-list F      leave out the check-ID globs in F`
const TARGETS_FILE = `  --targets FILE        the targets file (else $V6READY_TARGETS, else ./targets.yaml); it must exist`

export const VERSION_TEXT = `v6ready ${VERSION}`

const USAGE: Record<Command, string> = {
  run: `v6ready run [flags]: observe the target, judge it, write reports/<target>/ (npm test -- [flags])

  --target NAME         a target of the targets file; without it, this machine (the built-in "local")
${TARGETS_FILE}
${SELECTION}
  --report-dir DIR      where the reports go (else reports/<target>)
  --replay FILE         judge an observations.json again, observing nothing (not with --target)
  --baseline DIR        last run's report directory: each finding new or still failing, and the fixes
  --history DIR         earlier report directories (or results.json files): readiness over the nights
  --concurrency N       hosts observed at once (default 32)
  --shard i/n           observe and judge only part i of n of the target's hosts, endpoints and names
                        (docs/sharding.md; v6ready list --shard i/n prints them); merge-reports joins the n
  -t PATTERN, --reporter NAME, --bail N, --outputFile F, --maxConcurrency N
                        Vitest's own, passed through

Exit codes: 0 nothing failed, 1 a check failed, 2 usage or configuration error, 3 an internal
error (a bug in v6ready), 130 and 143 interrupted by SIGINT and SIGTERM.`,
  list: `v6ready list [flags]: every check with its suite, tags and title; with --target, the tests it generates

  --target NAME         the target whose tests are listed
${TARGETS_FILE}
${SELECTION}
  --shard i/n           only the tests, hosts, endpoints and names of part i of n (as run --shard i/n)`,
  validate: `v6ready validate [--targets FILE]: check the targets file; every mistake as file:line:col: message

${TARGETS_FILE}

Exit 0 when the file is valid (warnings, such as a waiver that matches nothing, go to stderr), 2 when not.`,
  explain: `v6ready explain CHECK-ID: why the check matters and how to fix a failure (v6ready list shows the IDs)`,
  cleanup: `v6ready cleanup --target NAME [flags]: delete the v6ready-* networks, subnets, ports, routers and
security groups that overlay runs left (exit 0 when none is left)

  --target NAME         the cloud whose leftovers are deleted
${TARGETS_FILE}
  --dry-run             only list them
  --older-than AGE      only those older than AGE (30m, 1h, 2d)`,
  'merge-reports': `v6ready merge-reports DIR... [flags]: join the report directories of --shard i/n runs into one:
the files one unsharded run writes, observations.json included. Every shard 1/n … n/n of one target is
needed, each once (exit 2 naming the files otherwise; docs/sharding.md)

  --report-dir OUT      where the joined reports go (else reports/<target>)
  --baseline DIR        last run's report directory, as for run
  --history DIR         earlier report directories, as for run`,
  help: 'v6ready help [COMMAND]: this help, or the help of one command',
  version: 'v6ready version (or -V, --version): the version',
}

export const HELP = `v6ready: is this lab ready for IPv6?

  v6ready run [--target NAME] [flags]         observe, judge, write the reports (npm test -- [flags])
  v6ready list [--target NAME]                the checks, and the tests a target would generate
  v6ready validate [--targets FILE]           check the targets file
  v6ready explain CHECK-ID                    why a check matters and how to fix a failure
  v6ready cleanup --target NAME [--dry-run]   delete the overlay's leftovers in the cloud
  v6ready merge-reports DIR...                join the reports of --shard i/n runs
  v6ready help COMMAND, v6ready COMMAND -h    the flags of one command
  v6ready -V, --version                       the version

With no --target, run judges this machine (the built-in "local" target), observing only.
The targets file comes from --targets, then $V6READY_TARGETS, then ./targets.yaml.
Exit codes: 0 nothing failed, 1 a check failed, 2 usage or configuration error (a bad flag or
input file, a report directory that cannot be written), 3 an internal error (a bug in v6ready),
130 and 143 interrupted by SIGINT and SIGTERM.`

/**
 * What `-h`, `--help` and `help [COMMAND]` print: the command's own help when one was named (a
 * command's `--help`, or `help run`), else the overview.
 */
export function helpFor(p: Parsed, argv: readonly string[]): string {
  const named =
    p.command === 'help' ? p.positional[0] : argv[0] !== undefined && !argv[0].startsWith('-') ? p.command : undefined
  if (named === undefined) return HELP
  if (!(COMMANDS as readonly string[]).includes(named))
    throw new UsageError(`unknown command "${named}"${didYouMean(named, COMMANDS)} (commands: ${COMMANDS.join(', ')})`)
  return USAGE[named as Command]
}
