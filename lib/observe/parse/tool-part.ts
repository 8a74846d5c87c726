// What a rule-listing tool's part says before its output is parsed: not installed, needs root,
// failed, or printed (whole, or cut at PART_LIMIT). Shared by the NAT and the filter readings.
import type { Part } from './parts.ts'
import { excerpt } from './util.ts'

/** missing: not installed (sh's status 127); not-root: the tool needs root; failed: anything else. */
export type ToolFailure = { state: 'missing' | 'not-root' | 'failed'; reason: string }

export type ToolOutput =
  | ToolFailure
  /** A legacy backend without the table loaded: it holds no rules. */
  | { state: 'no-table'; note: string }
  | { state: 'printed'; text: string; truncated: boolean }

/**
 * `partialOk`: output cut at PART_LIMIT is still read (saved rules are lines, so the first megabyte
 * shows the rules in it); JSON is not. Both tools say "(you must be root)" when run as another user.
 */
export function toolOutput(part: Part | undefined, label: string, partialOk = false): ToolOutput {
  if (!part) return { state: 'failed', reason: `${label}: not in the observation (cut short?)` }
  if (part.truncated && !partialOk) return { state: 'failed', reason: `${label}: cut at the observation's size limit` }
  if (!part.truncated && part.exit !== 0) {
    if (part.exit === 127) return { state: 'missing', reason: `${label}: not installed (${excerpt(part.text)})` }
    const root = part.text.split('\n').find((l) => /you must be root/i.test(l))
    if (root !== undefined) return { state: 'not-root', reason: `${label}: ${JSON.stringify(root.trim())}` }
    if (/Table does not exist/i.test(part.text)) return { state: 'no-table', note: part.text.trim() }
    return { state: 'failed', reason: `${label} exited ${part.exit ?? '?'}: ${excerpt(part.text)}` }
  }
  return { state: 'printed', text: part.text, truncated: part.truncated }
}
