// Exit hard once the output is out. A pipe that another process shares (tsx's parent, a CI log
// collector) can be non-blocking, and then process.exit drops whatever the reader had not taken yet
// (nodejs/node#6456): `list` piped under load lost its last lines. An empty write's callback runs
// after every earlier write on that stream has been handed to the kernel.

/** How long a reader that never drains may hold the exit. */
const FLUSH_LIMIT_MS = 10_000

export function exitWhenFlushed(code: number): void {
  process.exitCode = code
  let left = 2
  const done = () => {
    if (--left === 0) process.exit(code)
  }
  setTimeout(() => process.exit(code), FLUSH_LIMIT_MS).unref()
  for (const stream of [process.stdout, process.stderr]) stream.write('', done)
}
