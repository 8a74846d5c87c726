// validate, list and explain as a user runs them: exit codes and what they print.
import { describe, expect, test } from 'vitest'
import { cli } from './cli.ts'

describe('v6ready validate', () => {
  test('the example file is valid', () => {
    const r = cli(['validate', '--targets', 'targets.example.yaml'], { OS_PASSWORD: '' })
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/^targets\.example\.yaml: ok \(\d+ targets: lab1/)
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
