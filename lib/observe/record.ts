// The raw observation of a target, as saved in observations.json and judged again by --replay.
import type { ResolvedTarget } from '../targets/resolve.ts'
import type { Shard } from '../targets/shard.ts'
import type { Section } from './script.ts'
import type { UnderlayObservation } from './underlay-record.ts'

/** A TCP connect from the runner to a listener, made in the observation phase. */
export interface Probe {
  port: number
  address: string
  ok: boolean
  /** Family of the socket actually used; never assumed from the address asked for. */
  family?: 'IPv4' | 'IPv6'
  remoteAddress?: string
  error?: string
  ms: number
  /** 'ssh': no probe of its own; the observation's SSH connection made this connect. */
  via?: 'ssh'
}

export interface HostObservation {
  name: string
  transport: 'local' | 'ssh'
  address?: string
  /** Reached and observed. When false, `error` says why and the host's other checks are skipped. */
  ok: boolean
  error?: string
  /** A TransportErrorKind (lib/transport/types.ts) when the transport failed. */
  errorKind?: string
  /**
   * Where a host that was not observed was lost: `connect` (never reached: no session) or `observe`
   * (reached, then lost while the observation ran: a keepalive timeout, the connection closed).
   * Absent in observations.json files written before it existed.
   */
  lostIn?: 'connect' | 'observe'
  startedAt: string
  durationMs: number
  /** The raw text of each section: made into facts when the suites judge (lib/suite/facts.ts), so replay and fixtures take one path. */
  sections: Partial<Record<Section, string>>
  /** Output outside the fences (banners, rc noise), kept as evidence. */
  noise?: string
  complete: boolean
  /** The output hit `limits.maxBytes` (per stream): the rest was dropped. */
  truncated: boolean
  /** The observation did not finish within `limits.timeoutMs` (ssh.command_timeout) and was stopped. */
  timedOut?: boolean
  /** The bounds the observation ran under, so a verdict (and its replay) can name them. */
  limits?: { timeoutMs: number; maxBytes: number }
  exitCode?: number | null
  stderr?: string
  /**
   * What the run went on with but ssh would complain about (a private key others can read). Names
   * files and modes, never a byte of a key.
   */
  warnings?: string[]
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
  /**
   * `--shard i/n`: this file holds only the shard's subjects (lib/targets/shard.ts), while `target`
   * is the whole target, so that merge-reports can join the shards. Absent for a whole run.
   */
  shard?: Shard
}
