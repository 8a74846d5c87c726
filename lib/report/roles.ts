// The matrix of a fleet, by role: at 1,000 hosts a row per host is a page nobody scrolls. Each
// role is a group of rows, the roles with the most failing subjects first; within a role the
// failing subjects come first, each in its own row, then any that had nothing judged (every check
// skipped or waived), and the ones that pass fold into a count (`312 hosts pass`), their names one
// click away.

/** Each host's roles, by host name, as RunInfo keeps them. */
export const rolesOf = (hosts: readonly { name: string; roles: readonly string[] }[]): Record<string, string[]> =>
  Object.fromEntries(hosts.map((h) => [h.name, [...h.roles]]))

/** The group a host's roles put it in: `compute`, or `controller, network` for a host with two. */
export const roleLabel = (roles: readonly string[] | undefined): string | undefined =>
  roles?.length ? roles.join(', ') : undefined

/** Where a subject goes in its role: a row of its own for a failure, and for nothing passed; else the fold. */
export type RowKind = 'failing' | 'unjudged' | 'passing'

export interface RoleGroup<R> {
  /** undefined: subjects without a role (every subject of the underlay and the overlay). */
  role: string | undefined
  /** Subjects with a failure, in the order given. */
  failing: R[]
  /** Subjects with no failure and nothing passed (every check skipped or waived): not folded as passing. */
  unjudged: R[]
  /** The rest: the count shown folded. */
  passing: R[]
}

const natural = new Intl.Collator('en', { numeric: true })

/**
 * Rows grouped by their subject's role: the roles with the most failing subjects first, then by
 * name, subjects without a role last among equals. Rows keep their order within a group.
 */
export function byRole<R extends { subject: string }>(
  rows: readonly R[],
  kind: (row: R) => RowKind,
  roles: Readonly<Record<string, readonly string[]>> = {},
): RoleGroup<R>[] {
  const groups = new Map<string | undefined, RoleGroup<R>>()
  for (const row of rows) {
    const role = roleLabel(Object.hasOwn(roles, row.subject) ? roles[row.subject] : undefined)
    let g = groups.get(role)
    if (!g) groups.set(role, (g = { role, failing: [], unjudged: [], passing: [] }))
    g[kind(row)].push(row)
  }
  return [...groups.values()].sort(
    (a, b) =>
      b.failing.length - a.failing.length ||
      Number(a.role === undefined) - Number(b.role === undefined) ||
      natural.compare(a.role ?? '', b.role ?? ''),
  )
}

/** The folded count: `312 hosts pass`, `1 subject passes`. */
export function passingText(n: number, noun: 'host' | 'subject'): string {
  return `${n} ${noun}${n === 1 ? '' : 's'} ${n === 1 ? 'passes' : 'pass'}`
}
