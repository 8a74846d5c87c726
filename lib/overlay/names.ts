// What v6ready calls what it creates, so that `v6ready cleanup` (and a person reading Neutron's
// lists) can tell it apart from everything else: `v6ready-<run id>-<check>[-<subject>][-<role>]`,
// tagged `v6ready` and `v6ready-<run id>` where Neutron takes tags.

export const NAME_PREFIX = 'v6ready-'
export const TAG = 'v6ready'

export const runPrefix = (runId: string): string => `${NAME_PREFIX}${runId}-`

export const resourceName = (runId: string, check: string, ...parts: string[]): string =>
  [`${runPrefix(runId)}${check}`, ...parts.filter(Boolean)].join('-')

export const runTags = (runId: string): string[] => [TAG, `${TAG}-${runId}`]

export const isOurs = (name: string | null | undefined, prefix = NAME_PREFIX): boolean =>
  typeof name === 'string' && name.startsWith(prefix)
