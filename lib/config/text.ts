// A file of no known format: every token is a value, and nothing says what it holds. Lines starting
// with #, ; or // are comments (the common conventions); `key=value` tokens give their value.
import { isUrl, tokens, type ConfigValue, type ParsedConfig } from './values.ts'

// sshd_config's `ListenAddress 0.0.0.0`, a unit file's `ExecStart=… --bind 0.0.0.0`: without keys,
// a wildcard address anywhere in the file is taken for a bind (bind-any judges the file as a whole).
const WILDCARD = /^(0\.0\.0\.0|::|\[::\]|\*)(:\d+)?$|^:::\d+$/

export function parseText(text: string): ParsedConfig {
  const values: ConfigValue[] = []
  text.split('\n').forEach((line, i) => {
    if (/^\s*(#|;|\/\/)/.test(line)) return
    for (const tok of tokens(line)) {
      const eq = isUrl(tok) ? -1 : tok.indexOf('=')
      const t = eq >= 0 ? tok.slice(eq + 1) : tok
      if (!t) continue
      const bind = WILDCARD.test(t) && t !== '*'
      values.push({
        line: i + 1,
        key: eq > 0 ? tok.slice(0, eq) : '',
        context: 'file',
        text: t,
        role: isUrl(t) ? 'url' : 'free',
        ...(bind && { bind: true, unit: 'file' }),
      })
    }
  })
  return { values, units: [] }
}
