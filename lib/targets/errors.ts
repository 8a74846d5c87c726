// Config errors are data until the end, so that a file reports every problem in one run
// (docs/design.md §3: exit 2, naming file:line and the path of the bad value).

export interface ConfigError {
  /** The targets file as given on the command line. */
  file: string
  /** `targets.lab1.hosts[2].address`; empty for the document itself. */
  path: string
  message: string
  line?: number
  col?: number
}

/**
 * `targets.yaml:17:18: targets.lab1.hosts[2].address: invalid IPv6 address`: the position first, as
 * compilers and linters print it, so editors and CI logs turn it into a link to the line.
 */
export function formatConfigError(e: ConfigError, severity?: 'warning'): string {
  const where = e.line === undefined ? e.file : `${e.file}:${e.line}:${e.col ?? 1}`
  return `${where}: ${severity ? `${severity}: ` : ''}${e.path === '' ? '' : `${e.path}: `}${e.message}`
}

export class TargetsError extends Error {
  readonly errors: readonly ConfigError[]
  /** One rendered line per error, for the console. */
  readonly lines: readonly string[]
  constructor(errors: readonly ConfigError[]) {
    const lines = errors.map((e) => formatConfigError(e))
    super(lines.join('\n'))
    this.name = 'TargetsError'
    this.errors = errors
    this.lines = lines
  }
}
