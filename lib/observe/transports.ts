// How each transport a host can name is opened, from the host's resolved settings: one entry per
// transport, loaded only when a host needs it (the local target never loads ssh2). Adding a
// transport is a file in lib/transport/ and an entry here (docs/transports.md).
import type { ResolvedHost } from '../targets/resolve.ts'
import { TransportError, type Transport } from '../transport/types.ts'

export type Opener = (host: ResolvedHost, warn: (message: string) => void) => Promise<Transport>

export const TRANSPORTS: Record<ResolvedHost['transport'], Opener> = {
  local: async () => (await import('../transport/local.ts')).localTransport(),
  async ssh(host, warn) {
    const s = host.ssh
    if (!s || !host.address)
      throw new TransportError('protocol', `${host.name}: no address or ssh settings`, {
        host: host.name,
        address: host.address ?? '',
        port: 0,
      })
    const { connectSsh } = await import('../transport/ssh.ts')
    // What the targets file leaves unset, the transport takes from ssh_config, then OpenSSH's defaults.
    return connectSsh({
      name: host.name,
      host: host.address,
      ...(s.port !== undefined ? { port: s.port } : {}),
      ...(s.user ? { user: s.user } : {}),
      identity: s.identity,
      ...(s.passphrase ? { passphrase: s.passphrase } : {}),
      ...(s.agent !== undefined ? { agent: s.agent } : {}),
      knownHosts: s.known_hosts,
      ...(s.jump !== undefined ? { jump: s.jump } : {}),
      ...(s.ssh_config !== undefined ? { sshConfig: s.ssh_config } : {}),
      ...(s.timeout !== undefined ? { readyTimeoutMs: s.timeout * 1000 } : {}),
      keepaliveIntervalMs: s.keepalive * 1000,
      keepaliveCountMax: 3,
      warn,
    })
  },
}
