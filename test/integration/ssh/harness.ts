// A real OpenSSH sshd for the transport tests: loopback (::1) only, throwaway keys, killed by the test.
import { spawn, type ChildProcess } from 'node:child_process'
import { execa } from 'execa'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sshdConfig } from '../../../lab/sshd.ts'

export const SSHD = '/usr/sbin/sshd'

/** A port on ::1 nobody listens on right now. */
export async function freePort(): Promise<number> {
  const srv = net.createServer()
  await new Promise<void>((r) => srv.listen(0, '::1', r))
  const { port } = srv.address() as net.AddressInfo
  await new Promise((r) => srv.close(r))
  return port
}

export async function keygen(
  path: string,
  opts: { type?: string; passphrase?: string; comment?: string } = {},
): Promise<string> {
  await execa('ssh-keygen', [
    '-q',
    '-t',
    opts.type ?? 'ed25519',
    '-N',
    opts.passphrase ?? '',
    '-C',
    opts.comment ?? 'v6ready-test',
    '-f',
    path,
  ])
  return readFileSync(`${path}.pub`, 'utf8').trim()
}

/** `ssh-keygen -lf` of a public key file: "SHA256:...". */
export async function fingerprint(pubFile: string): Promise<string> {
  return (await execa('ssh-keygen', ['-lf', pubFile])).stdout.split(' ')[1] as string
}

/** Every process under pid (not pid itself), from /proc. */
export function descendants(pid: number): number[] {
  const children = new Map<number, number[]>()
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue
    try {
      // "pid (comm) state ppid ...": comm may hold spaces, so split after the last ')'.
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      children.set(ppid, [...(children.get(ppid) ?? []), Number(d)])
    } catch {
      // exited meanwhile
    }
  }
  const out: number[] = []
  const walk = (p: number) => {
    for (const c of children.get(p) ?? []) out.push(c), walk(c)
  }
  walk(pid)
  return out
}

export function signalAll(pids: number[], sig: NodeJS.Signals): void {
  for (const p of pids) {
    try {
      process.kill(p, sig)
    } catch {
      // gone
    }
  }
}

export interface Lab {
  dir: string
  /** Client keys, all in authorized_keys. */
  plainKey: string
  encKey: string
  passphrase: string
  agentKey: string
  /** Public key text of an ed25519 key no server uses, for mismatch tests. */
  strangerPub: string
  strangerPubFile: string
  cleanup(): void
}

export async function makeLab(): Promise<Lab> {
  const dir = mkdtempSync(join(tmpdir(), 'v6ready-ssh-'))
  const passphrase = 'correct horse battery staple'
  const pubs = [
    await keygen(join(dir, 'id_plain')),
    await keygen(join(dir, 'id_enc'), { passphrase }),
    await keygen(join(dir, 'id_agent')),
  ]
  writeFileSync(join(dir, 'authorized_keys'), pubs.join('\n') + '\n', { mode: 0o600 })
  const strangerPub = await keygen(join(dir, 'stranger'))
  return {
    dir,
    plainKey: join(dir, 'id_plain'),
    encKey: join(dir, 'id_enc'),
    passphrase,
    agentKey: join(dir, 'id_agent'),
    strangerPub,
    strangerPubFile: join(dir, 'stranger.pub'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  }
}

export interface Sshd {
  port: number
  pid: number
  /** "ssh-ed25519 AAAA..." of its host key. */
  hostPub: string
  hostPubFile: string
  /** A known_hosts file holding its key as `[::1]:port`. */
  knownHosts: string
  stderr(): string
  stop(): Promise<void>
}

export async function startSshd(lab: Lab, name: string, extra: string[] = []): Promise<Sshd> {
  mkdirSync('/run/sshd', { recursive: true }) // sshd's privilege-separation directory
  const port = await freePort()
  const d = join(lab.dir, name)
  mkdirSync(d)
  const hostKey = join(d, 'host_ed25519')
  const hostPub = (await keygen(hostKey, { comment: `host-${name}` })).split(' ').slice(0, 2).join(' ')
  const cfg = join(d, 'sshd_config')
  writeFileSync(
    cfg,
    sshdConfig({
      listen: '::1',
      port,
      hostKey,
      pidFile: join(d, 'sshd.pid'),
      authorizedKeys: join(lab.dir, 'authorized_keys'),
      extra,
    }),
  )
  await execa(SSHD, ['-t', '-f', cfg]) // config errors surface here, not as a connect timeout
  const child: ChildProcess = spawn(SSHD, ['-D', '-e', '-f', cfg], { stdio: ['ignore', 'ignore', 'pipe'] })
  let err = ''
  child.stderr?.on('data', (b: Buffer) => (err += b.toString()))
  const knownHosts = join(d, 'known_hosts')
  writeFileSync(knownHosts, `[::1]:${port} ${hostPub}\n`)
  // Wait until it listens (bounded).
  for (let i = 0; ; i++) {
    const ok = await new Promise<boolean>((r) => {
      const s = net.connect({ host: '::1', port }, () => (s.destroy(), r(true)))
      s.on('error', () => r(false))
    })
    if (ok) break
    if (i > 100 || child.exitCode !== null) throw new Error(`sshd ${name} did not start: ${err}`)
    await new Promise((r) => setTimeout(r, 20))
  }
  const pid = child.pid as number
  return {
    port,
    pid,
    hostPub,
    hostPubFile: `${hostKey}.pub`,
    knownHosts,
    stderr: () => err,
    async stop() {
      const all = [pid, ...descendants(pid)]
      signalAll(all, 'SIGCONT') // in case a test left it stopped
      signalAll(all, 'SIGKILL')
      if (child.exitCode === null && child.signalCode === null) await new Promise((r) => child.once('exit', r))
    },
  }
}
