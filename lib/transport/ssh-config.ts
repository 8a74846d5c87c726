// A subset of ssh_config(5): enough to reach hosts the way the operator's own `ssh` does.
// Pure: the caller reads the file. Not supported: Include (needs file access), Match other than
// `Match all` (a Match block with criteria is skipped, never guessed), keywords other than the five below.
import { matchPatternList } from './known-hosts.ts'

export interface SshConfigOption {
  /** Lower-cased keyword. */
  key: string
  args: string[]
  line: number
}

export interface SshConfigBlock {
  /** `Host` patterns, or undefined for the lines before the first Host/Match and for `Match all`. */
  patterns: string[] | undefined
  /** A `Match` block with criteria: never applies. */
  skip: boolean
  options: SshConfigOption[]
}

export interface ResolvedSshConfig {
  hostName?: string
  user?: string
  port?: number
  /** Accumulates across matching blocks, in file order, unexpanded (`~`, `%d`... are the caller's job). */
  identityFile: string[]
  /** undefined when absent or `none`. */
  proxyJump?: string
}

/** Split a line like ssh's argv_split: whitespace separates, quotes group, `\` escapes, an unquoted `#` at a word start ends the line. */
export function splitArgs(line: string): string[] {
  const out: string[] = []
  let cur = ''
  let inWord = false
  let quote: string | undefined
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string
    if (quote) {
      if (c === quote) quote = undefined
      else if (c === '\\' && i + 1 < line.length) cur += line[++i]
      else cur += c
    } else if (c === ' ' || c === '\t') {
      if (inWord) out.push(cur), (cur = ''), (inWord = false)
    } else if (c === '#' && !inWord) {
      break
    } else {
      inWord = true
      if (c === '"' || c === "'") quote = c
      else if (c === '\\' && i + 1 < line.length) cur += line[++i]
      else cur += c
    }
  }
  if (inWord) out.push(cur)
  return out
}

export function parseSshConfig(text: string): SshConfigBlock[] {
  const blocks: SshConfigBlock[] = [{ patterns: undefined, skip: false, options: [] }]
  text.split(/\r?\n/).forEach((raw, i) => {
    // `Keyword=value` and `Keyword = value` are both legal.
    const m = /^\s*([A-Za-z][A-Za-z0-9]*)\s*(?:=\s*|\s+|$)(.*)$/.exec(raw)
    if (!m || raw.trim().startsWith('#')) return
    const key = (m[1] as string).toLowerCase()
    const args = splitArgs(m[2] as string)
    if (key === 'host') blocks.push({ patterns: args, skip: false, options: [] })
    else if (key === 'match') {
      const all = args.length === 1 && args[0]?.toLowerCase() === 'all'
      blocks.push({ patterns: undefined, skip: !all, options: [] })
    } else (blocks.at(-1) as SshConfigBlock).options.push({ key, args, line: i + 1 })
  })
  return blocks
}

/** `Host a b !c`: the line applies if some pattern matches and no negated one does. */
function hostLineMatches(patterns: string[], alias: string): boolean {
  return matchPatternList(patterns.join(','), alias)
}

/**
 * Resolve the options for `ssh <hostAlias>`: blocks apply in file order, the first value obtained for
 * a keyword wins (so specific Host blocks go first and `Host *` last), IdentityFile accumulates.
 */
export function resolveSshConfig(text: string, hostAlias: string): ResolvedSshConfig {
  const alias = hostAlias.toLowerCase()
  const r: ResolvedSshConfig = { identityFile: [] }
  const seen = new Set<string>()
  for (const b of parseSshConfig(text)) {
    if (b.skip || (b.patterns && !hostLineMatches(b.patterns, alias))) continue
    for (const { key, args } of b.options) {
      const v = args[0]
      if (v === undefined) continue
      if (key === 'identityfile') {
        if (v.toLowerCase() !== 'none') r.identityFile.push(v)
        continue
      }
      if (seen.has(key)) continue
      switch (key) {
        case 'hostname':
          // %h is the alias; %% a literal percent.
          r.hostName = v.replace(/%([h%])/g, (_, t: string) => (t === 'h' ? hostAlias : '%'))
          break
        case 'user':
          r.user = v
          break
        case 'port': {
          const n = Number(v)
          if (!Number.isInteger(n) || n < 1 || n > 65535) throw new Error(`ssh_config: bad Port ${v}`)
          r.port = n
          break
        }
        case 'proxyjump':
          if (v.toLowerCase() !== 'none') r.proxyJump = v
          break
        default:
          continue
      }
      seen.add(key)
    }
  }
  return r
}
