// Structural mutations of a real JSON document, the ways a hand edit or a hostile file would change
// it: a value of the wrong type, a key removed, a key added (`__proto__`, `constructor` and
// friends included, as own keys, as JSON.parse makes them), an entry repeated.
import fc from 'fast-check'

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json }

export const HOSTILE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '',
  '../../../tmp/x',
]

const value: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(
    null,
    true,
    false,
    0,
    -1,
    1.5,
    1e308,
    '',
    ' ',
    '../../../tmp/x',
    '/etc/passwd',
    '__proto__',
    'constructor',
    [],
    {},
    [null],
    [{}],
    JSON.parse('{"__proto__": {"polluted": "yes"}}') as Json,
  ),
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
)

/**
 * Sets an own property, even `__proto__` (a plain assignment would replace the prototype instead).
 * The value goes in as a fresh copy (through JSON, which keeps an own `__proto__`): the arbitrary's
 * constants are shared, and a later edit must not change them, nor put one inside itself.
 */
function put(o: { [k: string]: Json }, k: string, v: Json): void {
  Object.defineProperty(o, k, { value: fresh(v), enumerable: true, writable: true, configurable: true })
}

const fresh = (v: Json): Json => JSON.parse(JSON.stringify(v)) as Json

const children = (n: Json): [string | number, Json][] =>
  Array.isArray(n) ? n.map((v, i) => [i, v]) : typeof n === 'object' && n !== null ? Object.entries(n) : []

/** The container at the end of a walk that takes child `steps[i] % count` at each level. */
function walk(doc: Json, steps: readonly number[]): Json {
  let node = doc
  for (const s of steps) {
    const c = children(node)
    const next = c[s % Math.max(1, c.length)]?.[1]
    if (next === undefined || children(next).length === 0) break
    node = next
  }
  return node
}

type Edit = (doc: Json) => void

const edit: fc.Arbitrary<Edit> = fc.oneof(
  // A value replaced: the wrong type, a hostile string, a random document.
  fc.tuple(fc.array(fc.nat(), { maxLength: 8 }), fc.nat(), value).map(
    ([steps, i, v]): Edit =>
      (doc) => {
        const node = walk(doc, steps)
        const c = children(node)
        const key = c[i % Math.max(1, c.length)]?.[0]
        if (key === undefined) return
        if (Array.isArray(node)) node[key as number] = fresh(v)
        else if (typeof node === 'object' && node !== null) put(node, key as string, v)
      },
  ),
  // A key or an entry removed.
  fc.tuple(fc.array(fc.nat(), { maxLength: 8 }), fc.nat()).map(
    ([steps, i]): Edit =>
      (doc) => {
        const node = walk(doc, steps)
        const c = children(node)
        const key = c[i % Math.max(1, c.length)]?.[0]
        if (key === undefined) return
        if (Array.isArray(node)) node.splice(key as number, 1)
        else if (typeof node === 'object' && node !== null) delete node[key as string]
      },
  ),
  // A key added: a hostile name or a random one.
  fc
    .tuple(
      fc.array(fc.nat(), { maxLength: 8 }),
      fc.oneof(fc.constantFrom(...HOSTILE_KEYS), fc.string({ maxLength: 8 })),
      value,
    )
    .map(
      ([steps, k, v]): Edit =>
        (doc) => {
          const node = walk(doc, steps)
          if (typeof node === 'object' && node !== null && !Array.isArray(node)) put(node, k, v)
        },
    ),
  // An entry repeated (a host or a record twice).
  fc.tuple(fc.array(fc.nat(), { maxLength: 8 }), fc.nat()).map(
    ([steps, i]): Edit =>
      (doc) => {
        const node = walk(doc, steps)
        if (Array.isArray(node) && node.length) node.push(structuredClone(node[i % node.length] as Json))
      },
  ),
)

/** The seed document with 1–4 structural edits, as JSON text. */
export function mutatedJson(seed: string): fc.Arbitrary<string> {
  return fc.array(edit, { minLength: 1, maxLength: 4 }).map((edits) => {
    const doc = JSON.parse(seed) as Json
    for (const e of edits) e(doc)
    return JSON.stringify(doc)
  })
}

/** Paths of every own `__proto__` key in a value: none may survive a reader. */
export function protoKeys(v: unknown, path = ''): string[] {
  if (typeof v !== 'object' || v === null) return []
  const own = Object.hasOwn(v, '__proto__') ? [`${path}.__proto__`] : []
  return [...own, ...Object.entries(v).flatMap(([k, x]) => protoKeys(x, `${path}.${k}`))]
}
