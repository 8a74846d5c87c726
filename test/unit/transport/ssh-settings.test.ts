// One hop's settings: the targets file wins over ssh_config, which wins over OpenSSH's defaults. The
// ssh_config side is what the fallback reader gives for a small config (held to ssh -G elsewhere).
import { describe, expect, it } from 'vitest'
import { addKeyCommand } from '../../../lib/transport/host-key-advice.ts'
import { resolveSshConfigFallback, type FallbackEnv } from '../../../lib/transport/ssh-config.ts'
import type { SshConfigDump } from '../../../lib/transport/ssh-config-dump.ts'
import { hopSettings, type SshContext, type SshWanted } from '../../../lib/transport/ssh-settings.ts'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

const HOME = '/home/op'
const machine = (config: string | undefined): FallbackEnv => ({
  home: HOME,
  localUser: 'op',
  uid: 1000,
  localHost: 'runner',
  env: {},
  readFile: (p) => (p === `${HOME}/.ssh/config` ? config : undefined),
  listDir: () => undefined,
})

/** ssh_config's answer for `host` under `config` (~/.ssh/config), as the transport gets it. */
const dumpFor = (config: string | undefined, w: SshWanted): SshConfigDump =>
  resolveSshConfigFallback(
    { kind: 'default' },
    { host: w.alias, ...(w.user && { user: w.user }), ...(w.port && { port: w.port }) },
    machine(config),
  ).dump

const ctx = (over: Partial<SshContext> = {}): SshContext => ({
  home: HOME,
  localUser: 'op',
  uid: 1000,
  localHost: 'runner',
  env: {},
  exists: () => false,
  ...over,
})

const settle = (config: string | undefined, w: SshWanted, c: Partial<SshContext> = {}) =>
  hopSettings(w, dumpFor(config, w), ctx(c))

describe('port, user and address: the targets file, else ssh_config, else the defaults', () => {
  const config = 'Host h1alias\n  HostName ::1\n  Port 18223\n  User cfguser\n'

  it('a port the targets file does not set comes from ssh_config (issue 17: it was 22)', () => {
    expect(settle(config, { alias: 'h1alias' })).toMatchObject({ host: '::1', port: 18223, user: 'cfguser' })
  })

  it("the targets file's port and user win", () => {
    expect(settle(config, { alias: 'h1alias', port: 2200, user: 'root' })).toMatchObject({
      host: '::1',
      port: 2200,
      user: 'root',
    })
  })

  it('no config at all: port 22, the local user, the address as written', () => {
    expect(settle(undefined, { alias: '2001:db8::11' })).toMatchObject({ host: '2001:db8::11', port: 22, user: 'op' })
  })
})

describe('identity files', () => {
  const exists = (p: string) => [`${HOME}/.ssh/id_ed25519`, `${HOME}/.ssh/id_rsa`].includes(p)

  it("nothing named: OpenSSH's defaults that exist, id_ed25519, id_ecdsa, id_rsa in that order", () => {
    expect(settle(undefined, { alias: 'h' }, { exists }).identities).toEqual([
      { path: `${HOME}/.ssh/id_ed25519`, explicit: false },
      { path: `${HOME}/.ssh/id_rsa`, explicit: false },
    ])
  })

  it('ssh_config IdentityFile replaces the defaults; its tokens expand with the final host, port and user', () => {
    const r = settle(
      'Host h\n  HostName H.Lab\n  IdentityFile ~/.ssh/%h-%p-%r\n',
      { alias: 'h', port: 2222, user: 'u' },
      { exists },
    )
    expect(r.identities).toEqual([{ path: `${HOME}/.ssh/h.lab-2222-u`, explicit: false }])
  })

  it("the targets file's identity comes first and must exist; ssh_config's follow, as ssh -i does", () => {
    const r = settle('Host h\n  IdentityFile ~/.ssh/cfg\n', { alias: 'h', identity: ['~/keys/lab'] }, { exists })
    expect(r.identities).toEqual([
      { path: `${HOME}/keys/lab`, explicit: true },
      { path: `${HOME}/.ssh/cfg`, explicit: false },
    ])
  })

  it('a named identity means no default is added', () => {
    expect(settle(undefined, { alias: 'h', identity: ['/k'] }, { exists }).identities).toEqual([
      { path: '/k', explicit: true },
    ])
  })
})

