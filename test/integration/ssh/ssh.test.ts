// The ssh transport against real OpenSSH sshd instances on ::1 (started and killed here).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execa } from 'execa'
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { clearKeyCache, keyCacheStats } from '../../../lib/transport/ssh-keys.ts'
import type { SshOptions } from '../../../lib/transport/ssh-options.ts'
import { connectSsh } from '../../../lib/transport/ssh.ts'
import { TransportError, type Transport } from '../../../lib/transport/types.ts'
import { fingerprint, makeLab, startSshd, type Lab, type Sshd } from './harness.ts'

let lab: Lab
let main: Sshd
let small: Sshd // MaxSessions 2
let jump: Sshd
const open: Transport[] = []

beforeAll(async () => {
  lab = await makeLab()
  ;[main, small, jump] = await Promise.all([
    startSshd(lab, 'main'),
    startSshd(lab, 'small', ['MaxSessions 2']),
    startSshd(lab, 'jump'),
  ])
})

afterAll(async () => {
  await Promise.all(open.map((t) => t.close()))
  await Promise.all([main, small, jump].map((s) => s?.stop()))
  lab?.cleanup()
})

const base = (s: Sshd, over: Partial<SshOptions> = {}): SshOptions => ({
  name: 'ctl1',
  host: '::1',
  port: s.port,
  user: 'root',
  identity: [lab.plainKey],
  knownHosts: [s.knownHosts],
  readyTimeoutMs: 5000,
  keepaliveIntervalMs: 5000,
  keepaliveCountMax: 3,
  ...over,
})

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

const run = { timeoutMs: 10_000, maxBytes: 1 << 20 }

describe('connect and exec', () => {
  it('runs commands over one connection, with exit codes, stdout and stderr', async () => {
    const t0 = performance.now()
    const t = await connect(base(main, { host: '[::1]' })) // brackets are stripped
    const connectMs = performance.now() - t0
    expect(t.label).toContain('[::1]:')
    const r = await t.exec('echo out; echo err >&2; exit 3', run)
    expect(r).toMatchObject({ code: 3, stdout: 'out\n', stderr: 'err\n', truncated: false, timedOut: false })

    // Logged, not asserted: the number depends on the machine's load (5–30 ms here; ~2× that with Nagle).
    const seq0 = performance.now()
    for (let i = 0; i < 20; i++) await t.exec('true', run)
    const perExec = (performance.now() - seq0) / 20
    console.log(`connect ${connectMs.toFixed(0)} ms; sequential exec ${perExec.toFixed(1)} ms`)
  })

  it('runs 50 concurrent execs on the default MaxSessions (10)', async () => {
    const t = await connect(base(main))
    const t0 = performance.now()
    const rs = await Promise.all(Array.from({ length: 50 }, (_, i) => t.exec(`echo ${i}; exit ${i % 4}`, run)))
    console.log(`50 concurrent execs: ${(performance.now() - t0).toFixed(0)} ms, ${t.retries} open retries`)
    rs.forEach((r, i) => expect(r).toMatchObject({ code: i % 4, stdout: `${i}\n` }))
  })

  it('survives MaxSessions 2: limiter plus retry on "open failed"', async () => {
    const t = await connect(base(small))
    const rs = await Promise.all(Array.from({ length: 24 }, (_, i) => t.exec(`echo ${i}`, run)))
    rs.forEach((r, i) => expect(r).toMatchObject({ code: 0, stdout: `${i}\n` }))
    console.log(`MaxSessions 2, 24 concurrent execs: ${t.retries} open retries`)
    expect(t.retries).toBeGreaterThan(0) // proves the server really refused channels
  })

  it('pipes stdin and closes it', async () => {
    const t = await connect(base(main))
    expect((await t.exec('cat', { ...run, stdin: 'hello\nworld\n' })).stdout).toBe('hello\nworld\n')
    expect((await t.exec('wc -c', { ...run, stdin: 'x'.repeat(300_000) })).stdout.trim()).toBe('300000')
    expect((await t.exec('wc -c', run)).stdout.trim()).toBe('0') // no stdin: EOF at once, no hang
  })

  it('bounds output at maxBytes and still gets the exit code', async () => {
    const t = await connect(base(main))
    const r = await t.exec('head -c 5000000 /dev/zero; echo tail >&2; exit 7', { ...run, maxBytes: 1_000_000 })
    expect(r.stdout.length).toBe(1_000_000)
    expect(r).toMatchObject({ truncated: true, code: 7, stderr: 'tail\n', timedOut: false })
  })

  it('times out an exec, asks sshd to kill the command, and keeps the connection usable', async () => {
    const t = await connect(base(main))
    const r = await t.exec('sleep 3.17', { ...run, timeoutMs: 500 })
    expect(r).toMatchObject({ timedOut: true, code: null })
    expect(r.durationMs).toBeGreaterThanOrEqual(490)
    expect(r.durationMs).toBeLessThan(1000)
    expect((await t.exec('echo still-here', run)).stdout).toBe('still-here\n')
    // The KILL request reached sshd, which refuses it for root: root sessions run in the privileged
    // monitor, and sshd only signals from a privilege-separated child. So the sleep runs out its 3 s.
    await expect
      .poll(() => main.stderr(), { timeout: 2000 })
      .toMatch(/session signalling requires privilege separation/)
  })
})

