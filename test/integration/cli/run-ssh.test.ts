// The hosts suite over real SSH: this machine observed through an sshd on ::1 must be judged
// exactly as the local transport judges it, and a probe of the sshd port goes over IPv6.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Observations } from '../../../lib/observe/record.ts'
import { makeLab, startSshd, type Lab, type Sshd } from '../ssh/harness.ts'
import { cli, junitCases, type Case } from './cli.ts'

/** Verdict states keyed by check and detail, with the host's name taken out. */
const byCheck = (cases: Map<string, Case>) =>
  new Map(
    [...cases].map(([k, c]) => {
      const host = /^v6ready\.hosts\.(\S+) /.exec(k)?.[1] ?? ''
      return [k.slice(`v6ready.hosts.${host} `.length).replace(new RegExp(` ${host}$`), ' HOST'), c.state]
    }),
  )

describe('v6ready run over SSH', () => {
  const dir = mkdtempSync(join(tmpdir(), 'v6r-ssh-'))
  let lab: Lab
  let sshd: Sshd
  let ssh: Map<string, Case>
  let local: Map<string, Case>
  let status: number | null
  const observations = () => JSON.parse(readFileSync(join(dir, 'ssh', 'observations.json'), 'utf8')) as Observations

  beforeAll(async () => {
    lab = await makeLab()
    sshd = await startSshd(lab, 'self')
    writeFileSync(
      join(dir, 'targets.yaml'),
      `targets:
  self:
    stack: dual-stack
    ssh: { user: root, identity: ${lab.plainKey}, known_hosts: ${sshd.knownHosts} }
    hosts:
      - name: self
        address: "::1"
        ssh: { port: ${sshd.port} }
        listeners: auto
      - name: probe
        address: "::1"
        ssh: { port: ${sshd.port} }
        listeners: [{ port: ${sshd.port}, service: sshd }]
`,
    )
    const r = cli(['run', '--targets', join(dir, 'targets.yaml'), '--target', 'self', '--report-dir', join(dir, 'ssh')])
    status = r.status
    ssh = junitCases(join(dir, 'ssh', 'junit.xml'))
    cli(['run', '--report-dir', join(dir, 'local')])
    local = junitCases(join(dir, 'local', 'junit.xml'))
  }, 120_000)
  afterAll(async () => {
    await sshd?.stop()
    lab?.cleanup()
  })

  test('the host is reached and observed', () => {
    expect([0, 1]).toContain(status)
    expect(ssh.get('v6ready.hosts.self hosts.reach.ssh self')?.state).toBe('passed')
  })

  test('the same machine gets the same verdicts through SSH as through the local transport', () => {
    const self = byCheck(
      new Map(
        [...ssh].filter(
          ([k]) => k.startsWith('v6ready.hosts.self ') && !k.includes(`:${sshd.port}`) && !k.endsWith(` ${sshd.port}`),
        ),
      ),
    )
    const here = byCheck(new Map([...local].filter(([k]) => !k.includes('hosts.reach.ssh'))))
    self.delete('hosts.reach.ssh HOST')
    expect(self).toEqual(here)
  })

  test('a named listener is probed over IPv6, and a loopback-only bind is called that', () => {
    expect(ssh.get(`v6ready.hosts.probe hosts.listeners.reachable ${sshd.port}`)?.state).toBe('passed')
    // sshd's own port: the SSH connection to [::1] is that connect, so no second one is made.
    const probe = observations().hosts.find((h) => h.name === 'probe')
    expect(probe?.probes).toEqual([
      {
        port: sshd.port,
        address: '::1',
        ok: true,
        ms: expect.any(Number),
        family: 'IPv6',
        remoteAddress: '::1',
        via: 'ssh',
      },
    ])
    const bind = ssh.get(`v6ready.hosts.probe hosts.listeners.ipv6 ${sshd.port}`)
    expect(bind?.state).toBe('failed')
    expect(bind?.message).toContain('bound to loopback only (::1)')
  })
})
