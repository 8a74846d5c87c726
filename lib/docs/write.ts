// npm run docs: writes the generated references and targets.schema.json; test/unit/docs checks that
// they are current.
import { writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { checkCatalog } from './check-catalog.ts'
import { targetsReference } from './targets-reference.ts'
import { targetsJsonSchema } from './targets-schema.ts'

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..')
export const DOCS = join(ROOT, 'docs')
/** Each generated file, by its path in the repository. */
export const GENERATED: Record<string, () => string> = {
  'docs/targets.md': targetsReference,
  'docs/checks.md': checkCatalog,
  'targets.schema.json': targetsJsonSchema,
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [file, make] of Object.entries(GENERATED)) writeFileSync(join(ROOT, file), make())
  console.log(`docs: wrote ${Object.keys(GENERATED).join(', ')}`)
}
