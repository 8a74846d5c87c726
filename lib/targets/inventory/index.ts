// Ansible inventories for targets: parse a file as ansible-core would (its `yaml` plugin for .yaml,
// .yml and .json, or an extensionless file that is a YAML mapping; its `ini` plugin otherwise).
import { extname } from 'node:path'
import { parse } from 'yaml'
import { parseIniInventory } from './ini.ts'
import type { Inventory } from './model.ts'
import { parseYamlInventory } from './yaml.ts'

export { InventoryError } from './ini.ts'
export { ansibleList, Inventory, type Vars } from './model.ts'

function looksLikeYamlMapping(text: string): boolean {
  try {
    const v = parse(text, { version: '1.1' }) as unknown
    return typeof v === 'object' && v !== null && !Array.isArray(v)
  } catch {
    return false
  }
}

/** Which of Ansible's two file plugins reads this file. */
export function inventoryFormat(path: string, text: string): 'yaml' | 'ini' {
  const ext = extname(path).toLowerCase()
  if (['.yaml', '.yml', '.json'].includes(ext)) return 'yaml'
  return ext === '' && looksLikeYamlMapping(text) ? 'yaml' : 'ini'
}

export function parseInventory(text: string, path: string): Inventory {
  return inventoryFormat(path, text) === 'yaml' ? parseYamlInventory(text, path) : parseIniInventory(text, path)
}
