// The whole output reaches a reader that is slow to drain it. Under tsx the pipe is shared with
// tsx's own parent process, which makes it non-blocking; process.exit then dropped the tail of
// `list` (17 KB; seen in CI under load, and here every time: 15 KB arrived). The reader here pauses
// for a second before it reads at all.
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { ROOT } from './cli.ts'

test('a long list piped to a reader that pauses first arrives whole, ending with its host lines', async () => {
  const child = spawn(
    join(ROOT, 'node_modules/.bin/tsx'),
    [join(ROOT, 'lib/cli/main.ts'), 'list', '--targets', 'targets.example.yaml', '--target', 'lab1'],
    { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'inherit'] },
  )
  child.stdout.pause()
  await new Promise((r) => setTimeout(r, 1000))
  const chunks: Buffer[] = []
  child.stdout.on('data', (c: Buffer) => chunks.push(c))
  child.stdout.resume()
  const code = await new Promise<number | null>((r) => child.on('close', r))
  const out = Buffer.concat(chunks).toString('utf8')
  expect(code).toBe(0)
  expect(out).toMatch(/\d+ tests for target lab1/)
  expect(out.trimEnd().split('\n').at(-1)).toMatch(/^ {4}\S/)
}, 60_000)
