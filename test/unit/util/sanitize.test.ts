import { describe, expect, test } from 'vitest'
import { clip, oneLine, sanitizeText } from '../../../lib/util/sanitize.ts'

describe('sanitizeText', () => {
  test.for([
    // Terminal escapes are shown, never interpreted: ESC becomes `\x1b` and the rest stays as text.
    ['SGR colour', 'a \x1b[31mred\x1b[0m b', 'a \\x1b[31mred\\x1b[0m b'],
    ['CSI with private parameters', '\x1b[?25lhidden cursor', '\\x1b[?25lhidden cursor'],
    ['clear screen and home', '\x1b[2J\x1b[H', '\\x1b[2J\\x1b[H'],
    ['tput sgr0 (nF charset escape, then CSI)', 'x\x1b(B\x1b[my', 'x\\x1b(B\\x1b[my'],
    [
      'OSC 8 hyperlink, BEL-terminated',
      '\x1b]8;;http://e.x\x07link\x1b]8;;\x07',
      '\\x1b]8;;http://e.x\\x07link\\x1b]8;;\\x07',
    ],
    ['OSC window title, ST-terminated', '\x1b]0;title\x1b\\text', '\\x1b]0;title\\x1b\\text'],
    ['NUL, BEL, VT, FF', '\x00\x07\x0b\x0c', '\\x00\\x07\\x0b\\x0c'],
    ['a CR that ends no line (it would overwrite the line)', 'ok\rFAKE', 'ok\\x0dFAKE'],
    ['DEL and C1 (8-bit CSI)', '\x7f\x9b', '\\x7f\\x9b'],
    [
      'right-to-left override and the other bidi controls',
      'a\u202eb\u2066c\u2069d\u200fe\u061c',
      'a\\u202eb\\u2066c\\u2069d\\u200fe\\u061c',
    ],
    ['word joiner and BOM', '\u2060\ufeff', '\\u2060\\ufeff'],
    ['lone surrogates, both halves', 'x\ud800y\udfffz', 'x\\ud800y\\udfffz'],
    ['noncharacters U+FFFE/U+FFFF', '\ufffe\uffff', '\\ufffe\\uffff'],
    ['every ]]>, not only the first', 'a]]>b]]>c]]>', 'a]]\u200b>b]]\u200b>c]]\u200b>'],
  ] as const)('%s', ([, input, want]) => {
    expect(sanitizeText(input)).toBe(want)
  })

  test('keeps what XML allows: tab, newlines, emoji (a surrogate pair), accents', () => {
    const s = 'tab\there\r\nnext\nété 😀 ∅'
    expect(sanitizeText(s)).toBe(s)
  })

  test('is idempotent', () => {
    const s = 'a\x00]]>\x1b[1mb\ud800'
    expect(sanitizeText(sanitizeText(s))).toBe(sanitizeText(s))
  })
})

describe('oneLine', () => {
  test('collapses every kind of line break and the indentation around it', () => {
    expect(oneLine('  a\n   b\r\nc\rd\u2028e  ')).toBe('a b c d e')
  })
  test('leaves inner spacing alone', () => {
    expect(oneLine('a  b\tc')).toBe('a  b\tc')
  })
})

describe('clip', () => {
  test('marks what it cut and never splits a surrogate pair', () => {
    expect(clip('abcdef', 4)).toBe('abc…')
    expect(clip('abc', 4)).toBe('abc')
    expect(clip('😀😀😀', 2)).toBe('😀…')
  })
})