describe('host keys', () => {
  it('accepts a hashed known_hosts entry', async () => {
    const f = join(lab.dir, 'known_hosts.hashed')
    writeFileSync(f, `[::1]:${main.port} ${main.hostPub}\n`)
    await execa('ssh-keygen', ['-H', '-f', f])
    const t = await connect(base(main, { knownHosts: ['/nonexistent/known_hosts', f] }))
    expect((await t.exec('echo ok', run)).stdout).toBe('ok\n')
  })

  it('refuses a wrong host key, naming the host and both fingerprints', async () => {
    const f = join(lab.dir, 'known_hosts.wrong')
    writeFileSync(f, `[::1]:${main.port} ${lab.strangerPub}\n`)
    const e = await refusal(base(main, { knownHosts: [f] }))
    expect(e.kind).toBe('hostkey-mismatch')
    expect(e.message).toContain('ctl1')
    expect(e.message).toContain(`[::1]:${main.port}`)
    expect(e.message).toContain(await fingerprint(lab.strangerPubFile)) // expected
    expect(e.message).toContain(await fingerprint(main.hostPubFile)) // offered
    expect(e).toMatchObject({ host: 'ctl1', address: '::1', port: main.port })
  })

  it('refuses an unknown host (never learns keys)', async () => {
    const f = join(lab.dir, 'known_hosts.otherport')
    writeFileSync(f, `::1 ${main.hostPub}\n`) // port 22 entry: does not cover main.port
    const e = await refusal(base(main, { knownHosts: [f] }))
    expect(e.kind).toBe('hostkey-unknown')
    expect(e.message).toContain(await fingerprint(main.hostPubFile))
  })
})

