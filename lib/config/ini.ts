// ini files the way oslo.config reads them (oslo_config/iniparser.py), which is how every OpenStack
// service reads cinder.conf, nova.conf, neutron.conf:
// - `[section]`; `key = value` or `key: value`, split at whichever of = and : comes first;
// - a comment is a line that starts with # or ; (no inline comments: `x = a # b` holds "a # b");
// - a line that starts with whitespace continues the previous value; a blank line ends it;
// - one pair of matching quotes around a value is removed.
// Values may reference other options as $name or ${name} ($$ is a dollar), looked up in the same
// section, then [DEFAULT]: `glance_api_servers = http://$my_ip:9292` is broken exactly when my_ip
// is an IPv6 address, so judges see the substituted text.
import { isPortKey, roleOfKey, servicePorts } from './keys.ts'
import { keyBind } from './listen-options.ts'
import { isUrl, tokens, type ConfigValue, type ParsedConfig } from './values.ts'

interface Entry {
  section: string
  key: string
  /** The value's lines: the first beside the key, then continuations. */
  lines: { line: number; text: string }[]
}

export function iniEntries(text: string): Entry[] {
  const entries: Entry[] = []
  let section = 'DEFAULT'
  let current: Entry | undefined
  text.split('\n').forEach((raw, i) => {
    const line = raw.trimEnd()
    if (line === '') {
      current = undefined
      return
    }
    if (/^[ \t]/.test(line)) {
      current?.lines.push({ line: i + 1, text: line.trimStart() })
      return
    }
    current = undefined
    if (line.startsWith('[')) {
      if (line.endsWith(']') && line.length > 2) section = line.slice(1, -1)
      return
    }
    if (line.startsWith('#') || line.startsWith(';')) return
    const colon = line.indexOf(':')
    const equal = line.indexOf('=')
    if (colon < 0 && equal < 0) return // oslo: invalid assignment; the service would refuse the file
    const at = colon < 0 || (equal >= 0 && equal < colon) ? equal : colon
    const key = line.slice(0, at).trim()
    let value = line.slice(at + 1).trim()
    if (value.length > 1 && value[0] === value.at(-1) && (value[0] === '"' || value[0] === "'"))
      value = value.slice(1, -1)
    if (!key) return
    current = { section, key, lines: [{ line: i + 1, text: value }] }
    entries.push(current)
  })
  return entries
}

function interpolator(entries: Entry[]): (text: string, section: string) => string {
  const values = new Map<string, string>()
  // Later assignments win, as in oslo.config.
  for (const e of entries) values.set(`${e.section}\0${e.key}`, e.lines.map((l) => l.text).join('\n'))
  const lookup = (name: string, section: string): string | undefined => {
    const dot = name.indexOf('.')
    if (dot > 0) return values.get(`${name.slice(0, dot)}\0${name.slice(dot + 1)}`)
    return values.get(`${section}\0${name}`) ?? values.get(`DEFAULT\0${name}`)
  }
  const substitute = (text: string, section: string, depth: number): string =>
    depth > 5
      ? text
      : text.replace(
          /\$(\$|\{([A-Za-z_][\w.]*)\}|([A-Za-z_][\w]*(?:\.[A-Za-z_]\w*)?))/g,
          (m, _all: string, braced?: string, bare?: string) => {
            if (m === '$$') return '$'
            const v = lookup(braced ?? bare ?? '', section)
            return v === undefined ? m : substitute(v, section, depth + 1)
          },
        )
  return (text, section) => substitute(text, section, 0)
}

/** `path` names the file, for the keys whose meaning depends on it (listen-options.ts). */
export function parseIni(text: string, path?: string): ParsedConfig {
  const entries = iniEntries(text)
  const interpolate = interpolator(entries)
  const portsOf = new Map<string, number[]>()
  for (const e of entries) {
    const n = Number(e.lines[0]?.text)
    if (isPortKey(e.key) && Number.isInteger(n) && n > 0 && n < 65536)
      portsOf.set(e.section, [...(portsOf.get(e.section) ?? []), n])
  }
  const values: ConfigValue[] = []
  for (const e of entries) {
    const ports = [
      ...new Set([...servicePorts(e.key), ...(portsOf.get(e.section) ?? []), ...(portsOf.get('DEFAULT') ?? [])]),
    ]
    const b = keyBind('ini', e.key, e.section, path)
    for (const l of e.lines)
      for (const written of tokens(l.text)) {
        const t = interpolate(written, e.section)
        values.push({
          line: l.line,
          key: e.key,
          context: `[${e.section}]`,
          text: t,
          ...(t !== written && { written }),
          role: isUrl(t) ? 'url' : (b.role ?? roleOfKey(e.key)),
          ...(b.bind && { bind: true, unit: `[${e.section}] ${b.unitKey}` }),
          ...(b.rule && { bindRule: b.rule }),
          ...(ports.length && { ports }),
        })
      }
  }
  return { values, units: [] }
}
