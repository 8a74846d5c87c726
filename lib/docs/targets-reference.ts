// docs/targets.md from the zod schema itself, so the reference cannot drift from what `validate`
// accepts: every key path with its type, allowed values, default and bounds.
import { z } from 'zod'
import { MAX_ALIASES, MAX_VALUES } from '../targets/load.ts'
import { Target } from '../targets/schema.ts'
import { bytesText, TARGETS_INPUT } from '../util/input-file.ts'

interface Json {
  type?: string | string[]
  enum?: unknown[]
  const?: unknown
  default?: unknown
  properties?: Record<string, Json>
  required?: string[]
  additionalProperties?: Json | boolean
  propertyNames?: Json
  items?: Json
  anyOf?: Json[]
  minimum?: number
  maximum?: number
  minItems?: number
  maxItems?: number
  pattern?: string
}

const show = (v: unknown) => `\`${JSON.stringify(v)}\``

function typeOf(s: Json): string {
  if (s.anyOf) return s.anyOf.map(typeOf).join(' or ')
  if (s.const !== undefined) return show(s.const)
  if (s.enum) return s.enum.map(show).join(' \\| ')
  if (s.type === 'array') return `list of ${s.items ? typeOf(s.items) : 'values'}`
  if (s.type === 'object' && !s.properties && typeof s.additionalProperties === 'object')
    return `map of ${typeOf(s.additionalProperties)}`
  return [s.type ?? 'any'].flat().join(' or ')
}

function notes(s: Json, required: boolean): string {
  const n: string[] = []
  if (required) n.push('required')
  if (s.default !== undefined) n.push(`default ${show(s.default)}`)
  const lo = s.minimum
  const hi = s.maximum !== undefined && s.maximum < Number.MAX_SAFE_INTEGER ? s.maximum : undefined
  if (lo !== undefined || hi !== undefined) n.push(`${lo ?? ''}…${hi ?? ''}`)
  if (s.minItems) n.push(`at least ${s.minItems}`)
  if (s.maxItems !== undefined) n.push(`at most ${s.maxItems}`)
  return n.join(', ')
}

function rows(s: Json, path: string, required: boolean, out: string[][]): void {
  if (path) out.push([`\`${path}\``, typeOf(s), notes(s, required)])
  const nested = s.anyOf?.find((x) => x.type === 'array' || x.type === 'object')
  const t = nested ?? s
  if (t.properties)
    for (const [k, v] of Object.entries(t.properties))
      rows(v, path ? `${path}.${k}` : k, t.required?.includes(k) ?? false, out)
  else if (t.type === 'array' && t.items?.properties) rows({ ...t.items, type: 'object' }, `${path}[]`, false, out)
  else if (t.type === 'object' && typeof t.additionalProperties === 'object' && t.additionalProperties.properties)
    rows(t.additionalProperties, `${path}.<name>`, false, out)
}

export function targetsReference(): string {
  const schema = z.toJSONSchema(Target, { unrepresentable: 'any', io: 'input' }) as Json
  const out: string[][] = []
  rows(schema, '', false, out)
  // An array's own row is followed by its items' rows, which repeat the path with [].
  const table = out.filter((r, i) => !(r[0]?.endsWith('[]`') && out[i - 1]?.[0] === r[0].replace('[]`', '`')))
  return [
    '# Targets file reference',
    '',
    '<!-- Generated from lib/targets/schema.ts by `npm run docs`; do not edit. -->',
    '',
    'Each target sits under `targets.<name>`. Host settings override role settings, which override',
    'target settings (docs/design.md §4). `targets.example.yaml` shows every key in use, with comments.',
    'Any string may hold `${VAR}` or `${VAR:-default}`; an unset VAR is an error.',
    `A targets file may weigh ${bytesText(TARGETS_INPUT.maxBytes)}; a bigger one is refused before it is parsed (${TARGETS_INPUT.tooBig}).`,
    `Its anchors may be used ${MAX_ALIASES.toLocaleString('en')} times, and expand it to ${MAX_VALUES.toLocaleString('en')} values at most (README, "Input limits").`,
    '',
    '| key | type | notes |',
    '|---|---|---|',
    ...table.map((r) => `| ${r.join(' | ')} |`),
    '',
  ].join('\n')
}
