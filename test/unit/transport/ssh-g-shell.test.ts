// The shell that runs every host's `ssh -G`, on the real /bin/sh: arguments are data, answers come
// back in order with their stdout, stderr and status, and an idle shell does not hold a run open.
import { describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { CommandShell, fitsLines, takeAnswers } from '../../../lib/transport/ssh-g-shell.ts'

describe('CommandShell', () => {
  const shell = new CommandShell(10_000)

  it('passes each argument as it is: spaces, quotes, backslashes and $(...) are data', async () => {
    const args = ['a b', "it's", 'back\\slash', '$(touch /tmp/v6ready-pwned)', '-n', '', '  lead']
    const r = await shell.run(['printf', '[%s]\\n', ...args])
    expect(r).toEqual({ status: 0, stdout: args.map((a) => `[${a}]\n`).join(''), stderr: '' })
  })

  it('answers concurrent queries in order, each with its own stderr and status', async () => {
    const rs = await Promise.all([
      shell.run(['sh', '-c', 'echo out1; echo err1 >&2; exit 3']),
      shell.run(['printf', 'no newline']),
      shell.run(['sh', '-c', 'echo err2 >&2; echo "line two" >&2']),
    ])
    expect(rs).toEqual([
      { status: 3, stdout: 'out1\n', stderr: 'err1' },
      { status: 0, stdout: 'no newline', stderr: '' },
      { status: 0, stdout: '', stderr: 'err2\nline two' },
    ])
  })

  it('a command that is not installed is status 127', async () => {
    expect((await shell.run(['v6ready-no-such-command', '-G'])).status).toBe(127)
  })

  it('refuses an argument with a line break, which could start a new query', async () => {
    expect(fitsLines(['ssh', 'a\nb'])).toBe(false)
    await expect(shell.run(['printf', 'x\n1\necho'])).rejects.toThrow(/line break/)
  })

  it('a query that outlives its bound fails, and the next one gets a fresh shell', async () => {
    const slow = new CommandShell(300)
    await expect(slow.run(['sleep', '5'])).rejects.toThrow(/no answer within 0.3 s/)
    expect((await slow.run(['printf', 'again'])).stdout).toBe('again')
  })

  it('an idle shell does not keep the process from ending', () => {
    const child = fileURLToPath(new URL('../../fixtures/transport/ssh-g-shell-child.ts', import.meta.url))
    const out = execFileSync(process.execPath, ['--import', 'tsx', child], { encoding: 'utf8', timeout: 30_000 })
    expect(out).toBe('answered: hello\n')
  })
})

describe('takeAnswers', () => {
  const t = '@@v6ready-0123'
  it('keeps an answer still being written for the next chunk', () => {
    const r = takeAnswers(`a\n${t} stderr\n\n${t} exit 0\nb\n${t} std`, t)
    expect(r.answers).toEqual([{ status: 0, stdout: 'a\n', stderr: '' }])
    expect(r.rest).toBe(`b\n${t} std`)
  })
})
