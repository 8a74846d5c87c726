// Ansible's INI inventory (ansible/plugins/inventory/ini.py), which is not plain INI: host lines are
// shell words (`host1 ansible_port=2222 note="a b"  # comment`), values are read as Python literals,
// `[g:children]` may name a group declared further down, and `;` starts a comment line too.
import { expandHostPattern } from './host-pattern.ts'
import { Inventory } from './model.ts'
import { literalEval } from './python-literal.ts'
import { shlexSplit } from './shlex.ts'

/** An inventory file Ansible would refuse, with the line, as ansible-inventory reports it. */
export class InventoryError extends Error {
  readonly file: string
  readonly line: number | undefined
  constructor(file: string, line: number | undefined, message: string) {
    super(`${file}${line !== undefined ? `:${line}` : ''}: ${message}`)
    this.name = 'InventoryError'
    this.file = file
    this.line = line
  }
}

const SECTION = /^\[([^:\]\s]+)(?::(\w+))?\]\s*(?:#.*)?$/
const GROUP_NAME = /^([^:\]\s]+)\s*(?:#.*)?$/

interface Pending {
  line: number
  state: 'vars' | 'children'
  parents: string[]
}

export function parseIniInventory(text: string, file: string, inv = new Inventory()): Inventory {
  const pending = new Map<string, Pending>()
  let group = 'ungrouped'
  let state = 'hosts'
  const lines = text.split(/\r\n|\r|\n/)
  const addPendingChildren = (g: string) => {
    const p = pending.get(g)
    if (!p) return
    for (const parent of p.parents) {
      inv.addChild(parent, g)
      if (pending.get(parent)?.state === 'children') addPendingChildren(parent)
    }
    pending.delete(g)
  }
  lines.forEach((raw, i) => {
    const n = i + 1
    const fail = (m: string): never => {
      throw new InventoryError(file, n, m)
    }
    const line = raw.trim()
    if (!line || line[0] === '#' || line[0] === ';') return
    const sec = SECTION.exec(line)
    if (sec) {
      group = sec[1] as string
      state = sec[2] ?? 'hosts'
      if (!['hosts', 'children', 'vars'].includes(state)) fail(`Section [${group}:${state}] has unknown type: ${state}`)
      if (!inv.hasGroup(group)) {
        // [g:vars] alone does not declare g; it must be declared somewhere in the file.
        if (state === 'vars' && !pending.has(group)) pending.set(group, { line: n, state: 'vars', parents: [] })
        inv.addGroup(group)
      }
      if (pending.has(group) && state !== 'vars') {
        if (pending.get(group)?.state === 'children') addPendingChildren(group)
        else pending.delete(group)
      }
      return
    }
    if (line.startsWith('[') && line.endsWith(']'))
      fail(
        `Invalid section entry: '${line}'. Please make sure that there are no spaces in the section entry, and that there are no other invalid characters`,
      )
    try {
      if (state === 'hosts') {
        const tokens = shlexSplit(line)
        const first = tokens[0] ?? ''
        const { hosts, port } = expandHostPattern(first)
        if (first.trim().endsWith(':') && port === undefined)
          fail(
            `Invalid host pattern '${first}' supplied, ending in ':' is not allowed, this character is reserved to provide a port.`,
          )
        const vars: Record<string, ReturnType<typeof literalEval>> = {}
        for (const t of tokens.slice(1)) {
          const eq = t.indexOf('=')
          if (eq < 0) fail(`Expected key=value host variable assignment, got: ${t}`)
          vars[t.slice(0, eq)] = literalEval(t.slice(eq + 1))
        }
        for (const h of hosts) {
          inv.addHost(h, group, port)
          for (const [k, v] of Object.entries(vars)) inv.setHostVar(h, k, v)
        }
      } else if (state === 'vars') {
        const eq = line.indexOf('=')
        if (eq < 0) fail(`Expected key=value, got: ${line}`)
        inv.setGroupVar(group, line.slice(0, eq).trim(), literalEval(line.slice(eq + 1).trim()))
      } else {
        const child = GROUP_NAME.exec(line)?.[1] ?? fail(`Expected group name, got: ${line}`)
        if (!inv.hasGroup(child)) {
          const p = pending.get(child)
          if (p) p.parents.push(group)
          else pending.set(child, { line: n, state: 'children', parents: [group] })
        } else inv.addChild(group, child)
      }
    } catch (e) {
      if (e instanceof InventoryError) throw e
      fail((e as Error).message)
    }
  })
  // A reference never resolved: Ansible reports the first.
  for (const [name, d] of pending) {
    if (d.state === 'vars')
      throw new InventoryError(file, d.line, `Section [${name}:vars] not valid for undefined group: ${name}`)
    throw new InventoryError(file, d.line, `Section [${d.parents.at(-1)}:children] includes undefined group: ${name}`)
  }
  inv.reconcile()
  return inv
}
