// Progress while hosts are observed, tried as an operator meets it: a host that accepts the TCP
// connection and never speaks SSH keeps the run waiting until ssh.timeout. The first line comes at
// once, then the run names the host it waits on: plain lines in a pipe, one line in place on a
// terminal (script(1) gives the run a pty).
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { ROOT } from './cli.ts'

const TSX = join(ROOT, 'node_modules/.bin/tsx')
const MAIN = join(ROOT, 'lib/cli/main.ts')
const ENV = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, CI: 'true' }
const listen = (server: net.Server): Promise<number> =>
  new Promise((ok) => server.listen(0, '::1', () => ok((server.address() as net.AddressInfo).port)))

describe('progress on stderr while hosts are observed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'v6r-progress-'))
  const silent = net.createServer(() => undefined)
  const targets = join(dir, 'targets.yaml')
  const args = (timeout: number, report: string) => [
    MAIN,
    'run',
    '--targets',
    targets,
    '--target',
    `slow${timeout}`,
    '--report-dir',
    join(dir, report),
  ]

  beforeAll(async () => {
    const port = await listen(silent)
    const closed = net.createServer()
    const closedPort = await listen(closed)
    await new Promise((ok) => closed.close(ok))
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'id')])
    writeFileSync(join(dir, 'known_hosts'), '')
    const target = (timeout: number) => `  slow${timeout}:
    ssh: { user: root, identity: ./id, known_hosts: ./known_hosts, timeout: ${timeout} }
    hosts:
      - { name: quick, address: "::1", ssh: { port: ${closedPort} } }
      - { name: silent, address: "::1", ssh: { port: ${port} } }
`
    writeFileSync(targets, `targets:\n${target(7)}${target(3)}`)
  })
  afterAll(() => void silent.close())

  test('in a pipe: the first line at once, then plain lines naming the host waited on, no escape code', () => {
    const r = spawnSync(TSX, args(7, 'pipe'), { cwd: ROOT, encoding: 'utf8', timeout: 120_000, env: ENV })
    expect(r.status, r.stderr).toBe(1)
    const lines = r.stderr.split('\n')
    expect(lines[0]).toBe('v6ready: observing slow7: 2 hosts')
    // Every 5 s in a log: at 5 s the run still waits on the silent host (ssh.timeout 7 s).
    expect(
      lines.some((l) => /^observed 1\/2 hosts; waiting on silent for [3-6] s$/.test(l)),
      r.stderr,
    ).toBe(true)
    expect(lines.some((l) => /^observed 2\/2 hosts in \d+\.\d s$/.test(l))).toBe(true)
    expect(r.stderr + r.stdout).not.toMatch(/[\x1b\r]/)
  }, 120_000)

  test('on a terminal: one line, rewritten in place every second', () => {
    const cmd = [TSX, ...args(3, 'tty')].map((s) => `'${s}'`).join(' ')
    const r = spawnSync('script', ['-qefc', cmd, '/dev/null'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 120_000,
      env: ENV,
    })
    expect(r.status, r.stdout).toBe(1)
    expect(r.stdout).toContain('v6ready: observing slow3: 2 hosts\r\n')
    expect(r.stdout).toMatch(/\r\x1b\[Kobserved 1\/2 hosts; waiting on silent for \d s\r\x1b\[K/)
    expect(r.stdout).toMatch(/\r\x1b\[Kobserved 2\/2 hosts in \d+\.\d s\r\n/)
  }, 120_000)
})
