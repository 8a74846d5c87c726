// The config section (config-script.ts) → the text of each file, by path, read as the format the
// targets file gives it (lib/config).
import { parseConfig, type ConfigFormat } from '../../config/index.ts'
import { CONFIG_LIMIT } from '../config-script.ts'
import type { ConfigText, ParsedConfigFile } from '../facts.ts'
import { excerpt } from './util.ts'

/** The format of each config file, by path: the targets file's `configs`. */
export type ConfigFormats = readonly { path: string; format: ConfigFormat }[]

// The section's first line is the script's own first fence (after the newline it prints before
// it), so the nonce read from it is the run's; a file's bytes cannot carry that nonce, so they
// cannot end a file early or forge another.
const FIRST = /^\n?@@v6ready:([a-z0-9]+):config:/

const fenceOf = (nonce: string) => new RegExp(`^@@v6ready:${nonce}:config:(\\d+):([a-z]+):(\\d*):([0-9a-f]*)@@$`, 'gm')

const UNREADABLE: Record<string, string> = {
  directory: 'a directory',
  special: 'not a regular file',
  denied: 'not readable by the SSH user',
}

/** A file's text read as `format`: its values, or the reader's reason it does not parse, and its lines. */
export const readConfigAs = (format: ConfigFormat, text: string, path?: string): ParsedConfigFile => ({
  ...parseConfig(format, text, path),
  format,
  lines: text.split('\n'),
})

/** The file read as its format, when it was read (ok) and `formats` names it. */
export function withParsed(file: ConfigText, formats: ConfigFormats): ConfigText {
  const format = formats.find((f) => f.path === file.path)?.format
  return file.state === 'ok' && format !== undefined
    ? { ...file, parsed: readConfigAs(format, file.text ?? '', file.path) }
    : file
}

export function parseConfigSection(raw: string, formats: ConfigFormats = []): ConfigText[] {
  const nonce = FIRST.exec(raw)?.[1]
  if (nonce === undefined) throw new Error(`expected a file fence first, got ${excerpt(raw)}`)
  const fences = [...raw.matchAll(fenceOf(nonce))]
  // Without the closing fence the output was cut short (the host's report says so); the last file
  // then runs to the end of what came.
  const close = new RegExp(`^@@v6ready:${nonce}:config:end@@$`, 'm').exec(raw)?.index
  const files = fences.map((m, i): ConfigText => {
    const [, , state = '', sizeText = '', hex = ''] = m
    const path = Buffer.from(hex, 'hex').toString('utf8')
    const size = Number(sizeText || 0)
    if (state === 'absent') return { path, state: 'absent', size: 0, truncated: false }
    if (state !== 'ok')
      return {
        path,
        state: 'unreadable',
        reason: UNREADABLE[state] ?? state,
        ...(state === 'denied' && { denied: true as const }),
        size: 0,
        truncated: false,
      }
    // The next fence is printed as `\n@@…`, so one newline before it belongs to the script.
    const end = fences[i + 1]?.index ?? close
    let text = raw.slice(m.index + m[0].length + 1, end === undefined ? undefined : end - 1)
    const truncated = size > CONFIG_LIMIT
    // A cut file ends mid-line; a half line could pass for a value it is not, so it is dropped.
    if (truncated) text = text.slice(0, text.lastIndexOf('\n') + 1)
    return { path, state: 'ok', text, size, truncated }
  })
  return files.map((f) => withParsed(f, formats))
}
