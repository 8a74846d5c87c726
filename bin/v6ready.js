#!/usr/bin/env node
// The installed command: loads the TypeScript CLI through tsx (Node 20 cannot strip types).
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../lib/cli/main.ts')
process.exit(await main(process.argv.slice(2)))
