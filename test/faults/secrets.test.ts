// Secrets and terminal escapes through a whole `v6ready run`: hosts (real sshds on ::1) whose config
// files, login noise and stderr hold secrets in every shape, at random positions (fast-check), and
// the run's own SSH passphrase and OpenStack password echoed verbatim. No piece of any secret may
// appear in the console or in any file of the report directory, and nothing a host printed may
// reach them as a terminal escape or a bidi override.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { makeLab, type Lab, type Sshd } from '../integration/ssh/harness.ts'
import { leakOf, SHAPES } from '../../lab/secret-shapes.ts'
import { planted, type Planted } from '../unit/secrets/shapes.ts'
import { cliAsync, type CliRun } from './cli-async.ts'
import { misbehavingSshd } from './hosts-sshd.ts'

let lab: Lab
const sshds: Sshd[] = []

beforeAll(async () => {
  lab = await makeLab()
})

afterAll(async () => {
  await Promise.all(sshds.map((s) => s.stop()))
  lab?.cleanup()
})

/** Everything the run showed: its console and every file it wrote. */
function outputsOf(run: CliRun, reportDir: string): { stdout: string; stderr: string } & Record<string, string> {
  const files = Object.fromEntries(readdirSync(reportDir).map((f) => [f, readFileSync(join(reportDir, f), 'utf8')]))
  return { stdout: run.stdout, stderr: run.stderr, ...files }
}

const OS_PASSWORD = 'Os-Pw-4hT9wQ2z'
const STDERR_SECRET = 'Sq-stderr-8dK2'
/** A line a judge quotes (an unbracketed IPv6 literal before a port), with escapes around it. */
const HOSTILE = 'rabbit_hosts = 2001:db8::11:5672 \x1b]0;pwned\x07\x1b[2J\u202eevil\x1b]8;;http://e.x\x07link'

describe('no secret and no escape from a host reaches any output of a full run', () => {
  let n = 0

  /** One run: a host whose configs hold `cases` and whose login noise holds more, and a host that dies mid-way after printing one on stderr. */
  async function runWith(cases: Planted[]): Promise<{ run: CliRun; out: ReturnType<typeof outputsOf> }> {
    const dir = join(lab.dir, `run${n++}`)
    mkdirSync(join(dir, 'etc'), { recursive: true })
    const configs = cases.map((c, i) => {
      const path = join(dir, 'etc', `f${i}.conf`)
      writeFileSync(path, `${c.text}\n`)
      return `{ path: "${path}", format: text }`
    })
    // The run's own secrets, echoed by a host where no key names them.
    writeFileSync(join(dir, 'etc', 'echo.conf'), `# ${lab.passphrase}\nnote ${OS_PASSWORD} here\n${HOSTILE}\n`)
    configs.push(`{ path: "${join(dir, 'etc', 'echo.conf')}", format: ini }`)
    const [first, second] = [cases[0], cases[1] ?? cases[0]]
    const leaky = await misbehavingSshd(lab, `leaky${n}`, {
      banner: `${first?.text ?? ''}\n`,
      noise: `${second?.text ?? ''}\n${lab.passphrase}\n`,
    })
    // stderr is quoted in hosts.reach.ssh's message when the observation stops early: here `ss`
    // kills the shell that runs the observation.
    const dies = await misbehavingSshd(lab, `dies${n}`, {
      stderrNoise: `DB_PASSWORD=${STDERR_SECRET}\n${first?.text ?? ''}\n`,
      tools: { ss: 'kill -9 $PPID' },
    })
    sshds.push(leaky, dies)
    const targets = join(dir, 'targets.yaml')
    writeFileSync(
      targets,
      `targets:
  t:
    stack: dual-stack
    openstack: { auth_url: "http://[::1]:9/v3", username: u, password: "${OS_PASSWORD}", project: p }
    ssh: { user: root, identity: ${lab.encKey}, passphrase: "\${PASS}", timeout: 5, command_timeout: 20 }
    hosts:
      - name: leaky
        address: "::1"
        ssh: { port: ${leaky.port}, known_hosts: ${leaky.knownHosts} }
        configs: [${configs.join(', ')}]
      - name: dies
        address: "::1"
        ssh: { port: ${dies.port}, known_hosts: ${dies.knownHosts} }
`,
    )
    const reports = join(dir, 'reports')
    const run = await cliAsync(
      ['run', '--targets', targets, '--target', 't', '--suite', 'hosts', '--report-dir', reports],
      90_000,
      undefined,
      { PASS: lab.passphrase },
    )
    return { run, out: outputsOf(run, reports) }
  }

  function expectClean(cases: Planted[], out: Record<string, string>): void {
    for (const [where, text] of Object.entries(out)) {
      for (const c of cases)
        expect(leakOf(text, c.secret), `${c.shape} under ${c.key} leaked into ${where}:\n${c.text}`).toBeUndefined()
      expect(text, `the SSH passphrase in ${where}`).not.toContain(lab.passphrase)
      expect(text, `the OpenStack password in ${where}`).not.toContain(OS_PASSWORD)
      expect(text, `the secret on stderr in ${where}`).not.toContain(STDERR_SECRET)
      expect(text, `a raw escape or bidi override in ${where}`).not.toMatch(/[\x1b\x07\u202e]/)
    }
  }

  test('every shape once, each secret at a random position and under a random key', async () => {
    const cases = SHAPES.map(
      (shape, i) =>
        fc.sample(
          planted.filter((p) => p.shape === shape.name),
          { numRuns: 1, seed: 42 + i },
        )[0] as Planted,
    )
    const { run, out } = await runWith(cases)
    expect(run.status, run.stderr).toBe(1)
    expectClean(cases, out)
    // The run went where the secrets are: the configs were read, judged and stored (redacted).
    expect(out['observations.json']).toContain('f0.conf')
    // The line with escapes was judged and shown as text: its escapes visible, not acted on.
    expect(out['junit.xml']).toContain('\\x1b]0;pwned\\x07\\x1b[2J\\u202eevil')
    expect(out.stdout + out.stderr).toContain('\\x1b]0;pwned')
    // The host died mid-way, so its stderr was quoted: redacted.
    expect(out['junit.xml']).toMatch(/the observation stopped early \(exit \d+: DB_PASSWORD=&quot;\*\*\*&quot;\)/)
  }, 120_000)

  test('random shapes, keys and positions (property, 2 full runs of 12 files each)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(planted, { minLength: 12, maxLength: 12 }), async (cases) => {
        const { out } = await runWith(cases)
        expectClean(cases, out)
      }),
      { numRuns: 2, endOnFailure: true },
    )
  }, 240_000)
})
