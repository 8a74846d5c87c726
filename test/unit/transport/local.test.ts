import { describe, expect, it } from 'vitest'
import { localTransport } from '../../../lib/transport/local.ts'

const t = localTransport()
const opts = { timeoutMs: 5000, maxBytes: 1 << 20 }

describe('localTransport', () => {
  it('returns exit code, stdout and stderr without rejecting on failure', async () => {
    const r = await t.exec('echo out; echo err >&2; exit 3', opts)
    expect(r).toMatchObject({ code: 3, stdout: 'out\n', stderr: 'err\n', truncated: false, timedOut: false })
  })

  it('pipes stdin and runs with LC_ALL=C', async () => {
    expect((await t.exec('cat; echo "$LC_ALL"', { ...opts, stdin: 'hello\n' })).stdout).toBe('hello\nC\n')
  })

  it('gives an empty stdin when none is passed (no hang)', async () => {
    expect((await t.exec('wc -c', opts)).stdout.trim()).toBe('0')
  })

  it('bounds output at maxBytes per stream', async () => {
    const r = await t.exec('head -c 5000000 /dev/zero; echo done >&2', { ...opts, maxBytes: 1000 })
    expect(r.stdout).toHaveLength(1000)
    expect(r.truncated).toBe(true)
  })

  it('times out and kills the whole process group, not just sh', async () => {
    const r = await t.exec('sleep 30; echo never', { ...opts, timeoutMs: 300 })
    expect(r).toMatchObject({ timedOut: true, code: null, signal: 'SIGKILL', stdout: '' })
    expect(r.durationMs).toBeLessThan(2000)
  })
})