describe('the agent', () => {
  const env = { SSH_AUTH_SOCK: '/run/agent.sock', OTHER: '/run/other.sock' }

  it('nothing said: $SSH_AUTH_SOCK when set, as ssh does', () => {
    expect(settle(undefined, { alias: 'h' }, { env })).toMatchObject({
      agent: '/run/agent.sock',
      agentFrom: 'SSH_AUTH_SOCK',
    })
    expect(settle(undefined, { alias: 'h' }).agent).toBeUndefined()
  })

  it('agent: false turns it off; a path names the socket', () => {
    expect(settle(undefined, { alias: 'h', agent: false }, { env }).agent).toBeUndefined()
    expect(settle(undefined, { alias: 'h', agent: '~/a.sock' }, { env }).agent).toBe(`${HOME}/a.sock`)
  })

  it("ssh_config's IdentityAgent: none, a $VAR, or a path", () => {
    expect(settle('IdentityAgent none\n', { alias: 'h' }, { env }).agent).toBeUndefined()
    expect(settle('IdentityAgent $OTHER\n', { alias: 'h' }, { env }).agent).toBe('/run/other.sock')
    expect(settle('IdentityAgent ~/.ssh/%h.sock\n', { alias: 'h' }, { env })).toMatchObject({
      agent: `${HOME}/.ssh/h.sock`,
      agentFrom: 'ssh_config IdentityAgent',
    })
  })

  it('IdentitiesOnly yes: only the named files, never the agent', () => {
    expect(settle('IdentitiesOnly yes\nIdentityFile ~/.ssh/k\n', { alias: 'h' }, { env }).agent).toBeUndefined()
  })
})

describe('known_hosts', () => {
  it("nothing said: OpenSSH's files, ~/.ssh/known_hosts and /etc/ssh/ssh_known_hosts first", () => {
    expect(settle(undefined, { alias: 'h' }).knownHosts).toEqual([
      `${HOME}/.ssh/known_hosts`,
      `${HOME}/.ssh/known_hosts2`,
      '/etc/ssh/ssh_known_hosts',
      '/etc/ssh/ssh_known_hosts2',
    ])
  })

  it("ssh_config's UserKnownHostsFile replaces the user files, its GlobalKnownHostsFile the system ones", () => {
    expect(settle('UserKnownHostsFile ~/.ssh/kh_%h\nGlobalKnownHostsFile ~/g\n', { alias: 'h' }).knownHosts).toEqual([
      `${HOME}/.ssh/kh_h`,
      `${HOME}/g`,
    ])
  })

  it('the targets file replaces both', () => {
    expect(settle('UserKnownHostsFile ~/x\n', { alias: 'h', knownHosts: ['~/lab/known_hosts'] }).knownHosts).toEqual([
      `${HOME}/lab/known_hosts`,
    ])
  })
})

describe('jump hosts, timeout and ProxyCommand', () => {
  it("ssh_config's ProxyJump applies unless the targets file says jump: false or names its own", () => {
    const config = 'Host h\n  ProxyJump admin@[2001:db8::2]:22\n'
    expect(settle(config, { alias: 'h' }).jump).toBe('admin@[2001:db8::2]:22')
    expect(settle(config, { alias: 'h', jump: false }).jump).toBeUndefined()
    expect(settle(config, { alias: 'h', jump: 'other' }).jump).toBe('other')
  })

  it('ConnectTimeout when the targets file sets no timeout; 10 s when neither does', () => {
    expect(settle('ConnectTimeout 1m\n', { alias: 'h' }).timeoutMs).toBe(60_000)
    expect(settle('ConnectTimeout 1m\n', { alias: 'h', timeout: 3 }).timeoutMs).toBe(3000)
    expect(settle(undefined, { alias: 'h' }).timeoutMs).toBe(10_000)
  })

  it('a ProxyCommand is handed back for the transport to refuse, unless the targets file names the jump', () => {
    expect(settle('ProxyCommand nc %h %p\n', { alias: 'h' }).proxyCommand).toBe('nc %h %p')
    expect(settle('ProxyCommand nc %h %p\n', { alias: 'h', jump: 'b' }).proxyCommand).toBeUndefined()
  })
})

describe('the command that adds an unknown host key', () => {
  const blob = (type: string) =>
    Buffer.from(
      readFileSync(join(import.meta.dirname, `../../fixtures/transport/host_${type}.pub`), 'utf8').split(
        ' ',
      )[1] as string,
      'base64',
    )

  it('names the port, the key type and the first known_hosts file', () => {
    expect(
      addKeyCommand('2001:db8::11', 2222, blob('ed25519'), ['/home/op/.ssh/known_hosts', '/etc/ssh/ssh_known_hosts']),
    ).toBe('ssh-keyscan -p 2222 -t ed25519 2001:db8::11 >> /home/op/.ssh/known_hosts')
    expect(addKeyCommand('ctl1', 22, blob('ecdsa'), [])).toBe('ssh-keyscan -t ecdsa ctl1 >> ~/.ssh/known_hosts')
    expect(addKeyCommand('ctl1', 22, blob('rsa'), ['/k'])).toBe('ssh-keyscan -t rsa ctl1 >> /k')
  })
})
