// The parts of the guest and containers sections (parts-script.ts) → Part[], which their parsers
// (parse/guest.ts, parse/containers.ts) turn into facts.
import { PART_LIMIT } from '../parts-script.ts'
import { excerpt } from './util.ts'

/** One command's output or one file, from the guest and containers sections (parts-script.ts). */
export interface Part {
  /** The file's path, or the command as CONTAINER_PARTS names it. */
  label: string
  /** What it printed, stdout and stderr together (files: redacted like config files). */
  text: string
  /** Its exit status; undefined when the output was cut at PART_LIMIT. */
  exit?: number
  truncated: boolean
}

// The section starts with the script's own first fence; the nonce read from it is the run's, and a
// file's bytes cannot carry it, so they cannot end a part early or forge another.
const FIRST = /^\n?@@v6ready:([a-z0-9]+):part:/

export function parseParts(raw: string): Part[] {
  if (raw.trim() === '') return []
  const nonce = FIRST.exec(raw)?.[1]
  if (nonce === undefined) throw new Error(`expected a part fence first, got ${excerpt(raw)}`)
  const fences = [...raw.matchAll(new RegExp(`^@@v6ready:${nonce}:part:([0-9a-f]*)@@$`, 'gm'))]
  return fences.map((m, i): Part => {
    const label = Buffer.from(m[1] ?? '', 'hex').toString('utf8')
    const end = fences[i + 1]?.index
    // The next fence is printed as `\n@@…`, so one newline before it belongs to the script.
    const body = raw.slice(m.index + m[0].length + 1, end === undefined ? undefined : end - 1)
    const rc = new RegExp(`\\n?@@v6ready:${nonce}:rc:(\\d+)@@\\n?$`).exec(body)
    if (!rc) {
      // Cut at PART_LIMIT (or the whole observation was cut): keep whole lines only.
      const text = body.slice(0, PART_LIMIT)
      return { label, text: text.slice(0, text.lastIndexOf('\n') + 1), truncated: true }
    }
    return { label, text: body.slice(0, rc.index), exit: Number(rc[1]), truncated: false }
  })
}

/** One part by label; a part that is not there (no such file) is undefined. */
export const partOf = (parts: readonly Part[], label: string): Part | undefined => parts.find((p) => p.label === label)
