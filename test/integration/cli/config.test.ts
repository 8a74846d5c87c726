// validate, list and explain as a user runs them: exit codes and what they print.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { cli, ROOT } from './cli.ts'

describe('v6ready validate', () => {
  // The example names a key in ~/.ssh, ./known_hosts and a CA: validate wants them there.
  const dir = mkdtempSync(join(tmpdir(), 'v6r-validate-'))
  const example = join(dir, 'targets.yaml')
  copyFileSync(join(ROOT, 'targets.example.yaml'), example)
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  test('the example file is valid, with the files it names in place; each host it resolves to is shown', () => {
    for (const f of ['home/.ssh/id_ed25519', 'known_hosts', 'pki/lab1-ca.pem']) {
      mkdirSync(join(dir, f, '..'), { recursive: true })
      writeFileSync(join(dir, f), '')
    }
    const r = cli(['validate', '--targets', example], { OS_PASSWORD: '', HOME: join(dir, 'home') })
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/^\S+targets\.yaml: ok \(\d+ targets: lab1/)
    expect(r.stdout).toMatch(/^lab1: \d+ hosts$/m)
    expect(r.stdout).toMatch(/^ {2}ctl1 {2}2001:db8::11 {2}user stack, port 22 {2}roles controller$/m)
  })

  test('a local file the targets file names that is not there is an error at its file:line', () => {
    const r = cli(['validate', '--targets', 'targets.example.yaml'], { OS_PASSWORD: '', HOME: join(dir, 'nohome') })
    expect(r.status).toBe(2)
    expect(r.stderr.trim().split('\n')).toEqual([
      `targets.example.yaml:20:13: targets.lab1.ssh.identity: no such file: ${join(dir, 'nohome')}/.ssh/id_ed25519`,
      `targets.example.yaml:20:13: targets.dual1.ssh.identity: no such file: ${join(dir, 'nohome')}/.ssh/id_ed25519`,
      `targets.example.yaml:21:16: targets.lab1.ssh.known_hosts: no such file: ${ROOT}known_hosts`,
      `targets.example.yaml:21:16: targets.dual1.ssh.known_hosts: no such file: ${ROOT}known_hosts`,
      `targets.example.yaml:37:11: targets.lab1.tls.ca: no such file: ${ROOT}pki/lab1-ca.pem`,
    ])
  })

  test('warnings, each at file:line:col: a waiver for no check, and a waiver that meets no subject; still exit 0', () => {
    const f = join(dir, 'waivers.yaml')
    writeFileSync(
      f,
      `targets:
  lab1:
    hosts:
      - { name: ctl1, address: "2001:db8::11", listeners: [{ port: 5672 }] }
    waivers:
      - { check: hosts.listeners.ipv7, subject: "ctl1:5672", reason: r, expires: 2099-01-01 }
      - { check: hosts.listeners.ipv6, subject: "ctl2:5672", reason: r, expires: 2099-01-01 }
`,
    )
    const r = cli(['validate', '--targets', f])
    expect(r.status).toBe(0)
    expect(r.stdout.split('\n')[0]).toBe(`${f}: ok (1 targets: lab1), 2 warnings`)
    expect(r.stderr.trim().split('\n')).toEqual([
      `${f}:6:18: warning: targets.lab1.waivers[0].check: no check "hosts.listeners.ipv7"; did you mean "hosts.listeners.ipv6"?: this waiver waives nothing (v6ready list shows the check IDs)`,
      `${f}:7:49: warning: targets.lab1.waivers[1].subject: no hosts.listeners.ipv6 test of lab1 has the subject "ctl2:5672"; did you mean "ctl1:5672"?: this waiver waives nothing (v6ready list --target lab1 shows the subjects)`,
    ])
  })
  test('a broken file gets one line per error with file:line:col, and exit 2', () => {
    const r = cli(['validate', '--targets', 'test/fixtures/targets/broken.yaml'])
    expect(r.status).toBe(2)
    const lines = r.stderr.trim().split('\n')
    expect(lines).toHaveLength(5)
    for (const l of lines) expect(l).toMatch(/^test\/fixtures\/targets\/broken\.yaml:\d+:\d+: targets\.lab1\.\S+: .+$/)
    expect(lines).toContain(
      'test/fixtures/targets/broken.yaml:15:18: targets.lab1.hosts[0].address: invalid IPv6 address',
    )
  })
})

describe('v6ready list', () => {
  test('lists the tests lab1 would generate, without touching lab1', () => {
    const r = cli(['list', '--targets', 'targets.example.yaml', '--target', 'lab1'])
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/^hosts\.reach\.ssh\s+hosts\s+smoke/m)
    expect(r.stdout).toMatch(/^ {4}hosts\.listeners\.ipv6 \S+:5000$/m)
    expect(r.stdout).toMatch(/\d+ tests for target lab1/)
  })
})

describe('v6ready explain', () => {
  test('says why and how to fix', () => {
    const r = cli(['explain', 'hosts.sysctl.accept-ra'])
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('accept_ra == 2')
    expect(r.stdout).toMatch(/^Fix: /m)
  })
})
