// Debian's keystone on the controller: sqlite in WAL mode, fernet tokens, served by uwsgi on
// ctl's IPv6 address, bootstrapped with bracketed IPv6 catalog URLs (docs/lab-notes.md §4).
import { mkdirSync, writeFileSync } from 'node:fs'
import { expandIPv6 } from '../lib/net/index.ts'
import type { FaultSet } from './faults.ts'
import { DOMAIN, hostByName, hostV4, ns } from './plan.ts'
import { daemon, sh, waitHttp } from './proc.ts'
import { statePath } from './state.ts'

export const KEYSTONE_PORT = 5000
export const ADMIN_PASSWORD = 'v6lab-admin-password'
export const REGION = 'RegionOne'
export const keystoneAddress = (): string => hostByName('ctl').address
/** Direct, without haproxy: unversioned, as keystonemiddleware wants it, and with /v3. */
export const keystoneRoot = (): string => `http://[${keystoneAddress()}]:${KEYSTONE_PORT}`
export const keystoneUrl = (): string => `${keystoneRoot()}/v3`
/** Through haproxy's TLS frontend on 443: the auth URL and the public catalog endpoint. */
export const KEYSTONE_PUBLIC_URL = `https://keystone.${DOMAIN}/v3`

function keystoneConf(dir: string): string {
  return [
    '[DEFAULT]',
    'use_stderr = true',
    '[database]',
    `connection = sqlite:///${dir}/keystone.db`,
    '[token]',
    'provider = fernet',
    '[fernet_tokens]',
    `key_repository = ${dir}/fernet-keys`,
    '[fernet_receipts]',
    `key_repository = ${dir}/fernet-keys`,
    '[credential]',
    `key_repository = ${dir}/credential-keys`,
    '[cache]',
    'enabled = false',
    '[identity]',
    // A lab-only speed-up: bcrypt's default 12 rounds cost 0.4-0.9 s per token.
    'password_hash_rounds = 4',
    '',
  ].join('\n')
}

function uwsgiIni(dir: string): string {
  return [
    '[uwsgi]',
    'plugins = python3',
    `http-socket = [${keystoneAddress()}]:${KEYSTONE_PORT}`,
    'wsgi-file = /usr/bin/keystone-wsgi-public',
    `env = OS_KEYSTONE_CONFIG_FILES=${dir}/keystone.conf`,
    // sqlite objects are per thread: concurrency through processes only (docs/lab-notes.md §4).
    'processes = 2',
    'threads = 1',
    'master = true',
    'die-on-term = true',
    // plain http-socket closes after each response without saying so; clients then see resets.
    'add-header = Connection: close',
    'lazy-apps = true',
    '',
  ].join('\n')
}

const manage = (dir: string, ...args: string[]) =>
  sh('keystone-manage', ['--config-file', `${dir}/keystone.conf`, ...args])

/** Catalog URLs by interface (the identity service in RegionOne). */
export interface KeystoneUrls {
  public: string
  internal: string
  admin: string
}

export function catalogUrls(faults: FaultSet): KeystoneUrls {
  // Every group written out, zeros unpadded: a valid literal that reaches keystone, but not RFC 5952 §4.2's `::`.
  const uncanonical = expandIPv6(keystoneAddress())?.replace(/\b0+(?=[0-9a-f])/g, '')
  return {
    public: KEYSTONE_PUBLIC_URL,
    internal: faults.has('catalog-v4-internal') ? `http://${hostV4('ctl')}:${KEYSTONE_PORT}/v3` : keystoneUrl(),
    admin: faults.has('catalog-uncanonical-admin') ? `http://[${uncanonical}]:${KEYSTONE_PORT}/v3` : keystoneUrl(),
  }
}

export async function startKeystone(urls: KeystoneUrls): Promise<void> {
  const dir = statePath('keystone')
  mkdirSync(dir, { recursive: true })
  writeFileSync(`${dir}/keystone.conf`, keystoneConf(dir))
  writeFileSync(`${dir}/uwsgi.ini`, uwsgiIni(dir))
  await Promise.all([
    manage(dir, 'db_sync'),
    manage(dir, 'fernet_setup', '--keystone-user', 'root', '--keystone-group', 'root'),
    manage(dir, 'credential_setup', '--keystone-user', 'root', '--keystone-group', 'root'),
  ])
  await manage(
    dir,
    'bootstrap',
    '--bootstrap-password',
    ADMIN_PASSWORD,
    '--bootstrap-region-id',
    REGION,
    '--bootstrap-admin-url',
    urls.admin,
    '--bootstrap-internal-url',
    urls.internal,
    '--bootstrap-public-url',
    urls.public,
  )
  // Several workers write at once: the rollback journal gives "database is locked" (HTTP 500).
  await sh('/usr/bin/python3', [
    '-c',
    `import sqlite3; sqlite3.connect('${dir}/keystone.db').execute('PRAGMA journal_mode=WAL')`,
  ])
  daemon('keystone', ['ip', 'netns', 'exec', ns('ctl'), 'uwsgi', '--ini', `${dir}/uwsgi.ini`])
  await waitHttp('keystone answering GET /v3', ns('ctl'), keystoneUrl())
}
