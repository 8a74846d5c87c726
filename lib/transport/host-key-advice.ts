// The command an operator runs to add a host key v6ready refused as unknown. It is advice in a
// message, never run: the key must be checked out of band first (ssh-keyscan trusts the network).
import { blobKeyType } from './known-hosts.ts'

/** ssh-keyscan's -t name for a key type: ed25519, ecdsa, rsa. */
export function keyscanType(blob: Buffer): string | undefined {
  const t = blobKeyType(blob)
  if (t === 'ssh-ed25519') return 'ed25519'
  if (t?.startsWith('ecdsa-sha2-')) return 'ecdsa'
  if (t === 'ssh-rsa') return 'rsa'
  return undefined
}

/**
 * `ssh-keyscan -p 2222 -t ed25519 2001:db8::11 >> /root/.ssh/known_hosts`: the first known_hosts
 * file in effect (the targets file's first, else ssh_config's or ~/.ssh/known_hosts). ssh-keyscan
 * writes the `[host]:port` form itself for a port other than 22.
 */
export function addKeyCommand(host: string, port: number, offered: Buffer, knownHostFiles: readonly string[]): string {
  const type = keyscanType(offered)
  const file = knownHostFiles[0] ?? '~/.ssh/known_hosts'
  return `ssh-keyscan${port === 22 ? '' : ` -p ${port}`}${type ? ` -t ${type}` : ''} ${host} >> ${file}`
}
