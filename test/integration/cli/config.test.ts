// validate, list and explain as a user runs them: exit codes and what they print.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { cli, ROOT } from './cli.ts'

describe('v6ready validate', () => {
  test('the example file is valid; its local files (a CA, keys) are not on this machine, which it warns about', () => {
    const r = cli(['validate', '--targets', 'targets.example.yaml'], { OS_PASSWORD: '' })
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/^targets\.example\.yaml: ok \(\d+ targets: lab1, dual1\), \d+ warnings?\n$/)
    const lines = r.stderr.trim().split('\n')
    for (const l of lines) expect(l).toMatch(/^targets\.example\.yaml:\d+:\d+: warning: targets\.\w+\.\S+: the .* does not exist here: a run from this machine will fail to use it$/)
    expect(lines).toContain(`targets.example.yaml:37:11: warning: targets.lab1.tls.ca: the CA file ${join(ROOT, 'pki/lab1-ca.pem')} does not exist here: a run from this machine will fail to use it`)
  })

  test('warnings, each at file:line:col: a waiver for no check, a waiver that meets no subject, a missing file; still exit 0', () => {
    const dir = mkdtempSync(join(tmpdir(), 'v6r-warn-'))
    const f = join(dir, 'targets.yaml')
    writeFileSync(
      f,
      `targets:
  lab1:
    tls: { ca: ./ca.pem }
    hosts:
      - { name: ctl1, address: "2001:db8::11", listeners: [{ port: 5672 }] }
    waivers:
      - { check: hosts.listeners.ipv7, subject: "ctl1:5672", reason: r, expires: 2099-01-01 }
      - { check: hosts.listeners.ipv6, subject: "ctl2:5672", reason: r, expires: 2099-01-01 }
`,
    )
    const r = cli(['validate', '--targets', f])
    expect(r.status).toBe(0)
    expect(r.stdout).toBe(`${f}: ok (1 targets: lab1), 3 warnings\n`)
    expect(r.stderr.trim().split('\n')).toEqual([
      `${f}:3:16: warning: targets.lab1.tls.ca: the CA file ${join(dir, 'ca.pem')} does not exist here: a run from this machine will fail to use it`,
      `${f}:7:18: warning: targets.lab1.waivers[0].check: no check "hosts.listeners.ipv7"; did you mean "hosts.listeners.ipv6"?: this waiver waives nothing (v6ready list shows the check IDs)`,
      `${f}:8:49: warning: targets.lab1.waivers[1].subject: no hosts.listeners.ipv6 test of lab1 has the subject "ctl2:5672"; did you mean "ctl1:5672"?: this waiver waives nothing (v6ready list --target lab1 shows the subjects)`,
    ])
  })
  test('a broken file gets one line per error with file:line:col, and exit 2', () => {
    const r = cli(['validate', '--targets', 'test/fixtures/targets/broken.yaml'])
    expect(r.status).toBe(2)
    const lines = r.stderr.trim().split('\n')
    expect(lines).toHaveLength(5)
    for (const l of lines) expect(l).toMatch(/^test\/fixtures\/targets\/broken\.yaml:\d+:\d+: targets\.lab1\.\S+: .+$/)
    expect(lines).toContain('test/fixtures/targets/broken.yaml:15:18: targets.lab1.hosts[0].address: invalid IPv6 address')
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
