import { describe, expect, test } from 'vitest'
import { colorWanted, settleColor } from '../../../lib/report/color.ts'

describe('colorWanted', () => {
  test.for([
    [{}, true, true],
    [{}, false, false],
    [{ CI: 'true' }, false, false], // a CI log is a pipe: CI alone never colours
    [{ TERM: 'dumb' }, true, false],
    [{ NO_COLOR: '1' }, true, false],
    [{ NO_COLOR: '' }, true, true], // no-color.org: only a non-empty value counts
    [{ FORCE_COLOR: '1' }, false, true],
    [{ FORCE_COLOR: '' }, false, true],
    [{ FORCE_COLOR: '0' }, true, false],
    [{ FORCE_COLOR: 'false' }, true, false],
    [{ NO_COLOR: '1', FORCE_COLOR: '1' }, true, false],
  ] as const)('%j on a %s terminal → %s', ([env, tty, want]) => {
    expect(colorWanted(env, tty)).toBe(want)
  })
})

describe('settleColor', () => {
  test("leaves the decision where Vitest's tinyrainbow reads it: the presence of NO_COLOR or FORCE_COLOR", () => {
    const pipe: NodeJS.ProcessEnv = { CI: 'true', FORCE_COLOR: '0' }
    expect(settleColor(pipe, false)).toBe(false)
    expect(pipe).toEqual({ CI: 'true', NO_COLOR: '1' })
    const tty: NodeJS.ProcessEnv = { NO_COLOR: '' }
    expect(settleColor(tty, true)).toBe(true)
    expect(tty).toEqual({ FORCE_COLOR: '1' })
  })
})
