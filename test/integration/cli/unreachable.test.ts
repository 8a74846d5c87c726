// A host that does not answer costs its own checks and nothing else: hosts.reach.ssh fails
// within the configured timeout and names the cause, the host's other checks are skipped with
// that reason, and the run goes on to write its reports.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { cli, junitCases, type Case } from './cli.ts'

const listen = (server: net.Server): Promise<number> =>
  new Promise((ok) => server.listen(0, '::1', () => ok((server.address() as net.AddressInfo).port)))

describe('unreachable SSH hosts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'v6r-dead-'))
  // Accepts the TCP connection and never says a word of SSH.
  const silent = net.createServer(() => undefined)
  let cases: Map<string, Case>
  let run: ReturnType<typeof cli>
  let elapsed = 0

  beforeAll(async () => {
    const silentPort = await listen(silent)
    const probe = net.createServer()
    const closedPort = await listen(probe) // a port where nothing listens once we close it
    await new Promise((ok) => probe.close(ok))
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'id')])
    writeFileSync(join(dir, 'known_hosts'), '')
    writeFileSync(
      join(dir, 'targets.yaml'),
      `targets:
  dead:
    ssh: { user: root, identity: ./id, known_hosts: ./known_hosts, timeout: 2 }
    hosts:
      - { name: refused, address: "::1", ssh: { port: ${closedPort} } }
      - { name: silent, address: "::1", ssh: { port: ${silentPort} } }
`,
    )
    const t0 = performance.now()
    run = cli(['run', '--targets', join(dir, 'targets.yaml'), '--target', 'dead', '--report-dir', join(dir, 'reports')])
    elapsed = performance.now() - t0
    cases = junitCases(join(dir, 'reports', 'junit.xml'))
  }, 60_000)
  afterAll(() => void silent.close())

  test('the run finishes with exit 1 and well-formed reports', () => {
    expect(run.status, run.stderr).toBe(1)
  })

  test('a refused port fails hosts.reach.ssh and names the cause', () => {
    const c = cases.get('v6ready.hosts.refused hosts.reach.ssh refused')
    expect(c?.state).toBe('failed')
    expect(c?.message).toMatch(/refused/i)
  })

  test('a listener that never speaks SSH fails within the configured timeout', () => {
    const c = cases.get('v6ready.hosts.silent hosts.reach.ssh silent')
    expect(c?.state).toBe('failed')
    expect(c?.message).toMatch(/timeout|timed out/i)
    const o = JSON.parse(readFileSync(join(dir, 'reports', 'observations.json'), 'utf8'))
    const host = o.hosts.find((h: { name: string }) => h.name === 'silent')
    expect(host.durationMs).toBeGreaterThanOrEqual(1900)
    expect(host.durationMs).toBeLessThan(2600)
    // Hosts are observed concurrently: the run waits for one handshake timeout, not one per host.
    expect(elapsed).toBeLessThan(2000 + 15_000)
  })

  test("every other check of those hosts is skipped with the host's cause", () => {
    for (const host of ['refused', 'silent']) {
      const others = [...cases].filter(
        ([k]) => k.startsWith(`v6ready.hosts.${host} `) && !k.includes('hosts.reach.ssh'),
      )
      expect(others.length).toBeGreaterThan(3)
      for (const [, c] of others) {
        expect(c.state).toBe('skipped')
        expect(c.message).toContain(`${host} was not observed`)
      }
    }
  })
})
