#!/usr/bin/env node
// The installed command: runs the CLI compiled to JavaScript (bin/compile.js), built on first use
// after any change of the sources.
import { setFlagsFromString } from 'node:v8'
import { compiled } from './compile.js'

// A run of 1,000 hosts holds ~150 MiB live in each of its two threads for a few seconds; V8's
// default growth lets each heap reach 3–4 times that before it collects (770 MiB of RSS, against
// 570 MiB with 30 %), at no measurable CPU (docs/performance.md, "Memory at 1,000 hosts").
setFlagsFromString('--heap-growing-percent=30')

let dir
try {
  dir = await compiled()
} catch (e) {
  console.error(e instanceof Error ? e.message : e)
  process.exit(2)
}
const { main } = await import(`${dir}/lib/cli/main.js`)
const { exitWhenFlushed } = await import(`${dir}/lib/cli/exit.js`)
exitWhenFlushed(await main(process.argv.slice(2)))
