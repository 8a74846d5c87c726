// Where the lab keeps what it generates: keys, configs, logs, PIDs, targets.yaml, expected.json.
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const LAB_DIR = dirname(fileURLToPath(import.meta.url))
export const STATE = join(LAB_DIR, '.state')
export const statePath = (...parts: string[]): string => join(STATE, ...parts)

/** Where a host's files are kept before sshd's namespace overlays them: hosts/<name>/{etc,srv}. */
export const hostRoot = (name: string): string => statePath('hosts', name)
