// Ansible's YAML inventory (ansible/plugins/inventory/yaml.py): top-level keys are groups, each with
// `hosts`, `vars` and `children`; a host entry may be a pattern with ranges and a port. Read as
// YAML 1.1, as Ansible's PyYAML does: yes/no are booleans, 0755 is an octal number.
import { isMap, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml'
import { expandHostPattern } from './host-pattern.ts'
import { InventoryError } from './ini.ts'
import { Inventory } from './model.ts'
import type { PyValue } from './python-literal.ts'

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

export function parseYamlInventory(text: string, file: string, inv = new Inventory()): Inventory {
  const lineCounter = new LineCounter()
  const doc: Document.Parsed = parseDocument(text, {
    version: '1.1',
    lineCounter,
    uniqueKeys: false,
    prettyErrors: false,
  })
  const [err] = doc.errors
  if (err)
    throw new InventoryError(
      file,
      lineCounter.linePos(err.pos[0]).line,
      `YAML syntax error: ${err.message.split('\n')[0]}`,
    )
  const data = doc.toJS({ maxAliasCount: 1000 }) as unknown
  if (!data) throw new InventoryError(file, undefined, 'Parsed empty YAML file')
  if (!isRecord(data))
    throw new InventoryError(file, undefined, `YAML inventory has invalid structure, it should be a dictionary`)
  if (data.plugin) throw new InventoryError(file, undefined, 'Plugin configuration YAML file, not YAML inventory')
  // Lines of the group and host keys, for messages.
  const lineOf = (path: string[]): number | undefined => {
    const node = doc.getIn(path, true) as Node | undefined
    const at = (isScalar(node) || isMap(node)) && node.range ? node.range[0] : undefined
    return at === undefined ? undefined : lineCounter.linePos(at).line
  }
  const parseGroup = (name: string, g: unknown, path: string[]): string => {
    if (!(isRecord(g) || g === null || g === undefined)) return name // Ansible warns and skips it
    inv.addGroup(name)
    if (!g) return name
    for (const section of ['vars', 'children', 'hosts'] as const) {
      const v = g[section]
      if (typeof v === 'string') g[section] = { [v]: null }
      else if (!(isRecord(v) || v === null || v === undefined))
        throw new InventoryError(
          file,
          lineOf([...path, section]),
          `Invalid "${section}" entry for "${name}" group, requires a dictionary, found "${Array.isArray(v) ? 'list' : typeof v}" instead.`,
        )
    }
    for (const [key, v] of Object.entries(g)) {
      if (!isRecord(v)) continue
      if (key === 'vars') for (const [k, x] of Object.entries(v)) inv.setGroupVar(name, k, x as PyValue)
      else if (key === 'children')
        for (const [sub, sg] of Object.entries(v)) {
          const child = parseGroup(sub, sg, [...path, 'children', sub])
          try {
            inv.addChild(name, child)
          } catch (e) {
            throw new InventoryError(file, lineOf([...path, 'children', sub]), (e as Error).message)
          }
        }
      else if (key === 'hosts')
        for (const [pattern, hv] of Object.entries(v)) {
          let hosts: string[]
          let port: number | undefined
          try {
            ;({ hosts, port } = expandHostPattern(pattern))
          } catch (e) {
            throw new InventoryError(file, lineOf([...path, 'hosts', pattern]), (e as Error).message)
          }
          if (!(isRecord(hv) || hv === null || hv === undefined))
            throw new InventoryError(
              file,
              lineOf([...path, 'hosts', pattern]),
              `Invalid data from file, expected dictionary for host ${pattern}`,
            )
          for (const h of hosts) {
            inv.addHost(h, name, port)
            for (const [k, x] of Object.entries(hv ?? {})) inv.setHostVar(h, k, x as PyValue)
          }
        }
    }
    return name
  }
  for (const [name, g] of Object.entries(data)) parseGroup(name, g, [name])
  inv.reconcile()
  return inv
}
