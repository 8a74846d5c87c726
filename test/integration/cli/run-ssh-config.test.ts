// Issue 17: a host reached the way the operator's own ssh reaches it. The targets file names only
// ssh_config; the port, user, key and known_hosts come from it (`ssh -G`), not from v6ready's defaults.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Observations } from '../../../lib/observe/record.ts'
import { makeLab, startSshd, type Lab, type Sshd } from '../ssh/harness.ts'
import { cli, junitCases, type Case } from './cli.ts'

describe('v6ready run with the port in ssh_config only', () => {
  const dir = mkdtempSync(join(tmpdir(), 'v6r-sshcfg-run-'))
  let lab: Lab
  let sshd: Sshd
  let cases: Map<string, Case>
  const observations = () => JSON.parse(readFileSync(join(dir, 'report', 'observations.json'), 'utf8')) as Observations

  beforeAll(async () => {
    lab = await makeLab()
    sshd = await startSshd(lab, 'cfg')
    writeFileSync(
      join(dir, 'ssh_config'),
      `Host h1alias\n  HostName ::1\n  Port ${sshd.port}\n  User root\n  IdentityFile ${lab.plainKey}\n  UserKnownHostsFile ${sshd.knownHosts}\n`,
    )
    writeFileSync(
      join(dir, 'targets.yaml'),
      `targets:\n  t:\n    ssh: { ssh_config: ./ssh_config }\n    hosts:\n      - name: h1alias\n        listeners: [{ port: ${sshd.port}, service: sshd, address: "::1" }]\n`,
    )
    cli([
      'run',
      '--targets',
      join(dir, 'targets.yaml'),
      '--target',
      't',
      '--suite',
      'hosts',
      '--report-dir',
      join(dir, 'report'),
    ])
    cases = junitCases(join(dir, 'report', 'junit.xml'))
  }, 120_000)

  afterAll(async () => {
    await sshd?.stop()
    lab?.cleanup()
    rmSync(dir, { recursive: true, force: true })
  })

  test('the host is reached on the Port ssh_config gives, not on 22', () => {
    expect(cases.get('v6ready.hosts.h1alias hosts.reach.ssh h1alias')?.state).toBe('passed')
    const h = observations().hosts[0]
    expect(h?.ok).toBe(true)
    // The targets file set no port: none is recorded as if it had.
    expect(observations().target.hosts[0]?.ssh?.port).toBeUndefined()
  })

  test('the SSH connection counts as the probe of that port, known only once connected', () => {
    expect(observations().hosts[0]?.probes).toEqual([
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
    expect(cases.get(`v6ready.hosts.h1alias hosts.listeners.reachable ${sshd.port}`)?.state).toBe('passed')
  })
})
