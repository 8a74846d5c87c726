// YAML and JSON (a JSON text is a YAML 1.2 document): every string scalar, with its line (through
// the parser's LineCounter) and the key it sits under, so `gateway:` and `dns:` keep their meaning.
// BOSH cloud configs and manifests, netplan, Docker's daemon.json.
import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Node } from 'yaml'
import { roleOfKey, servicePorts } from './keys.ts'
import { keyBind } from './listen-options.ts'
import { isUrl, tokens, type ConfigValue, type ParsedConfig } from './values.ts'

export function parseYaml(text: string, file?: string, format: 'yaml' | 'json' = 'yaml'): ParsedConfig {
  const lineCounter = new LineCounter()
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: false })
  const list = Array.isArray(docs) ? docs : [] // an empty stream
  const error = list.flatMap((d) => d.errors)[0]
  if (error)
    return {
      values: [],
      units: [],
      error: `line ${lineCounter.linePos(error.pos[0]).line}: ${error.message.split('\n')[0]}`,
    }
  const values: ConfigValue[] = []
  const walk = (node: unknown, path: string, key: string) => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue
        const k = isScalar(pair.key) ? String(pair.key.value) : ''
        walk(pair.value, path ? `${path}.${k}` : k, k)
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => walk(item, `${path}[${i}]`, key))
    } else if (isScalar(node) && typeof node.value === 'string') {
      const line = lineCounter.linePos((node as Node).range?.[0] ?? 0).line
      const ports = servicePorts(key)
      const b = keyBind(format, key, undefined, file)
      for (const t of tokens(node.value))
        values.push({
          line,
          key,
          context: path || '(top)',
          text: t,
          role: isUrl(t) ? 'url' : (b.role ?? roleOfKey(key)),
          ...(b.bind && { bind: true, unit: path }),
          ...(b.rule && { bindRule: b.rule }),
          ...(ports.length && { ports }),
        })
    }
  }
  for (const d of list) walk(d.contents, '', '')
  return { values, units: [] }
}
