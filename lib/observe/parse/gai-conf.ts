// /etc/gai.conf (or the script's @@absent@@) → GaiConf, read the way glibc's gaiconf_init reads it:
// glibc skips a line it cannot parse (add_prefixlist, the scopev4 case) and keeps the others, so a
// bad line is listed as unreadable and the rules around it still make the table.
import type { GaiConf, GaiRule, Parsed, Unreadable } from '../facts.ts'
import { isIPv4 } from '../../net/index.ts'
import { canonicalAddress, canonicalPrefix, excerpt } from './util.ts'

export const ABSENT = '@@absent@@'

/** scopev4 takes an IPv4 prefix, dotted (169.254.0.0/16) or mapped with a length of 96 or more (::ffff:169.254.0.0/112). */
function scopev4Prefix(text: string): string | undefined {
  const [addr = '', len, extra] = text.split('/')
  if (extra !== undefined || (len !== undefined && !/^\d+$/.test(len))) return undefined
  if (isIPv4(addr))
    return Number(len ?? 32) <= 32 ? canonicalPrefix(`::ffff:${addr}/${Number(len ?? 32) + 96}`) : undefined
  const mapped = canonicalAddress(addr)?.address.includes('.') // mixed notation: IPv4-mapped
  return mapped && Number(len ?? 128) >= 96 ? canonicalPrefix(text) : undefined
}

export function parseGaiConf(raw: string): Parsed<GaiConf> {
  if (raw.trim() === ABSENT) return { value: { present: false, rules: [] }, unreadable: [] }
  const conf: GaiConf = { present: true, rules: [] }
  const unreadable: Unreadable[] = []
  raw.split('\n').forEach((text, i) => {
    const line = (text.split('#')[0] ?? '').trim() // glibc: '#' starts a comment anywhere
    if (line === '') return
    const bad = (why: string) => void unreadable.push({ source: 'gai.conf', line: i + 1, excerpt: excerpt(text), why })
    const [kw = '', a, b] = line.split(/\s+/)
    if (kw === 'reload') {
      if (a !== 'yes' && a !== 'no') return bad('reload takes yes or no')
      conf.reload = a === 'yes'
    } else if (kw === 'precedence' || kw === 'label' || kw === 'scopev4') {
      if (a === undefined || b === undefined) return bad(`${kw} takes a prefix and a value`)
      const prefix = kw === 'scopev4' ? scopev4Prefix(a) : canonicalPrefix(a)
      if (!prefix || (kw !== 'scopev4' && isIPv4(a.split('/')[0] ?? ''))) return bad(`bad prefix ${JSON.stringify(a)}`)
      if (!/^\d+$/.test(b)) return bad(`bad value ${JSON.stringify(b)}`)
      const rule: GaiRule = { kind: kw, prefix, value: Number(b), line: i + 1 }
      conf.rules.push(rule)
    } else bad(`unknown keyword ${JSON.stringify(kw)}`)
  })
  return { value: conf, unreadable }
}
