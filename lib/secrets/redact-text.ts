// Secrets in text from outside (config files, command lines, login noise, HTTP bodies), masked by
// the key that names them before the text is stored, judged or shown. Line numbers stay, and so
// does everything the judges read: keys, hosts, ports, brackets. Format-agnostic on purpose: ini,
// YAML (block and flow), JSON, XML, env files, systemd units, nginx and haproxy share these shapes,
// and a missed format must not mean a leaked password.
import { isSecretKey } from './keys.ts'

export const MASK = '***'
/** Where a whole value is replaced: quoted, so YAML does not read `***` as an alias and JSON stays JSON. */
const QUOTED_MASK = `"${MASK}"`

// `key = value`, `key: value`, `"key": value`, `- key: value`, `key => value`, and directives
// `key value` (nginx, haproxy), at the start of a line.
const KEY_LINE = /^(\s*(?:-\s+)?)(["']?)([A-Za-z_][\w.-]*)\2(\s*(?:=>|[=:])\s*|\s+)(.*)$/
// The same shape anywhere in a line: flow mappings ({password: x}), JSON on one line, XML
// attributes, `a=1 password=x`, `Environment="DB_PASSWORD=x"`, query strings. Only the key and its
// separator are matched: the value is measured by hand (quotes, escapes, brackets), so one match
// never swallows the next key.
const INLINE_KEY = /(?<![\w.-])(["']?)([A-Za-z_][\w.-]*)\1(\s*(?:=>|[=:])[ \t]*)/g
// Command-line flags: --password=x, --db-password x, -password x.
const FLAG = /(?<![\w-])--?([A-Za-z][\w.-]*)(=|[ \t]+)/g
// Header names followed by a blank rather than `:` (nginx proxy_set_header, haproxy set-header).
const HEADER_WS = /(?<![\w-])((?:[A-Z][A-Za-z0-9]*-)+[A-Za-z0-9]+|Authorization|Cookie)([ \t]+)(?=\S)/g
// <password>x</password>, <ns:password attr="a">x</ns:password>, CDATA included.
const XML = /<((?:[\w.-]+:)?([A-Za-z_][\w.-]*))(\s[^<>]*)?>((?:<!\[CDATA\[[\s\S]*?\]\]>|[^<])*)(<\/\1\s*>)?/g
const URL_START = /[A-Za-z][A-Za-z0-9+.-]*:\/\//g
// A part of a host list that ends in `@host[:port]`, and one that starts with `user:`.
const HOST_END = /@(\[[^\]@]*\](:\d+)?|[A-Za-z0-9._:%-]+)$/
const USERINFO_START = /^[^@:/?#]+:[^@]+@/
const AUTH_SCHEME = /^(Basic|Bearer|Token|Digest|Negotiate|OAuth|Key|ApiKey|SharedAccessSignature|AWS4-HMAC-SHA256)$/i
const BLOCK_SCALAR = /^[|>][-+0-9]*\s*(#.*)?$/
const PEM_BEGIN = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/
const PEM_END = /-----END [A-Z0-9 ]*PRIVATE KEY-----/

const indentOf = (line: string): number => /^\s*/.exec(line)?.[0].length ?? 0

/**
 * The index of the quote that closes the one at `i`, or -1. A backslash escapes in double quotes
 * (JSON, YAML, ini); a doubled quote is one quote inside single quotes (YAML's `'it''s'`).
 */
export function closingQuote(s: string, i: number): number {
  const q = s[i]
  for (let j = i + 1; j < s.length; j++) {
    const c = s[j]
    if (q === '"' && c === '\\') j++
    else if (c === q) {
      if (q === "'" && s[j + 1] === "'") j++
      else return j
    }
  }
  return -1
}

/** The matching `]` or `}` of the bracket at `i`, skipping quoted text; -1 when the line ends first. */
function closingBracket(s: string, i: number): number {
  let depth = 0
  for (let j = i; j < s.length; j++) {
    const c = s[j]
    if (c === '"' || c === "'") {
      const k = closingQuote(s, j)
      if (k < 0) return -1
      j = k
    } else if (c === '[' || c === '{') depth++
    else if (c === ']' || c === '}') if (--depth === 0) return j
  }
  return -1
}

/** A flow list or map (`["a", "b"]`, `{db: x}`): each item or value masked, keys and brackets kept. */
const maskFlow = (value: string): string =>
  value.replace(/("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s,[\]{}:"']+)(?=\s*[,\]}])/g, QUOTED_MASK)

interface Masked {
  text: string
  /** A quoted value that the line did not close: it goes on until this quote. */
  open?: string
}

/** A value that runs to the end of the line: its quotes kept, a trailing `;` or `,` kept (nginx, JSON). */
function maskValue(value: string): Masked {
  const q = value[0]
  if (q === '"' || q === "'") {
    const close = closingQuote(value, 0)
    return close < 0 ? { text: `${q}${MASK}`, open: q } : { text: `${q}${MASK}${value.slice(close)}` }
  }
  const tail = /\s*[;,]\s*$/.exec(value)?.[0] ?? ''
  return { text: value.trim() === '' ? value : `${QUOTED_MASK}${tail}` }
}

/** A line inside a secret's block: values masked, JSON/YAML punctuation and nested keys kept. */
function maskNested(line: string): string {
  const body = line.trim()
  if (body === '' || /^[[\]{},]*$/.test(body)) return line
  const k = KEY_LINE.exec(line)
  if (k && /[=:]/.test(k[4] ?? '')) {
    const value = k[5] ?? ''
    return /^[[{]/.test(value) || value === '' ? line : `${k[1]}${k[2]}${k[3]}${k[2]}${k[4]}${maskValue(value).text}`
  }
  const item = /^(\s*-\s+)(.*)$/.exec(line)
  if (item) return `${item[1]}${maskValue(item[2] ?? '').text}`
  return `${line.slice(0, indentOf(line))}${maskValue(body).text}`
}

/**
 * `scheme://user:password@host`: the password (or a bare token as user) masked, in every host of a
 * list (oslo.messaging's `rabbit://u:p@h1,u:p@h2/`). The userinfo ends at the LAST `@` before the
 * host, since SQLAlchemy and others take `mysql://u:ab/cd@h/db` unencoded.
 */
function maskUserinfo(line: string): string {
  let out = ''
  let last = 0
  for (const m of line.matchAll(URL_START)) {
    const start = m.index + m[0].length
    if (start < last) continue
    const before = line[m.index - 1]
    // The URL runs to a blank, to the quote it was opened with, or to markup around it.
    const stop = before === '"' || before === "'" ? new RegExp(`[\\s<>${before}]`) : /[\s<>]/
    const end = start + (stop.exec(line.slice(start))?.index ?? line.length - start)
    // oslo.messaging lists hosts as `u:p@h1:5672,u:p@h2:5672`; any other comma is the password's own.
    const merged: string[] = []
    for (const p of line.slice(start, end).split(',')) {
      const prev = merged[merged.length - 1]
      if (prev !== undefined && !(HOST_END.test(prev) && USERINFO_START.test(p)))
        merged[merged.length - 1] = `${prev},${p}`
      else merged.push(p)
    }
    const masked = merged.map((part) => {
      const at = part.lastIndexOf('@')
      if (at < 0) return part
      const userinfo = part.slice(0, at)
      // `[2001:db8::1]/a@b` is a host and a path; `h/~u@x` a path without userinfo.
      if (userinfo.startsWith('[') || (userinfo.includes('/') && !userinfo.includes(':'))) return part
      const colon = userinfo.indexOf(':')
      return `${colon < 0 ? MASK : `${userinfo.slice(0, colon)}:${MASK}`}${part.slice(at)}`
    })
    out += line.slice(last, start) + masked.join(',')
    last = end
  }
  return out + line.slice(last)
}

/** Where an unquoted value that starts at `i` ends; `openAt` is the quote the key itself sits in. */
function plainEnd(line: string, i: number, openAt: number | undefined, query: boolean): number {
  if (openAt !== undefined) {
    // `"X-Auth-Token: x"`, `Environment="DB_PASSWORD=x y"`: the value runs to the closing quote.
    const close = closingQuote(line, openAt)
    return close < 0 ? line.length : Math.max(i, close)
  }
  const stop = query ? /[\s&#"']/ : /[\s,;}\])]/
  const n = stop.exec(line.slice(i))?.index
  return n === undefined ? line.length : i + n
}

/** The value after a secret key at `i`: its span and what replaces it, or undefined to leave it. */
function valueAt(
  line: string,
  i: number,
  keyStart: number,
  quotedKey: boolean,
): { end: number; text: string } | undefined {
  const c = line[i]
  if (c === undefined || line.startsWith(MASK, i) || line.startsWith(QUOTED_MASK, i)) return undefined
  if (c === '"' || c === "'") {
    const close = closingQuote(line, i)
    // `"Basic dXNl…"`: the scheme stays, the credential goes.
    const scheme = /^(\S+)[ \t]+\S/.exec(line.slice(i + 1, close < 0 ? undefined : close))?.[1] ?? ''
    const kept = AUTH_SCHEME.test(scheme) ? `${scheme} ` : ''
    return close < 0
      ? { end: line.length, text: `${c}${kept}${MASK}` }
      : { end: close + 1, text: `${c}${kept}${MASK}${c}` }
  }
  // A URL's scheme, a nested map (its keys are matched on their own), a block scalar.
  if (line.startsWith('//', i) || c === '{' || c === '|' || c === '>') return undefined
  if (c === '[') {
    const close = closingBracket(line, i)
    return close < 0
      ? { end: line.length, text: `[${MASK}` }
      : { end: close + 1, text: maskFlow(line.slice(i, close + 1)) }
  }
  const lead = line[keyStart - 1]
  const openAt = !quotedKey && (lead === '"' || lead === "'") ? keyStart - 1 : undefined
  const query = lead === '?' || lead === '&'
  let end = plainEnd(line, i, openAt, query)
  if (end === i) return undefined
  // `Authorization: Bearer x`: the scheme stays, the credential after it goes.
  const word = line.slice(i, end).split(/[ \t]/)[0] ?? ''
  const gap = /^[ \t]+(?=\S)/.exec(line.slice(i + word.length))?.[0]
  if (AUTH_SCHEME.test(word) && gap !== undefined) {
    const from = i + word.length + gap.length
    end = Math.max(from, openAt === undefined ? plainEnd(line, from, undefined, query) : end)
    return { end, text: `${line.slice(i, from)}${MASK}` }
  }
  return { end, text: openAt !== undefined || query ? MASK : QUOTED_MASK }
}

/** Every match of `re` whose key is a secret gets its value masked; scanning goes on after each value. */
function maskAfter(
  line: string,
  re: RegExp,
  keyOf: (m: RegExpExecArray) => string,
  quoted: (m: RegExpExecArray) => boolean,
): string {
  let out = ''
  let last = 0
  re.lastIndex = 0
  for (let m = re.exec(line); m; m = re.exec(line)) {
    const start = m.index + m[0].length
    if (!isSecretKey(keyOf(m))) continue
    const v = valueAt(line, start, m.index, quoted(m))
    if (!v) continue
    out += line.slice(last, start) + v.text
    last = v.end
    re.lastIndex = Math.max(v.end, start + 1)
  }
  return out + line.slice(last)
}

function maskXml(line: string): { text: string; close?: string } {
  let close: string | undefined
  const text = line.replace(
    XML,
    (m, tag: string, name: string, attrs: string | undefined, value: string, end: string | undefined, at: number) => {
      if (!isSecretKey(name)) return m
      // An element left open at the end of the line goes on to its closing tag.
      if (end === undefined && at + m.length === line.length) close = `</${tag}`
      else if (end === undefined || value === '') return m
      return `<${tag}${attrs ?? ''}>${value.trim() === '' ? value : MASK}${end ?? ''}`
    },
  )
  return close === undefined ? { text } : { text, close }
}

function maskInline(line: string): { text: string; close?: string } {
  let l = maskUserinfo(line)
  l = maskAfter(
    l,
    INLINE_KEY,
    (m) => m[2] ?? '',
    (m) => (m[1] ?? '') !== '',
  )
  l = maskAfter(
    l,
    FLAG,
    (m) => m[1] ?? '',
    () => false,
  )
  l = maskAfter(
    l,
    HEADER_WS,
    (m) => m[1] ?? '',
    () => false,
  )
  l = l
    .replace(/^(\s*stats\s+auth\s+[^:\s]+:)(\S+)/, `$1${MASK}`) // haproxy: stats auth user:password
    .replace(/^(\s*user\s+\S+\s+(?:password|insecure-password)\s+)(\S+)/, `$1${MASK}`) // haproxy userlist: user x password HASH
    .replace(/(-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----).*?(-----END [A-Z0-9 ]*PRIVATE KEY-----)/g, `$1${MASK}$2`)
  return maskXml(l)
}

/** One text with its secrets masked; the same number of lines. */
export function redactText(text: string): string {
  const out: string[] = []
  // While > -1: lines indented deeper than this belong to a secret's value (block scalar, ini continuation, nested map).
  let under = -1
  let inPem = false
  // A quoted secret, or a secret XML element, that goes on past its first line: masked until it closes.
  let openQuote: string | undefined
  let xmlClose: string | undefined
  for (const line of text.split('\n')) {
    if (inPem) {
      if (PEM_END.test(line)) {
        inPem = false
        out.push(line)
      } else out.push(line.trim() === '' ? line : `${line.slice(0, indentOf(line))}${MASK}`)
      continue
    }
    if (openQuote !== undefined) {
      const close = closingQuote(`${openQuote}${line}`, 0)
      if (close < 0) {
        out.push(line.trim() === '' ? line : MASK)
        continue
      }
      out.push(`${MASK}${line.slice(close - 1)}`)
      openQuote = undefined
      continue
    }
    if (xmlClose !== undefined) {
      const at = line.indexOf(xmlClose)
      if (at < 0) {
        out.push(line.trim() === '' ? line : MASK)
        continue
      }
      out.push(`${MASK}${line.slice(at)}`)
      xmlClose = undefined
      continue
    }
    if (under >= 0) {
      if (line.trim() === '' || indentOf(line) > under) {
        out.push(maskNested(line))
        continue
      }
      under = -1
    }
    if (PEM_BEGIN.test(line) && !PEM_END.test(line)) inPem = true
    let l = line
    const k = KEY_LINE.exec(l)
    if (k && isSecretKey(k[3] ?? '')) {
      const value = k[5] ?? ''
      const head = `${k[1]}${k[2]}${k[3]}${k[2]}${k[4]}`
      const structured = /^[[{]/.test(value)
      const flowOnOneLine = structured && /[\]}]\s*,?\s*$/.test(value)
      if (flowOnOneLine) l = `${head}${maskFlow(value)}`
      else if (!structured && value !== '' && !BLOCK_SCALAR.test(value)) {
        const m = maskValue(value)
        l = `${head}${m.text}`
        openQuote = m.open
      }
      // Unquoted values continue on deeper lines (ini continuation, YAML plain scalars); so do blocks
      // and nested maps. Deeper than the key's own column: in `- password: x` siblings sit under `password`.
      if (!/^["']/.test(value) && !flowOnOneLine) under = (k[1] ?? '').length
    }
    const inline = maskInline(l)
    if (inline.close !== undefined) xmlClose = inline.close
    out.push(inline.text)
  }
  return out.join('\n')
}

/** A section as the observation script prints it: every part between fences redacted on its own, fences kept. */
export function redactSection(section: string): string {
  // Fences are the script's own lines (@@v6ready:<nonce>:config:…@@, and the parts' part: and rc:
  // fences): none of the rules touch them, and cutting at them keeps one file's continuation from
  // running into the next.
  return section
    .split(/(^@@v6ready:[a-z0-9]+:(?:config|part|rc):[^\n]*@@$)/m)
    .map((part, i) => (i % 2 === 1 ? part : redactText(part)))
    .join('')
}
