// What lab:up needs on the machine besides root: the Debian packages .ci/run installs. lab:up
// refuses to start without them, and the project's own tests (V6READY_LAB=auto) build the lab only
// where they are all there.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

export const TOOLS = [
  'ip',
  'dnsmasq',
  'keystone-manage',
  'uwsgi',
  'haproxy',
  'openssl',
  'sshd',
  'ssh-keygen',
  'genisoimage',
  'fuseiso',
  'losetup',
  'nsenter',
  'unshare',
  'setpriv',
  'curl',
  'blkid',
  'ss',
  'sysctl',
  'neutron-server',
  'neutron-db-manage',
  'dhclient',
  'ip6tables',
  'nft',
  'ping',
  'busybox',
  'sudo',
]

const PG_ROOT = '/usr/lib/postgresql'

/** The newest server Debian installed (15 on Debian 12): its tools are not on PATH. */
export function pgBin(tool: string): string {
  const versions = existsSync(PG_ROOT)
    ? readdirSync(PG_ROOT)
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
    : []
  if (!versions[0]) throw new Error(`lab: no PostgreSQL server under ${PG_ROOT} (apt-get install -y postgresql)`)
  return join(PG_ROOT, versions[0], 'bin', tool)
}

/** The tools lab:up needs that this machine lacks (PostgreSQL's server counts as one). */
export function missingTools(): string[] {
  const onPath = (t: string) => spawnSync('sh', ['-c', 'command -v "$1"', 'sh', t], { stdio: 'ignore' }).status === 0
  const missing = TOOLS.filter((t) => !onPath(t))
  let pg: string[]
  try {
    pg = [pgBin('initdb'), pgBin('postgres')].filter((p) => !existsSync(p))
  } catch {
    pg = ['postgresql (initdb, postgres)']
  }
  return [...missing, ...pg]
}
