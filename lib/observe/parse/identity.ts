// The `id` section: who ran the observation. `id -u`, `id -un`, then $SUDO_USER (empty unless the
// observation ran through `become: sudo`). Judges name this user when a fact was not readable to it.
import type { Identity } from '../facts.ts'
import { excerpt } from './util.ts'

export function parseIdentity(raw: string): Identity {
  const [uidText = '', name = '', sudoUser = ''] = raw.split('\n').map((l) => l.trim())
  if (!/^[0-9]+$/.test(uidText) || name === '') throw new Error(`expected id -u and id -un, got ${excerpt(raw)}`)
  return { uid: Number(uidText), user: name, ...(sudoUser ? { sudoUser } : {}) }
}

/** `user stack (uid 1001)`, `root (through sudo from stack)`: as messages name who observed. */
export function describeIdentity(id: Identity | undefined): string {
  if (!id) return 'the SSH user'
  if (id.uid === 0) return id.sudoUser ? `root (through sudo from ${id.sudoUser})` : 'root'
  return `user ${id.user} (uid ${id.uid})`
}
