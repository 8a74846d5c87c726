// v6ready's command line: `npm test -- ARGS` is `v6ready run ARGS`.
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { sanitizeText } from '../util/sanitize.ts'
import { TargetsError } from '../targets/errors.ts'
import { helpFor, list, parseArgs, UsageError, VERSION_TEXT } from './args.ts'
import { settleColor } from '../report/color.ts'
import { maskProcessOutput } from './masked-output.ts'
import { checkTargetsFlag } from './inputs.ts'
import { cleanupCommand, explain, listChecks, mergeReports, validate } from './commands.ts'
import { run } from './run.ts'
import { exitWhenFlushed } from './exit.ts'

export async function main(argv: string[]): Promise<number> {
  maskProcessOutput()
  // Before Vitest is loaded: it decides on colour when imported.
  settleColor()
  try {
    const p = parseArgs(argv)
    if (p.own.version || p.command === 'version') return (console.log(VERSION_TEXT), 0)
    if (p.own.help || p.command === 'help') return (console.log(helpFor(p, argv)), 0)
    checkTargetsFlag(p)
    switch (p.command) {
      case 'list':
        return listChecks(p)
      case 'validate':
        return validate(p)
      case 'explain':
        return explain(p)
      case 'cleanup':
        return await cleanupCommand(p)
      case 'merge-reports':
        return await mergeReports(p)
      default:
        if (p.positional.length) throw new UsageError(`unexpected argument "${p.positional[0]}"`)
        return await run(p)
    }
  } catch (e) {
    // Both can quote what the user typed or a file holds: shown, never interpreted.
    if (e instanceof TargetsError) {
      console.error(sanitizeText(e.message))
      return 2
    }
    if (e instanceof UsageError) {
      console.error(`v6ready: ${sanitizeText(e.message)}`)
      return 2
    }
    // Anything else is a bug in v6ready: an exit code of its own, so that CI never takes it for a finding (1).
    console.error(internalError(e))
    return 3
  }
}

/** One line that says it is v6ready's bug, then the stack for the report. */
export function internalError(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e)
  const stack = e instanceof Error && e.stack ? `\n${e.stack}` : ''
  return `v6ready: internal error: ${sanitizeText(message.split('\n')[0] ?? '')} (a bug in v6ready: please report it with the stack below)${stack}`
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // Exit hard once reports are written: a leaked socket must never hang a nightly job.
  main(process.argv.slice(2)).then(exitWhenFlushed, (e) => {
    console.error(internalError(e))
    exitWhenFlushed(3)
  })
}
