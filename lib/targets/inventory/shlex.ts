// Python's shlex.split(line, comments=True) in POSIX mode, which Ansible's INI inventory uses for a
// host line (ansible/plugins/inventory/ini.py). `#` ends the line outside quotes, even inside a word.

export function shlexSplit(line: string): string[] {
  const out: string[] = []
  let token = ''
  let quoted = false
  let inToken = false
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
      if (inToken) out.push(token)
      token = ''
      quoted = false
      inToken = false
    } else if (c === '#') {
      break
    } else if (c === '\\') {
      const n = line[++i]
      if (n === undefined) throw new Error('No escaped character')
      token += n
      inToken = true
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1)
      if (end < 0) throw new Error('No closing quotation')
      token += line.slice(i + 1, end)
      i = end
      quoted = true
      inToken = true
    } else if (c === '"') {
      let j = i + 1
      for (; j < line.length && line[j] !== '"'; j++) {
        // In double quotes a backslash escapes only `"` and `\`; before anything else it stays.
        if (line[j] === '\\' && (line[j + 1] === '"' || line[j + 1] === '\\')) token += line[++j]
        else token += line[j]
      }
      if (j >= line.length) throw new Error('No closing quotation')
      i = j
      quoted = true
      inToken = true
    } else {
      token += c
      inToken = true
    }
  }
  if (inToken && (token !== '' || quoted)) out.push(token)
  return out
}
