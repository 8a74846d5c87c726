/** Every string leaf of a JSON-like value through `f`, keys kept; objects come out prototype-free. */
export function mapStrings(value: unknown, f: (s: string) => string): unknown {
  if (typeof value === 'string') return f(value)
  if (Array.isArray(value)) return value.map((x) => mapStrings(x, f))
  if (typeof value === 'object' && value !== null) {
    const out = Object.create(null) as Record<string, unknown>
    for (const [k, x] of Object.entries(value)) out[k] = mapStrings(x, f)
    return out
  }
  return value
}
