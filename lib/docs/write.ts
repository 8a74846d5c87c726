// npm run docs: writes the generated references; test/unit/docs checks that they are current.
import { writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { checkCatalog } from './check-catalog.ts'
import { targetsReference } from './targets-reference.ts'

export const DOCS = join(dirname(fileURLToPath(import.meta.url)), '../../docs')
export const GENERATED: Record<string, () => string> = { 'targets.md': targetsReference, 'checks.md': checkCatalog }

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [file, make] of Object.entries(GENERATED)) writeFileSync(join(DOCS, file), make())
  console.log(`docs: wrote ${Object.keys(GENERATED).join(', ')}`)
}
