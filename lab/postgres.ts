// Debian's PostgreSQL on the controller, for Neutron: sqlite gives `database is locked` under
// concurrent API calls (docs/lab-notes.md §5). The cluster lives in the state directory, the postmaster
// runs as `postgres` inside ctl and listens on ctl's IPv6 address and a socket in the state only.
import { chownSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { hostByName, ns } from './plan.ts'
import { daemon, sh, waitFor, waitListening } from './proc.ts'
import { statePath } from './state.ts'
import { pgBin } from './tools.ts'

export const POSTGRES_PORT = 5432
export const NEUTRON_DB = { name: 'neutron', user: 'neutron', password: 'v6lab-neutron-db-password' } as const

const OS_USER = 'postgres'

export const postgresAddress = (): string => hostByName('ctl').address

/** SQLAlchemy's URL for Neutron: a bracketed IPv6 literal, over TCP, as a real controller would dial. */
export const neutronDbUrl = (): string =>
  `postgresql+psycopg2://${NEUTRON_DB.user}:${NEUTRON_DB.password}@[${postgresAddress()}]:${POSTGRES_PORT}/${NEUTRON_DB.name}`

/** The superuser by peer on the socket (our own psql); Neutron by password from ctl's address only. */
export function pgHba(): string {
  return [
    `local all ${OS_USER} peer`,
    `host ${NEUTRON_DB.name} ${NEUTRON_DB.user} ${postgresAddress()}/128 scram-sha-256`,
    '',
  ].join('\n')
}

/** Server settings on the command line: no postgresql.conf edits, nothing from /etc/postgresql. */
export function postgresSettings(socketDir: string): Record<string, string> {
  return {
    listen_addresses: postgresAddress(),
    port: String(POSTGRES_PORT),
    unix_socket_directories: socketDir,
    // A throwaway lab database: durability buys nothing and costs seconds in the migrations.
    fsync: 'off',
    synchronous_commit: 'off',
    full_page_writes: 'off',
    // Neutron's port queries (a dozen outer joins, an OR over ports and networks) cost enough on
    // tables without statistics to be JIT-compiled: ~1.1 s of LLVM per 4 ms query, 3 s for each
    // remove_router_interface. OLTP never gains from JIT.
    jit: 'off',
    log_min_messages: 'warning',
  }
}

/** setpriv's arguments to run a server tool as `postgres`; setpriv execs, so a daemon's PID stays the tool's. */
const asPostgres = (tool: string, args: string[]): string[] => [
  `--reuid=${OS_USER}`,
  `--regid=${OS_USER}`,
  '--init-groups',
  pgBin(tool),
  ...args,
]

export async function startPostgres(): Promise<void> {
  const dir = statePath('postgres')
  const data = join(dir, 'data')
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const [uid, gid] = await Promise.all([sh('id', ['-u', OS_USER]), sh('id', ['-g', OS_USER])])
  chownSync(dir, Number(uid), Number(gid))
  // -N: no fsync of the new cluster, for the same reason as the settings above.
  await sh('setpriv', asPostgres('initdb', ['-D', data, '-N', '-U', OS_USER, '-E', 'UTF8', '--locale=C.UTF-8']))
  writeFileSync(join(data, 'pg_hba.conf'), pgHba())
  const settings = Object.entries(postgresSettings(dir)).flatMap(([k, v]) => ['-c', `${k}=${v}`])
  // SIGINT is PostgreSQL's fast shutdown; SIGTERM (smart) would wait for Neutron to disconnect.
  daemon(
    'postgres',
    ['ip', 'netns', 'exec', ns('ctl'), 'setpriv', ...asPostgres('postgres', ['-D', data, ...settings])],
    {},
    'SIGINT',
  )
  // Its sockets exist before recovery ends; pg_isready says when it takes connections (as
  // `postgres`, whom pg_hba.conf lets in on the socket: anyone else is logged as a FATAL).
  const socketArgs = ['-h', dir, '-p', String(POSTGRES_PORT), '-U', OS_USER, '-d', 'postgres']
  await waitFor(
    'PostgreSQL accepting connections',
    () => sh('setpriv', asPostgres('pg_isready', ['-q', ...socketArgs])).then(() => true),
    20_000,
    100,
  )
  await waitListening('PostgreSQL on IPv6', ns('ctl'), [`[${postgresAddress()}]:${POSTGRES_PORT}`])
  const sql = [
    `CREATE ROLE ${NEUTRON_DB.user} LOGIN PASSWORD '${NEUTRON_DB.password}'`,
    `CREATE DATABASE ${NEUTRON_DB.name} OWNER ${NEUTRON_DB.user}`,
  ]
  await sh(
    'setpriv',
    asPostgres('psql', [...socketArgs, '-qAt', '-v', 'ON_ERROR_STOP=1', ...sql.flatMap((q) => ['-c', q])]),
  )
}
