import { describe, expect, test } from 'vitest'
import { Progress, progressLine } from '../../../lib/cli/progress.ts'

describe('progressLine', () => {
  test('how many are done, and who is being waited on, the longest wait first and its time', () => {
    const running = new Map([
      ['cmp7', 3000],
      ['ctl1', 1000],
      ['vm1', 9000],
    ])
    expect(progressLine({ hosts: 200, done: new Set(['a', 'b']), running }, 9500)).toBe(
      'observed 2/200 hosts; waiting on ctl1, cmp7, vm1 for 8 s',
    )
    running.set('vm2', 9100)
    expect(progressLine({ hosts: 200, done: new Set(), running }, 9500)).toBe(
      'observed 0/200 hosts; waiting on ctl1, cmp7, vm1 +1 more for 8 s',
    )
    expect(progressLine({ hosts: 1, done: new Set(['h', 'the underlay']), running: new Map() }, 0)).toBe(
      'observed 1/1 host and the underlay',
    )
  })
})

describe('Progress', () => {
  const run = (terminal: boolean) => {
    const out: string[] = []
    let t = 0
    const p = new Progress(3, { write: (s) => void out.push(s), terminal, everyMs: 10, now: () => t })
    p.start('lab1', 32, true)
    return { out, p, at: (ms: number) => (t = ms) }
  }

  test('the first line at once, then a line each interval, then the total; plain in a log', async () => {
    const { out, p, at } = run(false)
    expect(out).toEqual(['v6ready: observing lab1: 3 hosts and the underlay\n'])
    p.started('ctl1')
    p.started('the underlay')
    p.done('the underlay')
    at(8000)
    await new Promise((r) => setTimeout(r, 40))
    expect(out.at(-1)).toBe('observed 0/3 hosts and the underlay; waiting on ctl1 for 8 s\n')
    p.done('ctl1')
    at(11_800)
    p.stop()
    expect(out.at(-1)).toBe('observed 1/3 hosts and the underlay in 11.8 s\n')
    for (const l of out) expect(l).not.toMatch(/[\x1b\r]/)
  })

  test('on a terminal, one line rewritten in place', async () => {
    const { out, p, at } = run(true)
    p.started('ctl1')
    at(2000)
    await new Promise((r) => setTimeout(r, 40))
    expect(out.at(-1)).toBe('\r\x1b[Kobserved 0/3 hosts; waiting on ctl1 for 2 s')
    p.stop()
    expect(out.at(-1)).toMatch(/^\r\x1b\[Kobserved 0\/3 hosts; waiting on ctl1 for 2 s in 2\.0 s\n$/)
  })
})
