// The overlay suite through the real CLI, against the in-memory Neutron and a Keystone on ::1:
// a full run that passes and leaves nothing, `cleanup --dry-run` after it, and a run interrupted
// with SIGINT that deletes what it had made and exits 130.
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { fakeKeystone, FAKE_PASSWORD } from '../../unit/overlay/fake-keystone.ts'
import { fakeNeutron, type FakeNeutron } from '../../unit/overlay/fake-neutron.ts'
import { cliAsync, type CliRun } from '../../faults/cli-async.ts'
import { junitCases } from './cli.ts'

const dir = mkdtempSync(join(tmpdir(), 'v6r-overlay-cli-'))
let neutron: FakeNeutron
let keystone: Awaited<ReturnType<typeof fakeKeystone>>
let targets: string

beforeAll(async () => {
  neutron = await fakeNeutron({ delayMs: 5 })
  keystone = await fakeKeystone(neutron.url, neutron.token)
  targets = join(dir, 'targets.yaml')
  writeFileSync(
    targets,
    `targets:\n  fake:\n    openstack:\n      auth_url: "${keystone.url}"\n      username: admin\n      password: ${FAKE_PASSWORD}\n      project: admin\n      overlay: { enabled: true, cidr: "2001:db8:100::/48" }\n`,
  )
})
afterAll(async () => {
  await keystone.close()
  await neutron.close()
})

describe('v6ready run --suite overlay', () => {
  const report = join(dir, 'run')
  let ran: CliRun
  beforeAll(async () => {
    ran = await cliAsync([
      'run',
      '--target',
      'fake',
      '--targets',
      targets,
      '--suite',
      'overlay',
      '--report-dir',
      report,
    ])
  }, 180_000)

  test('every overlay test passes and is in the JUnit with its check', () => {
    expect(ran.status, ran.stdout + ran.stderr).toBe(0)
    const cases = junitCases(join(report, 'junit.xml'))
    const overlay = [...cases].filter(([k]) => k.includes('overlay.'))
    expect(overlay.length).toBe(56)
    expect(overlay.filter(([, c]) => c.state !== 'passed')).toEqual([])
  })

  test('nothing is left in Neutron, and the journal is gone', () => {
    expect(neutron.leftovers('v6ready-')).toEqual([])
    expect(existsSync(join(report, 'overlay-journal.jsonl'))).toBe(false)
  })

  test('the token is in no report', () => {
    for (const f of ['junit.xml', 'observations.json', 'summary.md'])
      expect(readFileSync(join(report, f), 'utf8')).not.toContain(neutron.token)
    expect(ran.stdout + ran.stderr).not.toContain(neutron.token)
  })

  test('cleanup --dry-run then finds nothing and exits 0', async () => {
    const c = await cliAsync(['cleanup', '--target', 'fake', '--targets', targets, '--dry-run'])
    expect(c.status, c.stdout + c.stderr).toBe(0)
    expect(c.stdout).toMatch(/^no v6ready-\* resources at http:\/\/\[::1\]:\d+/m)
  })
})

describe('when the overlay cannot or must not run', () => {
  test('--replay skips every overlay test with the reason', async () => {
    const c = await cliAsync([
      'run',
      '--replay',
      join(dir, 'run', 'observations.json'),
      '--suite',
      'overlay',
      '--report-dir',
      join(dir, 'replay'),
    ])
    expect(c.status, c.stderr).toBe(0)
    const cases = [...junitCases(join(dir, 'replay', 'junit.xml')).values()]
    expect(cases).toHaveLength(56)
    expect(new Set(cases.map((x) => `${x.state} ${x.message ?? ''}`))).toEqual(
      new Set([
        'skipped --replay judges recorded observations; the overlay suite acts on Neutron and is never replayed',
      ]),
    )
  }, 120_000)

  test('a failed authentication is one failing test that says why; the others are skipped', async () => {
    const bad = join(dir, 'bad.yaml')
    writeFileSync(bad, readFileSync(targets, 'utf8').replace(FAKE_PASSWORD, 'wrong-password'))
    const c = await cliAsync([
      'run',
      '--target',
      'fake',
      '--targets',
      bad,
      '--suite',
      'overlay',
      '--report-dir',
      join(dir, 'bad'),
    ])
    expect(c.status).toBe(1)
    const cases = [...junitCases(join(dir, 'bad', 'junit.xml'))]
    const failed = cases.filter(([, x]) => x.state === 'failed')
    expect(failed.map(([k]) => k)).toEqual(['v6ready.overlay.session overlay.network.crud session'])
    expect(failed[0]?.[1].message).toMatch(
      /^session: expected a Keystone token, .*observed Keystone authentication failed: 401 Unauthorized/,
    )
    expect(failed[0]?.[1].message).toMatch(/Fix: check the credentials in the targets file .*token issue\)$/)
    expect(cases.filter(([, x]) => x.state === 'skipped')).toHaveLength(56)
    expect(readFileSync(join(dir, 'bad', 'junit.xml'), 'utf8')).not.toContain('wrong-password')
  }, 120_000)
})

describe('a run interrupted with SIGINT', () => {
  const report = join(dir, 'interrupted')
  let ran: CliRun
  beforeAll(async () => {
    neutron.faults.delayMs = 150
    const journal = join(report, 'overlay-journal.jsonl')
    ran = await cliAsync(
      ['run', '--target', 'fake', '--targets', targets, '--suite', 'overlay', '--report-dir', report],
      170_000,
      (child) => {
        // Interrupt once the tests have made something.
        const poll = setInterval(() => {
          if (existsSync(journal) && readFileSync(journal, 'utf8').split('\n').length > 10) {
            clearInterval(poll)
            child.kill('SIGINT')
          }
        }, 50)
      },
    )
    neutron.faults.delayMs = 5
  }, 180_000)

  test('exits 130 after deleting what it had made', () => {
    expect(ran.status, ran.stderr).toBe(130)
    expect(ran.stderr).toMatch(/v6ready overlay: SIGINT: deleting what run \S+ created/)
    expect(ran.stderr).toMatch(/nothing is left/)
    expect(neutron.leftovers('v6ready-')).toEqual([])
    expect(existsSync(join(report, 'overlay-journal.jsonl'))).toBe(false)
  })

  test('cleanup --dry-run finds nothing', async () => {
    const c = await cliAsync(['cleanup', '--target', 'fake', '--targets', targets, '--dry-run'])
    expect(c.status, c.stdout).toBe(0)
  })
})
