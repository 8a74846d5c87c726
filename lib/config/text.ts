// A file of no known format: every token is a value. Lines starting with #, ; or // are comments
// (the common conventions); `key=value` tokens give their value. A value's key is the option flag
// before it on its line (memcached.conf's `-l 127.0.0.1`, sysconfig's `OPTIONS="-l ::1"`), else the
// line's first word (Apache's `Listen 0.0.0.0:80`): what the listen-option table looks up.
import { keyBind } from './listen-options.ts'
import { isUrl, tokens, type ConfigValue, type ParsedConfig } from './values.ts'

// sshd_config's `ListenAddress 0.0.0.0`, a unit file's `ExecStart=… --bind 0.0.0.0`: where the table
// knows no key, a wildcard address anywhere in the file is taken for a bind (bind-any judges the
// file as a whole).
const WILDCARD = /^(0\.0\.0\.0|::|\[::\]|\*)(:\d+)?$|^:::\d+$/
const FLAG = /^--?[A-Za-z][\w-]*$/
const unquote = (t: string): string => t.replace(/^["']+|["']+$/g, '')

export function parseText(text: string, path?: string): ParsedConfig {
  const values: ConfigValue[] = []
  text.split('\n').forEach((line, i) => {
    if (/^\s*(#|;|\/\/)/.test(line)) return
    const words = tokens(line)
    const first = words[0] ?? ''
    const lead = isUrl(first) || first.indexOf('=') < 0 ? first : first.slice(0, first.indexOf('='))
    let flag: string | undefined
    words.forEach((tok, n) => {
      const eq = isUrl(tok) ? -1 : tok.indexOf('=')
      const t = eq >= 0 ? unquote(tok.slice(eq + 1)) : tok
      const key = eq > 0 ? tok.slice(0, eq) : n === 0 ? '' : (flag ?? lead)
      if (FLAG.test(t)) flag = t
      if (!t) return
      const b = key ? keyBind('text', key, undefined, path) : undefined
      const known = b?.rule?.by === 'table'
      const bind = known ? b.bind : WILDCARD.test(t) && t !== '*'
      values.push({
        line: i + 1,
        key,
        context: 'file',
        text: t,
        role: isUrl(t) ? 'url' : known ? (b.role ?? 'free') : 'free',
        ...(bind && { bind: true, unit: 'file' }),
        ...(known ? { bindRule: b.rule } : bind && { bindRule: { by: 'wildcard' as const } }),
      })
    })
  })
  return { values, units: [] }
}
