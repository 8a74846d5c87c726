// A check is defined once: its stable ID, its suite and tags, its words for the operator (title, why,
// fix), and which subjects a target gives it. The catalog, `list`, `explain`, the generated docs and
// the suites' wiring all read these definitions; a judge binds itself to one (judge.ts). Never
// rename an ID: users put IDs in waivers and include lists; retire one and add another instead.
import type { ResolvedHost, ResolvedTarget } from '../targets/resolve.ts'
import type { Suite } from '../verdict.ts'

interface Words<Id extends string> {
  id: Id
  tags: readonly string[]
  /** One line, in the operator's words: what passing means. */
  title: string
  /** Why it matters: the kernel rule, the RFC, the man page, or the field report it comes from. */
  why: string
  /** How to fix a failure, in general; a finding's own remedy says what to change where. */
  fix: string
}

export interface HostCheckDef<Id extends string = string> extends Words<Id> {
  suite: 'hosts'
  /** The subjects a host gives this check, known before it is observed (`host:*` stands for what it turns out to hold). */
  subjects: (h: ResolvedHost) => string[]
}

export interface UnderlayCheckDef<Id extends string = string> extends Words<Id> {
  suite: 'underlay'
  /** The subjects the targets file names; `*` stands for what the catalog turns out to hold. */
  subjects: (t: ResolvedTarget) => string[]
}

export interface OverlayCheckDef<Id extends string = string> extends Words<Id> {
  suite: 'overlay'
  /** The cases it tries on Neutron, in the order that numbers their subnets: append, never reorder. */
  subjects: readonly string[]
}

export type CheckDef = HostCheckDef | UnderlayCheckDef | OverlayCheckDef

export const hostCheck = <const Id extends `hosts.${string}`>(
  d: Omit<HostCheckDef<Id>, 'suite'>,
): HostCheckDef<Id> => ({ ...d, suite: 'hosts' })
export const underlayCheck = <const Id extends `underlay.${string}`>(
  d: Omit<UnderlayCheckDef<Id>, 'suite'>,
): UnderlayCheckDef<Id> => ({ ...d, suite: 'underlay' })
export const overlayCheck = <const Id extends `overlay.${string}`, const S extends readonly string[]>(
  d: Omit<OverlayCheckDef<Id>, 'suite' | 'subjects'> & { subjects: S },
): OverlayCheckDef<Id> & { subjects: S } => ({ ...d, suite: 'overlay' })
