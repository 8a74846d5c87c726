#!/usr/bin/env node
// The installed command: runs the CLI compiled to JavaScript (bin/compile.js), built on first use
// after any change of the sources.
import { compiled } from './compile.js'

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
