// Read a recorded observation fixture (test/fixtures/observe/, made by capture.sh).
import { readFileSync } from 'node:fs'

export const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/observe/${name}`, import.meta.url), 'utf8')
