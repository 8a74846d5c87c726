// The INI syntax of NetworkManager keyfiles and systemd .network files: `[Section]`, `Key=Value`,
// comments starting with # or ;. Not lib/config/ini.ts: that one reads as oslo.config does (a
// [DEFAULT] section, `key: value`, indented continuation lines, quotes removed), which these
// files do not mean.

export interface IniEntry {
  section: string
  key: string
  value: string
  line: number
}

export function ini(text: string): IniEntry[] {
  const out: IniEntry[] = []
  let section = ''
  text.split('\n').forEach((l, i) => {
    const t = l.trim()
    if (t === '' || t.startsWith('#') || t.startsWith(';')) return
    const s = /^\[([^\]]+)\]$/.exec(t)
    if (s) section = s[1]!.trim()
    else {
      const eq = t.indexOf('=')
      if (eq > 0) out.push({ section, key: t.slice(0, eq).trim(), value: t.slice(eq + 1).trim(), line: i + 1 })
    }
  })
  return out
}

/** The last value of section.key (later lines override), with its line. */
export const last = (e: IniEntry[], section: string | string[], key: string): IniEntry | undefined =>
  e
    .filter((x) => (Array.isArray(section) ? section.includes(x.section) : x.section === section) && x.key === key)
    .at(-1)
