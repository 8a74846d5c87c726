// Commands on the machine running the suite, with the same contract as the ssh transport.
import { execa } from 'execa'
import { TransportError, type ExecOptions, type ExecResult, type Transport } from './types.ts'

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return
  try {
    process.kill(-pid, 'SIGKILL')
  } catch {
    // already gone
  }
}

export function localTransport(): Transport {
  return {
    label: 'local',
    async exec(command: string, opts: ExecOptions): Promise<ExecResult> {
      const t0 = performance.now()
      const sub = execa('sh', ['-c', command], {
        input: opts.stdin ?? '', // never inherit our stdin: a command that reads it must see EOF
        env: { LC_ALL: 'C' },
        encoding: 'buffer', // so maxBuffer counts bytes, not characters
        maxBuffer: opts.maxBytes, // execa stops reading past it and keeps the first maxBytes
        stripFinalNewline: false, // same bytes as over ssh
        reject: false,
        // Own process group: dash does not exec the last command, so killing only `sh` on timeout
        // would leave e.g. `sleep` holding the pipe open, and the exec would wait for it (measured: 5 s
        // for `sleep 5` with execa's own timeout).
        detached: true,
      })
      let timedOut = false
      const timer = setTimeout(() => {
        timedOut = true
        killGroup(sub.pid)
      }, opts.timeoutMs)
      const r = await sub
      clearTimeout(timer)
      if (r.failed && r.exitCode === undefined && r.signal === undefined && !timedOut && !r.isMaxBuffer)
        throw new TransportError(
          'protocol',
          `local: cannot run sh: ${r.shortMessage}`,
          { host: 'local', address: 'local', port: 0 },
          { cause: r },
        )
      const text = (b: Uint8Array | undefined) =>
        b ? Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8') : ''
      return {
        code: r.exitCode ?? null,
        ...(r.signal ? { signal: r.signal } : {}),
        stdout: text(r.stdout),
        stderr: text(r.stderr),
        truncated: r.isMaxBuffer,
        timedOut,
        durationMs: performance.now() - t0,
      }
    },
    async close() {},
  }
}
