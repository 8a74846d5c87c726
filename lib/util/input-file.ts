// The files a user hands v6ready (the targets file, --replay, --baseline, merge-reports' shards,
// include/exclude lists): each is checked with stat and read with a bound before anything is
// observed, so that a directory, a huge file or a device is a usage error at once, not minutes of
// parsing or a stack trace after the observation. The limits, and why, are in README "Input limits".
import { closeSync, openSync, readSync, statSync } from 'node:fs'
import type { z } from 'zod'
import { flatten, formatPath } from './zod-issues.ts'
import { UsageError } from './usage-error.ts'

export const KiB = 1024
export const MiB = 1024 * KiB

export interface InputKind {
  /** What the file is, for messages: `an observations.json`. */
  what: string
  maxBytes: number
  /** Said after the limit: how big real files are, and what to do with a bigger one. */
  tooBig: string
}

// 1,000 hosts like the lab's weigh 20 MiB of observations.json and 16 MiB of results.json
// (measured: README, "Input limits"): 64 MiB holds 3,000 of them, and parses in about a second.
export const OBSERVATIONS_INPUT: InputKind = {
  what: 'an observations.json',
  maxBytes: 64 * MiB,
  tooBig: '1,000 hosts weigh about 20 MiB; split a bigger fleet into several targets',
}
export const RESULTS_INPUT: InputKind = {
  what: 'a results.json',
  maxBytes: 64 * MiB,
  tooBig: '1,000 hosts weigh about 16 MiB; split a bigger fleet into several targets',
}
// A host takes 140 to 300 bytes of YAML: 4 MiB holds over 10,000 of them, and loads in about 3 s.
export const TARGETS_INPUT: InputKind = {
  what: 'a targets file',
  maxBytes: 4 * MiB,
  tooBig: 'a host takes a few hundred bytes; split a bigger file into several',
}
// The catalog has some fifty checks: a list of globs over them is a few hundred bytes.
export const LIST_INPUT: InputKind = {
  what: 'a check list',
  maxBytes: 64 * KiB,
  tooBig: 'a list holds check-ID globs, one per line (v6ready list shows the IDs)',
}

/** `64 MiB`, `1.5 MiB`, `12 KiB`, `17 bytes`. */
export function bytesText(n: number): string {
  if (n >= MiB) return `${Number((n / MiB).toFixed(1))} MiB`
  if (n >= KiB) return `${Number((n / KiB).toFixed(1))} KiB`
  return `${n} bytes`
}

/** `ENOENT: no such file or directory`: Node's message without the syscall and path it repeats. */
const why = (e: unknown): string => (e instanceof Error ? e.message.replace(/, \w+(?: '[^']*')*$/, '') : String(e))

/**
 * The text of an input file, or the problem with it. A regular file's size is checked before it is
 * opened; anything else (a pipe, `/dev/stdin`, a file still growing) is read no further than the limit.
 */
export function readTextInput(path: string, kind: InputKind): { text: string } | { problem: string } {
  const over = (size: string) => ({
    problem: `${size}, over the ${bytesText(kind.maxBytes)} limit for ${kind.what} (${kind.tooBig})`,
  })
  let fd: number
  try {
    const st = statSync(path)
    if (st.isDirectory()) return { problem: `is a directory, not ${kind.what}` }
    if (st.isFile() && st.size > kind.maxBytes) return over(bytesText(st.size))
    fd = openSync(path, 'r')
  } catch (e) {
    return { problem: why(e) }
  }
  try {
    const chunks: Buffer[] = []
    let total = 0
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(MiB, kind.maxBytes + 1 - total))
      const n = readSync(fd, buf, 0, buf.length, null)
      if (n === 0) break
      chunks.push(buf.subarray(0, n))
      total += n
      if (total > kind.maxBytes) return over(`more than ${bytesText(kind.maxBytes)}`)
    }
    return { text: Buffer.concat(chunks, total).toString('utf8') }
  } catch (e) {
    return { problem: `cannot read it: ${why(e)}` }
  } finally {
    closeSync(fd)
  }
}

/** As readTextInput; a problem is a UsageError `<flag> <path>: <problem>`. */
export function readInput(path: string, flag: string, kind: InputKind): string {
  const r = readTextInput(path, kind)
  if ('problem' in r) throw new UsageError(`${flag} ${path}: ${r.problem}`)
  return r.text
}

/**
 * A JSON input checked against its schema: the value, or a UsageError naming the file, the path of
 * the first offending key and what is wrong with it (`--replay f: hosts[0]: Invalid input: …`).
 * The schemas rebuild every object, so a `__proto__` key in the file never reaches the value.
 */
export function parseJsonInput<S extends z.ZodType>(
  text: string,
  label: string,
  kind: InputKind,
  schema: S,
): z.output<S> {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (e) {
    throw new UsageError(`${label}: not JSON (${(e as Error).message}): want ${kind.what} as v6ready writes it`)
  }
  const r = schema.safeParse(data)
  if (r.success) return r.data
  const problems = r.error.issues.flatMap((i) => flatten(i, []))
  const first = problems[0]
  const where =
    first === undefined
      ? ''
      : formatPath(first.key !== undefined && !first.unrecognized ? [...first.path, first.key] : first.path)
  const more =
    problems.length === 2
      ? ' (and 1 more problem)'
      : problems.length > 2
        ? ` (and ${problems.length - 1} more problems)`
        : ''
  // zod says "expected string, received undefined" for a key that is not there.
  const what = (first?.message ?? 'invalid').replace(
    /^Invalid input: expected (\w+), received undefined$/,
    'missing (expected $1)',
  )
  throw new UsageError(`${label}: ${where ? `${where}: ` : ''}${what}${more}: want ${kind.what} as v6ready writes it`)
}
