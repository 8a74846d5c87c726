// What an SSH connection is made from: the transport's options, set from a host's resolved settings.

export interface SshOptions {
  /** Target host name for messages (e.g. ctl1). */
  name: string
  /** IPv6 literal (zone ok, brackets ok), IPv4 literal or DNS name; also the ssh_config Host alias. */
  host: string
  /** Absent: ssh_config's Port, else 22. */
  port?: number
  /** Absent: ssh_config's User, else the local user. */
  user?: string
  /** Private key files (`~` and ssh's tokens expanded); absent or empty: ssh_config's, else OpenSSH's defaults that exist. */
  identity?: string[]
  /** For every encrypted identity. */
  passphrase?: string
  /** true: $SSH_AUTH_SOCK (must be set); a string: that socket; false: none; absent: ssh_config's IdentityAgent, else $SSH_AUTH_SOCK if set. */
  agent?: boolean | string
  /** Files to verify host keys against (missing files count as empty); absent or empty: ssh_config's, else OpenSSH's. Unknown hosts are refused. */
  knownHosts?: string[]
  /** ProxyJump: `user@[v6]:port`, `user@host:port`, `host`; a comma list chains hops, as in ssh. false: direct, whatever ssh_config says. */
  jump?: string | false
  /** Absent or true: OpenSSH's own files (~/.ssh/config, /etc/ssh/ssh_config); a string: that file alone; false: none. Explicit options win over its values. */
  sshConfig?: boolean | string
  /** The `ssh` that resolves ssh_config (ssh -G); false: always the fallback parser. */
  sshBinary?: string | false
  /** Absent: ssh_config's ConnectTimeout, else 10 s. */
  readyTimeoutMs?: number
  keepaliveIntervalMs: number
  keepaliveCountMax: number
  /** Told what ssh itself would complain about but we go on with (an identity others can read). */
  warn?: (message: string) => void
}

/** How many channels one connection may have open at once: sshd's MaxSessions defaults to 10. */
export const MAX_CHANNELS = 8
