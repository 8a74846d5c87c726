// Python's ast.literal_eval for the values of an INI inventory, as Ansible applies it
// (ini.py _parse_value): a value that is a Python literal becomes that value (23 an int, True a
// bool, "'a#b'" the string a#b, [1, 2] a list); anything else stays the text as written, a
// trailing `# comment` included. Python's own rules decide what is a literal: 022 is not (a
// SyntaxError in Python 3), so it stays the string "022"; 1-2 is not either.

export type PyValue = string | number | boolean | null | PyValue[] | { [k: string]: PyValue }

class NotLiteral extends Error {}

class Reader {
  i = 0
  readonly s: string
  constructor(s: string) {
    this.s = s
  }
  peek(): string | undefined {
    return this.s[this.i]
  }
  /** Blanks, line continuations and a `#` comment are Python's whitespace. */
  skip(): void {
    for (;;) {
      const c = this.s[this.i]
      if (c === ' ' || c === '\t' || c === '\f') this.i++
      else if (c === '#') this.i = this.s.length
      else return
    }
  }
  eat(c: string): boolean {
    this.skip()
    if (this.s[this.i] !== c) return false
    this.i++
    return true
  }
}

const ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
  '0': '\0',
  '\n': '',
}

function str(r: Reader): string {
  let raw = false
  const prefix = /^([rRuU]?)(['"])/.exec(r.s.slice(r.i))
  if (!prefix) throw new NotLiteral()
  raw = /[rR]/.test(prefix[1] as string)
  r.i += (prefix[1] as string).length
  const q = prefix[2] as string
  const triple = r.s.startsWith(q.repeat(3), r.i)
  const end = triple ? q.repeat(3) : q
  r.i += end.length
  let out = ''
  for (;;) {
    if (r.i >= r.s.length) throw new NotLiteral()
    if (r.s.startsWith(end, r.i)) {
      r.i += end.length
      return out
    }
    const c = r.s[r.i++] as string
    if (c === '\n' && !triple) throw new NotLiteral()
    if (c !== '\\' || raw) {
      out += c
      if (c === '\\' && raw && r.s[r.i] !== undefined) out += r.s[r.i++] // r'\'' keeps both
      continue
    }
    const e = r.s[r.i++]
    if (e === undefined) throw new NotLiteral()
    if (e in ESCAPES) out += ESCAPES[e]
    else if (e === 'x' || e === 'u' || e === 'U') {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8
      const hex = r.s.slice(r.i, r.i + n)
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) throw new NotLiteral()
      out += String.fromCodePoint(parseInt(hex, 16))
      r.i += n
    } else if (/[0-7]/.test(e)) {
      const oct = /^[0-7]{0,2}/.exec(r.s.slice(r.i))?.[0] ?? ''
      out += String.fromCharCode(parseInt(e + oct, 8))
      r.i += oct.length
    } else out += `\\${e}` // Python keeps an unknown escape as written
  }
}

const NUMBER =
  /^(?:0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|(?:(?:[0-9](?:_?[0-9])*)?\.[0-9](?:_?[0-9])*|[0-9](?:_?[0-9])*\.?)(?:[eE][+-]?[0-9](?:_?[0-9])*)?)(?![0-9A-Za-z_.])/

function num(r: Reader): number {
  const m = NUMBER.exec(r.s.slice(r.i))
  if (!m) throw new NotLiteral()
  const t = m[0].replaceAll('_', '')
  r.i += m[0].length
  if (/^0[xob]/i.test(t)) return Number(t.toLowerCase())
  // A decimal integer may not start with 0 unless it is all zeros (Python 3).
  if (/^0[0-9]+$/.test(t) && !/^0+$/.test(t)) throw new NotLiteral()
  return Number(t)
}

function value(r: Reader): PyValue {
  r.skip()
  const c = r.peek()
  if (c === undefined) throw new NotLiteral()
  if (c === '[' || c === '(') {
    const close = c === '[' ? ']' : ')'
    r.i++
    const items: PyValue[] = []
    let sawComma = false
    while (!r.eat(close)) {
      if (items.length && !sawComma) throw new NotLiteral()
      items.push(value(r))
      sawComma = r.eat(',')
    }
    // (x) is x itself; (x,) and () are tuples, which Ansible then shows as lists.
    if (c === '(' && items.length === 1 && !sawComma) return items[0] as PyValue
    return items
  }
  if (c === '{') {
    r.i++
    const o: Record<string, PyValue> = {}
    let first = true
    while (!r.eat('}')) {
      if (!first && !r.eat(',')) throw new NotLiteral()
      first = false
      if (r.eat('}')) break
      const k = value(r)
      if (!r.eat(':')) throw new NotLiteral() // a set: not a value Ansible can show
      if (typeof k === 'object' && k !== null) throw new NotLiteral()
      o[String(k === true ? 'True' : k === false ? 'False' : k === null ? 'None' : k)] = value(r)
    }
    return o
  }
  if (c === '-' || c === '+') {
    r.i++
    r.skip()
    const n = num(r)
    return c === '-' ? -n : n
  }
  for (const [word, v] of [
    ['True', true],
    ['False', false],
    ['None', null],
  ] as const) {
    if (r.s.startsWith(word, r.i) && !/[0-9A-Za-z_]/.test(r.s[r.i + word.length] ?? '')) {
      r.i += word.length
      return v
    }
  }
  if (/[0-9.]/.test(c)) return num(r)
  // Adjacent strings concatenate: 'a' "b" is 'ab'.
  let s = str(r)
  for (;;) {
    const save = r.i
    r.skip()
    if (/^[rRuU]?['"]/.test(r.s.slice(r.i))) s += str(r)
    else {
      r.i = save
      return s
    }
  }
}

/** The value of `text` as Python's ast.literal_eval reads it, or the text itself when it is not a literal. */
export function literalEval(text: string): PyValue {
  try {
    const r = new Reader(text.trim())
    const v = value(r)
    r.skip()
    if (r.i !== r.s.length) return text
    return v
  } catch (e) {
    if (e instanceof NotLiteral) return text
    throw e
  }
}
