// A target's hosts from an Ansible inventory. Each inventory host becomes a host entry: its address
// from ansible_host, its SSH port, user and key from ansible_port, ansible_user and
// ansible_ssh_private_key_file, `become: sudo` from ansible_become, and its roles from its groups: a
// group (or an ancestor group) whose name is a role of the target gives the host that role; any other
// group is only a group, and changes nothing. Pure: the caller reads the file.
import { isAbsolute, resolve } from 'node:path'
import { addressProblem, type HostSpec } from '../schema.ts'
import type { Inventory, Vars } from './model.ts'

export interface InventoryHost {
  spec: HostSpec
  /** The inventory file it came from, as the targets file names it (resolved). */
  from: string
}

export interface InventoryHosts {
  hosts: InventoryHost[]
  /** Hosts left out, and why (a connection v6ready does not make), for validate to show. */
  notes: string[]
  /** What makes the inventory unusable for this target; each names the inventory host. */
  problems: string[]
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/
/** Connections that are SSH to Ansible. */
const SSH_CONNECTIONS = new Set([
  'ssh',
  'paramiko',
  'paramiko_ssh',
  'smart',
  'ansible.builtin.ssh',
  'ansible.legacy.ssh',
])

const first = (v: Vars, ...keys: string[]) => keys.map((k) => v[k]).find((x) => x !== undefined && x !== null)
const truthy = (x: unknown) => x === true || (typeof x === 'string' && /^(true|yes|y|on|1)$/i.test(x)) || x === 1

export interface InventoryChoice {
  /** The inventory file, already resolved against the targets file. */
  path: string
  /** Only hosts in these groups (or their child groups). */
  groups?: string[]
}

export function inventoryHosts(inv: Inventory, choice: InventoryChoice, roles: readonly string[]): InventoryHosts {
  const out: InventoryHosts = { hosts: [], notes: [], problems: [] }
  const dir = resolve(choice.path, '..')
  for (const g of choice.groups ?? [])
    if (!inv.groups.has(g)) out.problems.push(`no group "${g}" in ${choice.path} (inventory.groups)`)
  for (const name of inv.hosts.keys()) {
    const groups = inv.groupsOf(name)
    if (choice.groups && !choice.groups.some((g) => groups.includes(g))) continue
    const v = inv.hostVars(name)
    const bad = (why: string) => out.problems.push(`host "${name}": ${why}`)
    const connection = first(v, 'ansible_connection')
    if (connection !== undefined && !SSH_CONNECTIONS.has(String(connection))) {
      out.notes.push(
        `${name}: ansible_connection=${String(connection)}, left out (v6ready reaches inventory hosts over SSH)`,
      )
      continue
    }
    if (!NAME.test(name)) {
      bad(
        `not a name v6ready can use for a host (letters, digits, "_", "." and "-"): give it a name and put the address in ansible_host`,
      )
      continue
    }
    const host = first(v, 'ansible_host', 'ansible_ssh_host') ?? name
    const address = typeof host === 'string' ? host : String(host)
    const p = addressProblem(address)
    if (p) bad(`ansible_host "${address}": ${p}`)
    const portRaw = first(v, 'ansible_port', 'ansible_ssh_port')
    const port = portRaw === undefined ? undefined : Number(portRaw)
    if (port !== undefined && !(Number.isInteger(port) && port >= 1 && port <= 65535))
      bad(`ansible_port ${JSON.stringify(portRaw)} is not a port`)
    const user = first(v, 'ansible_user', 'ansible_ssh_user')
    if (user !== undefined && !/^[^\s@:]+$/.test(String(user)))
      bad(`ansible_user ${JSON.stringify(user)} is not a user name`)
    const key = first(v, 'ansible_ssh_private_key_file', 'ansible_private_key_file')
    const identity =
      key === undefined
        ? undefined
        : String(key).startsWith('~') || isAbsolute(String(key))
          ? String(key)
          : resolve(dir, String(key))
    let become: 'sudo' | undefined
    if (truthy(first(v, 'ansible_become'))) {
      const method = String(first(v, 'ansible_become_method') ?? 'sudo')
      if (method === 'sudo') become = 'sudo'
      else bad(`ansible_become_method ${method}: v6ready becomes root only through sudo -n (become: sudo)`)
    }
    const ssh = {
      ...(port !== undefined && Number.isInteger(port) && { port }),
      ...(user !== undefined && { user: String(user) }),
      ...(identity !== undefined && { identity }),
      ...(become && { become }),
    }
    // Ansible's own order for variables (depth, priority, name): a deeper group's role applies later.
    const mine = inv.sortedGroupsOf(name).filter((g) => roles.includes(g))
    out.hosts.push({
      spec: { name, address, ...(mine.length && { roles: mine }), ...(Object.keys(ssh).length && { ssh }) } as HostSpec,
      from: choice.path,
    })
  }
  return out
}

/**
 * The target's hosts: the inventory's, each overridden key by key by the targets file's entry of the
 * same name (its `ssh` merged over the inventory's), then the targets file's other hosts.
 */
export function mergeHosts(
  fromInventory: readonly InventoryHost[],
  own: readonly HostSpec[],
): { spec: HostSpec; from?: string }[] {
  const byName = new Map(own.map((h) => [h.name, h]))
  const merged = fromInventory.map(({ spec, from }) => {
    const o = byName.get(spec.name)
    if (!o) return { spec, from }
    const ssh = spec.ssh || o.ssh ? { ...spec.ssh, ...o.ssh } : undefined
    return { spec: { ...spec, ...o, ...(ssh && { ssh }) }, from: `${from} and the targets file` }
  })
  const taken = new Set(fromInventory.map((h) => h.spec.name))
  return [...merged, ...own.filter((h) => !taken.has(h.name)).map((spec) => ({ spec }))]
}
