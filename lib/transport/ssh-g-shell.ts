// One shell per run that runs every host's `ssh -G`. Node forks its whole process for each spawn,
// and a run that holds 1,000 hosts' observations spent ~12 ms of its own CPU per fork; the shell is
// small, so its forks are cheap. Queries go one at a time, in order: `ssh -G` takes ~5 ms, far less
// than the SSH connection each one precedes. The I/O edge of ssh-config-source.ts.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { randomBytes } from 'node:crypto'

/** What one command gave: its exit status, stdout and stderr. 127 is the shell's "not found". */
export interface ShellResult {
  status: number
  stdout: string
  stderr: string
}

// Each query is a count line, then one line per argument: `read -r` keeps backslashes and IFS= the
// spaces, and an argument never reaches the shell's parser, so it cannot be a command. The command's
// stdout goes straight to ours (fd 3); its stderr is captured; both end with a marker line carrying a
// per-run random token, which no ssh output can guess.
const SCRIPT = `t=$1
while IFS= read -r n; do
  set --
  while [ "$n" -gt 0 ]; do IFS= read -r a; set -- "$@" "$a"; n=$((n - 1)); done
  { e=$("$@" </dev/null 2>&1 >&3 3>&-); } 3>&1
  s=$?
  printf '%s stderr\\n%s\\n%s exit %s\\n' "$t" "$e" "$t" "$s"
done`

interface Pending {
  resolve: (r: ShellResult) => void
  reject: (e: Error) => void
  timer: NodeJS.Timeout
}

/** Whether an argv can travel as lines: no line breaks and no NUL. */
export const fitsLines = (argv: string[]): boolean => argv.every((a) => !/[\n\r\0]/.test(a))

/** Cut complete answers off the front of `buf`: what is left is an answer still being written. */
export function takeAnswers(buf: string, token: string): { answers: ShellResult[]; rest: string } {
  const answers: ShellResult[] = []
  const exit = new RegExp(`(?:^|\\n)${token} exit (\\d+)\\n`)
  for (;;) {
    const m = exit.exec(buf)
    if (!m) return { answers, rest: buf }
    const body = buf.slice(0, m.index + (m[0].startsWith('\n') ? 1 : 0))
    const split = body.lastIndexOf(`${token} stderr\n`)
    answers.push({
      status: Number(m[1]),
      stdout: split < 0 ? body : body.slice(0, split),
      stderr: split < 0 ? '' : body.slice(split + token.length + 8).replace(/\n$/, ''),
    })
    buf = buf.slice(m.index + m[0].length)
  }
}

export class CommandShell {
  private child: ChildProcessWithoutNullStreams | undefined
  private readonly token = `@@v6ready-${randomBytes(8).toString('hex')}`
  private readonly queue: Pending[] = []
  private buf = ''

  private readonly timeoutMs: number

  constructor(timeoutMs: number) {
    this.timeoutMs = timeoutMs
  }

  private start(): ChildProcessWithoutNullStreams {
    const child = spawn('/bin/sh', ['-c', SCRIPT, 'sh', this.token], { stdio: 'pipe' })
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (chunk: string) => {
      if (this.child !== child) return
      const { answers, rest } = takeAnswers(this.buf + chunk, this.token)
      this.buf = rest
      for (const a of answers) {
        const p = this.queue.shift()
        if (!p) continue
        clearTimeout(p.timer)
        p.resolve(a)
      }
      if (!this.queue.length) this.hold(false)
    })
    child.stderr.resume()
    // Only the current shell's end fails the queue: one stopped on a timeout ends after its successor starts.
    const fail = (why: string) => this.child === child && this.stop(new Error(why))
    child.on('error', (e) => fail(`/bin/sh: ${e.message}`))
    child.on('exit', (code, signal) => fail(`the ssh -G shell ended (${signal ?? code})`))
    child.stdin.on('error', () => undefined) // a shell that died is reported by 'exit'
    return child
  }

  /** Held open while a query waits; idle, the shell must not keep the run from ending. */
  private hold(on: boolean): void {
    const c = this.child
    if (!c) return
    for (const h of [c, c.stdin, c.stdout, c.stderr] as { ref?: () => void; unref?: () => void }[])
      on ? h.ref?.() : h.unref?.()
  }

  /** Fail every query still waiting, and let the next one start a fresh shell. */
  private stop(e: Error): void {
    const child = this.child
    this.child = undefined
    this.buf = ''
    if (child && child.exitCode === null) child.kill()
    for (const p of this.queue.splice(0)) {
      clearTimeout(p.timer)
      p.reject(e)
    }
  }

  run(argv: string[]): Promise<ShellResult> {
    if (!fitsLines(argv)) return Promise.reject(new Error('an argument holds a line break'))
    this.child ??= this.start()
    const child = this.child
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => this.stop(new Error(`no answer within ${this.timeoutMs / 1000} s`)),
        this.timeoutMs,
      )
      timer.unref()
      this.queue.push({ resolve, reject, timer })
      this.hold(true)
      child.stdin.write(`${argv.length}\n${argv.map((a) => `${a}\n`).join('')}`)
    })
  }
}
