// The transport where the targets file says little: ssh_config (through the real `ssh -G`, and through
// the fallback reader), then OpenSSH's defaults (~/.ssh keys, the agent, known_hosts), against a real
// sshd on ::1. $HOME is pointed at a scratch directory for the defaults: ~ is $HOME for v6ready.
import { execa } from 'execa'
import { spawn, type ChildProcess } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { connectSsh } from '../../../lib/transport/ssh.ts'
import type { SshOptions } from '../../../lib/transport/ssh-options.ts'
import { TransportError, type Transport } from '../../../lib/transport/types.ts'
import { fingerprint, makeLab, startSshd, type Lab, type Sshd } from './harness.ts'

let lab: Lab
let main: Sshd
const open: Transport[] = []
const saved = { HOME: process.env.HOME, SSH_AUTH_SOCK: process.env.SSH_AUTH_SOCK }

beforeAll(async () => {
  lab = await makeLab()
  main = await startSshd(lab, 'main')
})

afterEach(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k]
    else process.env[k] = v
  }
})

afterAll(async () => {
  await Promise.all(open.map((t) => t.close()))
  await main?.stop()
  lab?.cleanup()
})

const run = { timeoutMs: 10_000, maxBytes: 1 << 20 }
const timing = { keepaliveIntervalMs: 5000, keepaliveCountMax: 3 }

async function connect(o: SshOptions) {
  const t = await connectSsh(o)
  open.push(t)
  return t
}

async function refusal(o: SshOptions): Promise<TransportError> {
  const e = await connectSsh(o).then(
    (t) => (open.push(t), new Error('connected')),
    (e: unknown) => e,
  )
  expect(e).toBeInstanceOf(TransportError)
  return e as TransportError
}

/** A scratch home with a ~/.ssh holding what a new user would have. */
function home(name: string, files: { key?: boolean; knownHosts?: boolean } = {}): string {
  const h = join(lab.dir, `home-${name}`)
  mkdirSync(join(h, '.ssh'), { recursive: true, mode: 0o700 })
  if (files.key) copyFileSync(lab.plainKey, join(h, '.ssh/id_ed25519'))
  if (files.knownHosts) copyFileSync(main.knownHosts, join(h, '.ssh/known_hosts'))
  return h
}

describe('ssh_config resolved per host', () => {
  const config = () => {
    const f = join(lab.dir, 'ssh_config.h1alias')
    writeFileSync(
      f,
      `Host h1alias\n  HostName ::1\n  Port ${main.port}\n  User root\n  IdentityFile ${lab.plainKey}\n  UserKnownHostsFile ${main.knownHosts}\n`,
    )
    return f
  }

  it.each([
    ['ssh -G', 'ssh'],
    ['the fallback reader', false],
  ] as const)(
    'Host h1alias / HostName ::1 / Port P: no port in the targets file, and P is used (%s)',
    async (_, binary) => {
      const t = await connect({ name: 'h1', host: 'h1alias', sshConfig: config(), sshBinary: binary, ...timing })
      expect(t.label).toBe(`ssh:root@[::1]:${main.port} (h1)`)
      expect((await t.exec('echo ok', run)).stdout).toBe('ok\n')
    },
  )

  it('a ProxyCommand is refused with what to use instead: v6ready runs no local command', async () => {
    const f = join(lab.dir, 'ssh_config.proxycommand')
    writeFileSync(f, 'Host pc\n  ProxyCommand nc %h %p\n')
    const e = await refusal({ name: 'pc', host: 'pc', sshConfig: f, ...timing })
    expect(e.kind).toBe('config')
    expect(e.message).toBe(
      'ssh to pc: ssh_config gives pc a ProxyCommand (nc %h %p); v6ready runs no local command: use ProxyJump in ssh_config, or ssh.jump in the targets file',
    )
  })

  it("a config ssh refuses is refused, in ssh's own words with file and line", async () => {
    const f = join(lab.dir, 'ssh_config.bad')
    writeFileSync(f, 'Host bad\n  Port 0\n')
    const e = await refusal({ name: 'bad', host: 'bad', sshConfig: f, ...timing })
    expect(e.kind).toBe('config')
    expect(e.message).toBe(
      `ssh to bad: ssh_config for bad: ssh -G refused it: ${f} line 2: Bad port '0'.; ${f}: terminating, 1 bad configuration options`,
    )
  })
})

