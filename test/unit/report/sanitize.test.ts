import { describe, expect, test } from 'vitest'
import { clip, oneLine, sanitizeText } from '../../../lib/report/sanitize.ts'

describe('sanitizeText', () => {
  test.for([
    ['SGR colour', 'a \x1b[31mred\x1b[0m b', 'a red b'],
    ['CSI with private parameters', '\x1b[?25lhidden cursor\x1b[?25h', 'hidden cursor'],
    ['tput sgr0 (nF charset escape, then CSI)', 'x\x1b(B\x1b[my', 'xy'],
    ['OSC 8 hyperlink, BEL-terminated', '\x1b]8;;http://e.x\x07link\x1b]8;;\x07', 'link'],
    ['OSC title, ST-terminated', '\x1b]0;title\x1b\\text', 'text'],
    ['a lone ESC stays visible', 'a\x1bb', 'a\\x1bb'],
    ['NUL, BEL, VT, FF', '\x00\x07\x0b\x0c', '\\x00\\x07\\x0b\\x0c'],
    ['DEL and C1 (8-bit CSI)', '\x7f\x9b', '\\x7f\\x9b'],
    ['lone surrogates, both halves', 'x\ud800y\udfffz', 'x\\ud800y\\udfffz'],
    ['noncharacters U+FFFE/U+FFFF', '\ufffe\uffff', '\\ufffe\\uffff'],
    ['every ]]>, not only the first', 'a]]>b]]>c]]>', 'a]]\u200b>b]]\u200b>c]]\u200b>'],
    ['a ]]> that only appears once ANSI is stripped', ']]\x1b[0m>', ']]\u200b>'],
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
