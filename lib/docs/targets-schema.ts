// targets.schema.json, generated from the zod schema (the one `validate` applies), so that editors
// (yaml-language-server, from the `# yaml-language-server: $schema=` line of targets.example.yaml)
// complete keys and flag typos as they are typed. What JSON Schema cannot say (an aligned prefix, an
// IPv6 literal, a known role) is left to `v6ready validate`.
import { z } from 'zod'
import { TargetsFileObject } from '../targets/schema.ts'

export function targetsJsonSchema(): string {
  const schema = z.toJSONSchema(TargetsFileObject, {
    io: 'input',
    unrepresentable: 'any',
    target: 'draft-07',
  }) as Record<string, unknown>
  const { $schema, ...rest } = schema
  return `${JSON.stringify(
    {
      $schema,
      title: 'v6ready targets file',
      description:
        'Generated from lib/targets/schema.ts by `npm run docs`; `v6ready validate` checks what a schema cannot (addresses, prefixes, roles).',
      ...rest,
      // Top-level x- keys hold YAML anchors; the loader drops them before validating.
      patternProperties: { '^x-': {} },
    },
    null,
    2,
  )}\n`
}