describe("OpenSSH's defaults where the targets file says nothing", () => {
  it('~/.ssh/id_ed25519 and ~/.ssh/known_hosts, with no identity and no known_hosts set', async () => {
    process.env.HOME = home('defaults', { key: true, knownHosts: true })
    delete process.env.SSH_AUTH_SOCK
    const t = await connect({ name: 'ctl1', host: '::1', port: main.port, user: 'root', sshConfig: false, ...timing })
    expect((await t.exec('echo defaults', run)).stdout).toBe('defaults\n')
  })

  it('the agent at $SSH_AUTH_SOCK, without agent: true', async () => {
    const sock = join(lab.dir, 'agent.sock')
    const agent: ChildProcess = spawn('ssh-agent', ['-D', '-a', sock], { stdio: 'ignore' })
    try {
      for (let i = 0; !existsSync(sock); i++) {
        if (i > 100) throw new Error('ssh-agent did not start')
        await new Promise((r) => setTimeout(r, 20))
      }
      await execa('ssh-add', ['-q', lab.agentKey], { env: { SSH_AUTH_SOCK: sock } })
      process.env.HOME = home('agent', { knownHosts: true }) // no key file: only the agent can authenticate
      process.env.SSH_AUTH_SOCK = sock
      const t = await connect({ name: 'ctl1', host: '::1', port: main.port, user: 'root', sshConfig: false, ...timing })
      expect((await t.exec('echo agent', run)).stdout).toBe('agent\n')
      await t.close()
      // agent: false turns the default off: nothing else can authenticate.
      const e = await refusal({
        name: 'ctl1',
        host: '::1',
        port: main.port,
        user: 'root',
        agent: false,
        sshConfig: false,
        ...timing,
      })
      expect(e.kind).toBe('auth')
    } finally {
      agent.kill('SIGKILL')
    }
  })

  it('a value the targets file names replaces the default: its known_hosts, not ~/.ssh/known_hosts', async () => {
    process.env.HOME = home('replaced', { key: true, knownHosts: true })
    const empty = join(lab.dir, 'empty_known_hosts')
    writeFileSync(empty, '')
    const e = await refusal({
      name: 'ctl1',
      host: '::1',
      port: main.port,
      user: 'root',
      knownHosts: [empty],
      sshConfig: false,
      ...timing,
    })
    expect(e.kind).toBe('hostkey-unknown')
  })
})

describe('host keys', () => {
  it('unknown: refused, naming the fingerprint and the command that adds it; that command, run, lets the next connect in', async () => {
    process.env.HOME = home('keyscan', { key: true })
    const kh = join(process.env.HOME, '.ssh/known_hosts')
    const o: SshOptions = { name: 'ctl1', host: '::1', port: main.port, user: 'root', sshConfig: false, ...timing }
    const e = await refusal(o)
    expect(e.kind).toBe('hostkey-unknown')
    const fp = await fingerprint(main.hostPubFile)
    const cmd = `ssh-keyscan -p ${main.port} -t ed25519 ::1 >> ${kh}`
    expect(e.message).toBe(
      `ssh to ctl1 (root@[::1]:${main.port}): host key unknown: no entry for [::1]:${main.port} in ${kh}, ${kh}2, /etc/ssh/ssh_known_hosts, /etc/ssh/ssh_known_hosts2; the host offered ${fp} (ssh-ed25519). v6ready never learns a key: check that fingerprint out of band, then add the key with \`${cmd}\``,
    )
    // Here "out of band" is the harness, which made the key: the same fingerprint.
    await execa('sh', ['-c', cmd])
    expect(readFileSync(kh, 'utf8')).toContain(main.hostPub)
    const t = await connect(o)
    expect((await t.exec('echo known', run)).stdout).toBe('known\n')
  })

  it('a changed key is refused even when ssh_config says StrictHostKeyChecking no', async () => {
    const kh = join(lab.dir, 'known_hosts.changed')
    writeFileSync(kh, `[::1]:${main.port} ${lab.strangerPub}\n`)
    const f = join(lab.dir, 'ssh_config.lax')
    writeFileSync(f, 'Host *\n  StrictHostKeyChecking no\n  UserKnownHostsFile /dev/null\n')
    const e = await refusal({
      name: 'ctl1',
      host: '::1',
      port: main.port,
      user: 'root',
      identity: [lab.plainKey],
      knownHosts: [kh],
      sshConfig: f,
      ...timing,
    })
    expect(e.kind).toBe('hostkey-mismatch')
    expect(e.message).toContain('HOST KEY MISMATCH')
  })
})
