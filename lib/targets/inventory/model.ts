// An Ansible inventory as ansible-core builds it (ansible/inventory/data.py, group.py, host.py): groups
// with their hosts and child groups in the order they were added, the implicit `all` and `ungrouped`,
// variables on groups and hosts, and each host's variables combined as Ansible combines them:
// groups by depth, then ansible_group_priority, then name, the host's own last (inventory/helpers.py).
import type { PyValue } from './python-literal.ts'

export type Vars = Record<string, PyValue>

interface Group {
  name: string
  hosts: string[]
  children: string[]
  parents: string[]
  vars: Vars
  /** ansible_group_priority: kept apart from the variables, as group.py does. */
  priority: number
}

interface Host {
  name: string
  vars: Vars
  /** Groups the host was added to directly, in order. */
  groups: string[]
}

export class Inventory {
  readonly groups = new Map<string, Group>()
  readonly hosts = new Map<string, Host>()

  constructor() {
    this.addGroup('all')
    this.addGroup('ungrouped')
    this.addChild('all', 'ungrouped')
  }

  addGroup(name: string): void {
    if (!this.groups.has(name))
      this.groups.set(name, { name, hosts: [], children: [], parents: [], vars: {}, priority: 1 })
  }

  hasGroup(name: string): boolean {
    return this.groups.has(name)
  }

  /** Adds the host (with ansible_port when the entry named a port and the host is new) to the group. */
  addHost(name: string, group: string, port?: number): void {
    if (name === '') throw new Error('Invalid empty host name provided')
    let h = this.hosts.get(name)
    if (!h) {
      h = { name, vars: port !== undefined ? { ansible_port: port } : {}, groups: [] }
      this.hosts.set(name, h)
    }
    const g = this.group(group)
    if (!g.hosts.includes(name)) g.hosts.push(name)
    if (!h.groups.includes(group)) h.groups.push(group)
  }

  addChild(parent: string, child: string): void {
    const p = this.group(parent)
    const c = this.groups.get(child)
    if (!c) throw new Error(`${child} is not a known host nor group`)
    if (p.name === c.name) throw new Error(`can't add group ${child} to itself`)
    if (p.children.includes(child)) return
    if (this.ancestors(parent).has(child))
      throw new Error(`Adding group '${child}' as child to '${parent}' creates a recursive dependency loop.`)
    p.children.push(child)
    if (!c.parents.includes(parent)) c.parents.push(parent)
  }

  setGroupVar(group: string, key: string, value: PyValue): void {
    const g = this.group(group)
    if (key !== 'ansible_group_priority') g.vars[key] = value
    else {
      const n = Math.trunc(Number(value))
      if (!Number.isFinite(n)) throw new Error(`ansible_group_priority of ${group} is not an integer: ${String(value)}`)
      g.priority = n
    }
  }

  setHostVar(host: string, key: string, value: PyValue): void {
    const h = this.hosts.get(host)
    if (!h) throw new Error(`Could not identify group or host named ${host}`)
    h.vars[key] = value
  }

  private group(name: string): Group {
    const g = this.groups.get(name)
    if (!g) throw new Error(`${name} is not a known group`)
    return g
  }

  private ancestors(name: string, seen = new Set<string>()): Set<string> {
    for (const p of this.groups.get(name)?.parents ?? []) {
      if (seen.has(p)) continue
      seen.add(p)
      this.ancestors(p, seen)
    }
    return seen
  }

  /** data.py reconcile_inventory: every group under `all`, a host in no group but `all` in `ungrouped`, and out of it when it is in another. */
  reconcile(): void {
    for (const g of this.groups.values())
      if (g.name !== 'all' && this.ancestors(g.name).size === 0) this.addChild('all', g.name)
    const ungrouped = this.group('ungrouped')
    for (const h of this.hosts.values()) {
      const mine = this.groupsOf(h.name)
      if (mine.includes('ungrouped')) {
        if (mine.some((g) => g !== 'all' && g !== 'ungrouped')) {
          ungrouped.hosts = ungrouped.hosts.filter((x) => x !== h.name)
          h.groups = h.groups.filter((x) => x !== 'ungrouped')
        }
      } else if (mine.length === 0 || (mine.length === 1 && mine[0] === 'all')) this.addHost(h.name, 'ungrouped')
    }
  }

  /** The host's groups and all their ancestors (`all` included once the inventory is reconciled). */
  groupsOf(host: string): string[] {
    const h = this.hosts.get(host)
    if (!h) return []
    const out = new Set<string>()
    for (const g of h.groups) {
      out.add(g)
      for (const a of this.ancestors(g)) out.add(a)
    }
    return [...out]
  }

  /** Longest path from `all`: a child is deeper than each of its parents (group.py add_child_group). */
  depth(name: string): number {
    const g = this.groups.get(name)
    if (!g || g.parents.length === 0) return 0
    return Math.max(...g.parents.map((p) => this.depth(p) + 1))
  }

  private priority(name: string): number {
    return this.groups.get(name)?.priority ?? 1
  }

  /** The host's groups as Ansible sorts them for variables: depth, priority, name. */
  sortedGroupsOf(host: string): string[] {
    return this.groupsOf(host).sort(
      (a, b) => this.depth(a) - this.depth(b) || this.priority(a) - this.priority(b) || (a < b ? -1 : a > b ? 1 : 0),
    )
  }

  /** Variables as Ansible resolves them for the host: each group's over the one before, then the host's own. */
  hostVars(host: string): Vars {
    const out: Vars = {}
    for (const g of this.sortedGroupsOf(host)) Object.assign(out, this.groups.get(g)?.vars)
    Object.assign(out, this.hosts.get(host)?.vars)
    return out
  }
}

/** What `ansible-inventory -i FILE --list` prints: every group with its hosts and children, and `_meta.hostvars`. */
export function ansibleList(inv: Inventory): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  const seen = new Set<string>()
  const format = (name: string) => {
    const g = inv.groups.get(name)
    if (!g) return
    const entry: Record<string, unknown> = {}
    if (name !== 'all' && g.hosts.length) entry.hosts = [...g.hosts]
    if (g.children.length) entry.children = [...g.children]
    for (const c of g.children) {
      if (seen.has(c)) continue
      format(c)
      seen.add(c)
    }
    if (Object.keys(entry).length) out[name] = entry
  }
  format('all')
  const hostvars: Record<string, Vars> = {}
  for (const h of inv.hosts.keys()) {
    const v = inv.hostVars(h)
    if (Object.keys(v).length) hostvars[h] = v
  }
  out._meta = { hostvars }
  return out
}
