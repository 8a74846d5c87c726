// The raw observation of a target, as saved in observations.json and judged again by --replay.
import type { Probe } from '../judge/host-view.ts'
import type { ResolvedTarget } from '../targets/resolve.ts'
import type { Section } from './script.ts'
import type { UnderlayObservation } from './underlay-record.ts'

export interface HostObservation {
  name: string
  transport: 'local' | 'ssh'
  address?: string
  /** Reached and observed. When false, `error` says why and the host's other checks are skipped. */
  ok: boolean
  error?: string
  errorKind?: string
  startedAt: string
  durationMs: number
  /** The raw text of each section: parsed at judge time, so replay and fixtures take one path. */
  sections: Partial<Record<Section, string>>
  /** Output outside the fences (banners, rc noise), kept as evidence. */
  noise?: string
  complete: boolean
  truncated: boolean
  exitCode?: number | null
  stderr?: string
  probes: Probe[]
}

export interface Observations {
  version: 1
  tool: string
  runId: string
  startedAt: string
  durationMs: number
  /** The target as judged, with secrets redacted. */
  target: ResolvedTarget
  hosts: HostObservation[]
  /** Absent when the underlay suite was not selected, or the target gives it nothing to observe. */
  underlay?: UnderlayObservation
}