describe('keys and agent', () => {
  it('parses an encrypted key once per process', async () => {
    clearKeyCache()
    const before = keyCacheStats()
    const o = base(main, { identity: [lab.encKey], passphrase: lab.passphrase })
    let t0 = performance.now()
    await connect(o)
    const first = performance.now() - t0
    t0 = performance.now()
    const t = await connect(o)
    const second = performance.now() - t0
    console.log(`encrypted key: first connect ${first.toFixed(0)} ms, cached ${second.toFixed(0)} ms`)
    expect(keyCacheStats()).toEqual({ parses: before.parses + 1, hits: before.hits + 1 })
    expect((await t.exec('echo ok', run)).stdout).toBe('ok\n')
  })

  it('wrong passphrase: kind key, and the passphrase is not in the message', async () => {
    const wrong = 'Tr0ub4dor&3-wrong'
    const e = await refusal(base(main, { identity: [lab.encKey], passphrase: wrong }))
    expect(e.kind).toBe('key')
    expect(e.message).toMatch(/wrong passphrase/)
    expect(e.message).toContain(lab.encKey)
    expect(JSON.stringify({ m: e.message, s: e.stack, c: String(e.cause) })).not.toContain(wrong)
    expect(JSON.stringify({ m: e.message, s: e.stack })).not.toContain(lab.passphrase)
  })

  it('encrypted key without a passphrase: kind key', async () => {
    const e = await refusal(base(main, { identity: [lab.encKey] }))
    expect(e.kind).toBe('key')
    expect(e.message).toMatch(/no passphrase/)
  })

  it('a key the server does not accept: kind auth', async () => {
    const e = await refusal(base(main, { identity: [join(lab.dir, 'stranger')] }))
    expect(e.kind).toBe('auth')
  })

  describe('ssh-agent', () => {
    let agent: ChildProcess | undefined
    const sock = () => join(lab.dir, 'agent.sock')
    beforeAll(async () => {
      agent = spawn('ssh-agent', ['-D', '-a', sock()], { stdio: 'ignore' })
      for (let i = 0; !existsSync(sock()); i++) {
        if (i > 100) throw new Error('ssh-agent did not start')
        await new Promise((r) => setTimeout(r, 20))
      }
      await execa('ssh-add', ['-q', lab.agentKey], { env: { SSH_AUTH_SOCK: sock() } })
    })
    afterAll(() => {
      agent?.kill('SIGKILL')
    })

    it('authenticates with agent: true ($SSH_AUTH_SOCK) and no identity file', async () => {
      const saved = process.env.SSH_AUTH_SOCK
      process.env.SSH_AUTH_SOCK = sock()
      try {
        const t = await connect(base(main, { identity: [], agent: true }))
        expect((await t.exec('echo agent', run)).stdout).toBe('agent\n')
      } finally {
        if (saved === undefined) delete process.env.SSH_AUTH_SOCK
        else process.env.SSH_AUTH_SOCK = saved
      }
    })
  })
})

describe('jump host and ssh_config', () => {
  it('reaches the target through a ProxyJump on another port, verifying both host keys', async () => {
    const t = await connect(
      base(main, { jump: `root@[::1]:${jump.port}`, knownHosts: [main.knownHosts, jump.knownHosts] }),
    )
    expect((await t.exec('echo via-jump', run)).stdout).toBe('via-jump\n')
    // The only way in was the jump sshd: it holds an established session from us.
    const ss = await execa('ss', ['-Htn', 'state', 'established', `( dport = :${jump.port} )`])
    expect(ss.stdout).not.toBe('')
  })

  it("refuses when the jump host's key is unknown, naming the jump", async () => {
    const e = await refusal(base(main, { jump: `root@[::1]:${jump.port}` }))
    expect(e.kind).toBe('hostkey-unknown')
    expect(e.message).toContain('jump host')
    expect(e.port).toBe(jump.port)
  })

  it('takes User, Port, HostName, IdentityFile and ProxyJump from an ssh_config; explicit options win', async () => {
    const cfg = join(lab.dir, 'ssh_config')
    writeFileSync(
      cfg,
      [
        'Host viajump',
        `  ProxyJump [::1]:${jump.port}`,
        'Host lab-*',
        '  HostName ::1',
        `  Port ${main.port}`,
        '  User root',
        `  IdentityFile ${join(lab.dir, 'missing_key')}`, // ssh skips a missing config identity
        `  IdentityFile ${lab.plainKey}`,
        'Host *',
        '  Port 1',
        '',
      ].join('\n'),
    )
    const known = [main.knownHosts, jump.knownHosts]
    const o = (host: string, over: Partial<SshOptions> = {}): SshOptions => ({
      name: host,
      host,
      sshConfig: cfg,
      knownHosts: known,
      readyTimeoutMs: 5000,
      keepaliveIntervalMs: 5000,
      keepaliveCountMax: 3,
      ...over,
    })
    const t = await connect(o('lab-a'))
    expect((await t.exec('id -un', run)).stdout).toBe('root\n')
    expect(t.label).toContain(`root@[::1]:${main.port}`)
    // Port 1 from `Host *` would be refused; the explicit port wins.
    const t2 = await connect(o('viajump', { host: '::1', port: main.port, user: 'root', identity: [lab.plainKey] }))
    expect((await t2.exec('echo ok', run)).stdout).toBe('ok\n')
    // viajump got its ProxyJump from the config: with the host alias '::1' it would not have.
    const e = await refusal(o('::1', { user: 'root', identity: [lab.plainKey] }))
    expect(e.kind).toBe('refused') // Host * → Port 1
  })
})
