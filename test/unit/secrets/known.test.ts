// The secrets the run holds are masked wherever they appear verbatim, in any of their encodings.
import { afterEach, describe, expect, test } from 'vitest'
import {
  forgetSecrets,
  maskKnown,
  maskKnownDeep,
  MIN_SECRET_LENGTH,
  rememberSecrets,
} from '../../../lib/secrets/known.ts'
import { safeJson } from '../../../lib/report/write.ts'

afterEach(forgetSecrets)

describe('maskKnown', () => {
  test('verbatim, URL-encoded and JSON-escaped: each form is masked', () => {
    rememberSecrets(['p@ss/wo"rd'])
    expect(maskKnown('a p@ss/wo"rd b')).toBe('a *** b')
    expect(maskKnown('url=p%40ss%2Fwo%22rd')).toBe('url=***')
    expect(maskKnown('{"x": "p@ss/wo\\"rd"}')).toBe('{"x": "***"}')
  })

  test('the longer of two secrets that share a part is masked whole', () => {
    rememberSecrets(['abcd', 'abcdefgh'])
    expect(maskKnown('abcdefgh abcd')).toBe('*** ***')
  })

  test(`a value shorter than ${MIN_SECRET_LENGTH} characters is not masked verbatim (it would mask ordinary words)`, () => {
    rememberSecrets(['abc', undefined, ''])
    expect(maskKnown('abc abcd')).toBe('abc abcd')
  })

  test('nothing remembered: the same text, the same object', () => {
    const o = { a: 'x' }
    expect(maskKnownDeep(o)).toBe(o)
  })

  test('every string of a record, keys kept; a "__proto__" key stays data', () => {
    rememberSecrets(['Tk-0123456789'])
    const parsed = JSON.parse(
      '{"a": ["Tk-0123456789"], "b": {"c": "x Tk-0123456789 y", "n": 3}, "__proto__": {"polluted": "Tk-0123456789"}}',
    ) as Record<string, unknown>
    const out = maskKnownDeep(parsed)
    expect(JSON.stringify(out)).toBe('{"a":["***"],"b":{"c":"x *** y","n":3},"__proto__":{"polluted":"***"}}')
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})

describe('safeJson', () => {
  test('bidi controls, C1 and line separators are written as escapes, and the value parses back the same', () => {
    const v = { s: 'a\u202eb\u2066c\u0085d\u2028e\ufeff', n: [1, 'x\x1b[31m'] }
    const text = safeJson(v)
    expect(text).not.toMatch(/[\u202e\u2066\u0085\u2028\ufeff\x1b]/)
    expect(text).toContain('a\\u202eb\\u2066c\\u0085d\\u2028e\\ufeff')
    expect(JSON.parse(text)).toEqual(v)
  })
})
