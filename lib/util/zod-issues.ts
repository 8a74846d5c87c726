// zod's issues as `path: message` problems, with the path as a reader writes it: shared by the
// targets loader and the readers of the JSON files a user hands v6ready (lib/util/input-file.ts).
import type { z } from 'zod'

/** `["targets","lab1","hosts",2,"address"]` → `targets.lab1.hosts[2].address`; odd keys are quoted. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = ''
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`
    else if (typeof seg === 'string' && /^[A-Za-z_][A-Za-z0-9_-]*$/.test(seg)) out += out === '' ? seg : `.${seg}`
    else out += `[${JSON.stringify(String(seg))}]`
  }
  return out
}

export interface Flat {
  path: PropertyKey[]
  message: string
  /** Point at this key of the object at `path` (an unrecognized or invalid key), not at a value. */
  key?: string
  /** An unrecognized key is reported on its object (`hosts[3]: Unrecognized key: "adress"`), as zod words it. */
  unrecognized?: boolean
}

/** A zod issue as one or more `path: message` problems; the targets loader and the JSON input readers share it. */
export function flatten(issue: z.core.$ZodIssue, base: readonly PropertyKey[]): Flat[] {
  const path = [...base, ...issue.path]
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((k) => ({ path, key: k, unrecognized: true, message: `Unrecognized key: "${k}"` }))
    case 'invalid_key': {
      // The path names the bad key; the position is the key itself, not its value.
      const key = path.pop()
      return [{ path, key: String(key), message: issue.issues[0]?.message ?? issue.message }]
    }
    case 'invalid_union': {
      // Report the branch whose type matched (its problem is inside it) rather than "Invalid input".
      const matched = issue.errors.filter((b) =>
        b.some((i) => i.path.length > 0 || (i.code !== 'invalid_type' && i.code !== 'invalid_value')),
      )
      const best = matched[0]
      if (matched.length === 1 && best !== undefined) return best.flatMap((i) => flatten(i, path))
      return [{ path, message: issue.message }]
    }
    default:
      return [{ path, message: issue.message }]
  }
}
