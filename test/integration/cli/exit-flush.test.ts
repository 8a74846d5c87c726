// The whole output reaches a reader that is slow to drain it. Under tsx the pipe is shared with
// tsx's own parent process, which makes it non-blocking, and process.exit then drops what the pipe
// had not taken: the tail of `list` went missing in CI under load. Here the reader sleeps a second
// before it reads: 1 MiB written and process.exit called delivers only the pipe's 64 KiB, and the
// CLI's exit (lib/cli/exit.ts) delivers all of it.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { ROOT } from './cli.ts'

const delivered = (how: 'exit' | 'flushed'): number => {
  const tsx = join(ROOT, 'node_modules/.bin/tsx')
  const child = join(ROOT, 'test/fixtures/cli/flush-child.ts')
  const r = spawnSync('sh', ['-c', `"$0" "$1" "$2" | { sleep 1; wc -c; }`, tsx, child, how], {
    encoding: 'utf8',
    timeout: 50_000,
  })
  expect(r.status, r.stderr).toBe(0)
  return Number(r.stdout.trim())
}

test('1 MiB written, then the CLI exits: a reader that waits a second still gets all of it', () => {
  expect(delivered('flushed')).toBe(1 << 20)
})

test('the condition is real: process.exit at once loses what the pipe had not taken', () => {
  expect(delivered('exit')).toBeLessThan(1 << 20)
})
