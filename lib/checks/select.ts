// Which checks a run judges: --suite, --check globs, --tag, and include/exclude lists.
import type { Suite } from '../verdict.ts'
import { checkInfo } from './catalog.ts'

export interface Selection {
  suites: Suite[]
  checks: string[]
  tags: string[]
  include: string[]
  exclude: string[]
}

export const ALL: Selection = { suites: [], checks: [], tags: [], include: [], exclude: [] }

/** Globs over check IDs: `*` is any run of characters (dots too), `?` one character. */
export function globMatch(glob: string, id: string): boolean {
  const re = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replaceAll('*', '.*')
    .replaceAll('?', '.')
  return new RegExp(`^${re}$`).test(id)
}

export function isSelected(id: string, s: Selection): boolean {
  const info = checkInfo(id)
  if (s.suites.length && !s.suites.includes(info.suite)) return false
  if (s.checks.length && !s.checks.some((g) => globMatch(g, id))) return false
  if (s.tags.length && !s.tags.some((t) => info.tags.includes(t))) return false
  if (s.include.length && !s.include.some((g) => globMatch(g, id))) return false
  return !s.exclude.some((g) => globMatch(g, id))
}

/** Include/exclude list files: one glob per line, # comments (Tempest's list files, by check ID). */
export const parseListFile = (text: string): string[] =>
  text
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter(Boolean)
