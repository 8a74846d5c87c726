// Judge of Neutron's bulk create (BulkNetworkOpsIpV6Test): one request makes them all as asked,
// the list shows them, and after their deletes the list no longer does.
import type { ApiResult } from '../../openstack/neutron.ts'
import { showError } from '../../openstack/neutron-error.ts'
import type { Verdict } from '../../verdict.ts'
import { judged, type Base } from '../verdicts.ts'
import { echoProblems } from './echo.ts'

export interface BulkFacts {
  kind: string
  asked: Record<string, unknown>[]
  created: ({ id: string } & Record<string, unknown>)[]
  /** GET ?id=…&id=… after the create. */
  listed: { id: string }[]
  deletes: ApiResult<undefined>[]
  /** The same list after the deletes. */
  after: { id: string }[]
}

export function judgeBulk(base: Base, f: BulkFacts, extra: readonly (string | false)[] = []): Verdict {
  const listed = new Set(f.listed.map((x) => x.id))
  const left = new Set(f.after.map((x) => x.id))
  const problems = [
    f.created.length !== f.asked.length &&
      `one request asked for ${f.asked.length} ${f.kind}s and made ${f.created.length}`,
    ...f.asked.flatMap((a, i) => echoProblems(`${f.kind} ${i + 1}`, a, f.created[i] ?? {})),
    ...f.created.filter((c) => !listed.has(c.id)).map((c) => `${f.kind} ${c.id} is missing from the list`),
    ...f.deletes.flatMap((d, i) =>
      d.ok ? [] : [`deleting ${f.kind} ${f.created[i]?.id ?? i + 1} failed: ${showError(d.error)}`],
    ),
    ...f.created.filter((c) => left.has(c.id)).map((c) => `${f.kind} ${c.id} is still listed after its DELETE`),
    ...extra,
  ]
  return judged(
    base,
    problems,
    `${f.created.length} ${f.kind}s made in one request as asked, listed, deleted and gone from the list`,
    f.created.map((c) => `${f.kind} ${c.id} ${String(c.name ?? '')}`).join('\n'),
  )
}
