// A bug in v6ready (an exception the CLI did not expect) is not a finding: exit 3, and one line
// that says so before the stack, so that CI (which takes 1 for findings) cannot mistake it.
import { afterEach, describe, expect, test, vi } from 'vitest'
import { main } from '../../../lib/cli/main.ts'

afterEach(() => vi.restoreAllMocks())

describe('an unexpected exception', () => {
  test('exits 3 with "internal error" and the stack, not 1 and a bare stack trace', async () => {
    // `explain` prints with console.log: make that throw as a bug would.
    vi.spyOn(console, 'log').mockImplementation(() => {
      throw new TypeError("Cannot read properties of undefined (reading 'x')")
    })
    const errors: string[] = []
    vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void errors.push(a.join(' ')))
    expect(await main(['explain', 'hosts.sysctl.accept-ra'])).toBe(3)
    expect(errors).toHaveLength(1)
    const [first, ...stack] = errors[0]!.split('\n')
    expect(first).toBe(
      "v6ready: internal error: Cannot read properties of undefined (reading 'x') (a bug in v6ready: please report it with the stack below)",
    )
    expect(stack[0]).toMatch(/^TypeError: Cannot read properties/)
    expect(stack.some((l) => /at explain .*commands\.ts/.test(l))).toBe(true)
  })

  test('usage errors still exit 2, with one line', async () => {
    const errors: string[] = []
    vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void errors.push(a.join(' ')))
    expect(await main(['explain', 'no.such.check'])).toBe(2)
    expect(errors).toEqual(['v6ready: unknown check "no.such.check" (v6ready list shows them)'])
  })
})
