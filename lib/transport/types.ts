// The transport contract: run one shell command on a target and get its output back, bounded.

export interface ExecOptions {
  /** Written to the command's stdin, which is then closed; without it stdin is empty (EOF at once). */
  stdin?: string
  /** Wall time for the whole exec, waiting for a channel included. */
  timeoutMs: number
  /** Per stream (stdout and stderr each); bytes past it are dropped and `truncated` is set. */
  maxBytes: number
}

export interface ExecResult {
  /** null when the command was killed by a signal, timed out, or its status never arrived. */
  code: number | null
  /** e.g. SIGKILL. */
  signal?: string
  stdout: string
  stderr: string
  truncated: boolean
  timedOut: boolean
  durationMs: number
}

/** The TCP connection a transport made straight to the host (none through a jump host). */
export interface Peer {
  address: string
  port: number
  family: 'IPv4' | 'IPv6'
  /** From the connect call to the TCP connection. */
  ms: number
}

/**
 * exec resolves for every command that ran, whatever its exit code; it rejects (with TransportError)
 * only when the transport itself failed.
 */
export interface Transport {
  readonly label: string
  /** The user the session logged in as (SSH); undefined for the local transport. */
  readonly user?: string
  /** Set when the transport connected to the host itself, over TCP. */
  readonly peer?: Peer
  exec(command: string, opts: ExecOptions): Promise<ExecResult>
  close(): Promise<void>
}

export type TransportErrorKind =
  | 'refused'
  | 'timeout'
  | 'unreachable'
  | 'dns'
  | 'hostkey-mismatch'
  | 'hostkey-unknown'
  | 'auth'
  | 'key'
  | 'protocol'
  | 'closed'
  /** ssh_config refused (ssh -G's own words) or asks for what v6ready never does (a ProxyCommand). */
  | 'config'
  /** Reached and logged in, but `become` could not gain its privilege (sudo asks for a password). */
  | 'privilege'

export interface TransportErrorWhere {
  /** The target's name (e.g. ctl1), also when the failing hop was a jump host. */
  host: string
  /** The endpoint that failed: the target, or the jump host the message names. */
  address: string
  port: number
}

export class TransportError extends Error {
  readonly kind: TransportErrorKind
  readonly host: string
  readonly address: string
  readonly port: number

  constructor(kind: TransportErrorKind, message: string, where: TransportErrorWhere, options?: ErrorOptions) {
    super(message, options)
    this.name = 'TransportError'
    this.kind = kind
    this.host = where.host
    this.address = where.address
    this.port = where.port
  }
}
