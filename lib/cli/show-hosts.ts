// The hosts a target resolves to, as `validate` and `list` show them: where each is reached, as whom,
// its roles, and the inventory it came from, so an inventory's effect is seen before a run.
import { relative } from 'node:path'
import type { TargetsFile } from '../targets/schema.ts'
import { resolveTarget, type ResolvedHost, type ResolvedTarget } from '../targets/resolve.ts'

const shown = (p: string) => {
  const r = relative(process.cwd(), p)
  return r.startsWith('..') ? p : r
}

/** `ctl1  2001:db8::11  user stack, port 2222, become sudo  roles controllers  from inventory.ini`. */
export function hostLine(h: ResolvedHost): string {
  const s = h.ssh
  const how = [
    s?.user && `user ${s.user}`,
    s?.port !== undefined && `port ${s.port}`,
    s?.become && `become ${s.become}`,
  ]
    .filter(Boolean)
    .join(', ')
  return [
    h.name,
    h.address ?? '(local)',
    how,
    h.roles.length ? `roles ${h.roles.join(', ')}` : '',
    h.from ? `from ${h.from.replace(/^(\S+)/, (p) => shown(p))}` : '',
  ]
    .filter(Boolean)
    .join('  ')
}

export function hostLines(t: ResolvedTarget, indent = '  '): string[] {
  return t.hosts.map((h) => `${indent}${hostLine(h)}`)
}

/** validate: per target, its hosts, and what its inventory left out. */
export function targetSummary(f: TargetsFile, name: string): string[] {
  const t = resolveTarget(f, name)
  return [
    `${name}: ${t.hosts.length} host${t.hosts.length === 1 ? '' : 's'}`,
    ...hostLines(t, '  '),
    ...(f.inventoryNotes?.[name] ?? []).map((n) => `  not a host: ${n}`),
  ]
}
