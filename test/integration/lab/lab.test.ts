// The lab end to end: built with every seeded fault, judged from inside it, then built clean and
// judged again, then torn down. The findings must equal expected.json exactly: every fault found,
// nothing else flagged; the clean lab passes every check but what cmp's user ops cannot read.
import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { PLANTED } from '../../../lab/host-files.ts'
import { ADMIN_PASSWORD } from '../../../lab/keystone.ts'
import { V6READY_USER } from '../../../lab/keystone-register.ts'
import { CA_FILE } from '../../../lab/pki.ts'
import { HOSTS } from '../../../lab/plan.ts'
import { leakOf } from '../../../lab/secret-shapes.ts'
import { ROOT } from '../cli/cli.ts'
import { FIXTURE_SECRETS } from '../../unit/judge/config-view.ts'
import { apiFaultTests } from './api-faults.ts'
import { fleetAccessTests, NO_SUDO_SKIPS } from './fleet-access.ts'
import { cannotBuild, expected, junitFindings, lab, labMode, labPlan, pairs, runV6ready, STATE, TSX } from './lab.ts'

const { run, why } = labPlan(labMode(process.env.V6READY_LAB), cannotBuild)
const LAB_TIMEOUT = 400_000

if (run)
  describe('the embedded lab', { timeout: LAB_TIMEOUT }, () => {
    const reports = mkdtempSync(join(tmpdir(), 'v6ready-lab-'))

    beforeAll(() => {
      if (why) throw new Error(`V6READY_LAB=required, but ${why}`)
    })
    afterAll(() => {
      lab('down')
      rmSync(reports, { recursive: true, force: true })
    })

    describe('with its seeded faults', () => {
      /** stdout and stderr of the faults run, grepped for secrets like every report file. */
      let console_ = ''
      beforeAll(() => {
        const r = lab('up')
        expect(r.status, r.stderr + r.stdout).toBe(0)
      }, LAB_TIMEOUT)

      test('a run inside the lab reports exactly the seeded faults', () => {
        const dir = join(reports, 'faults')
        const r = runV6ready(dir)
        console_ = r.stdout + r.stderr
        expect(r.status, r.stderr).toBe(1)
        const found = junitFindings(join(dir, 'junit.xml'))
        expect(pairs(found.filter((f) => f.state === 'failed'))).toEqual(pairs(expected()))
        for (const f of found.filter((x) => x.state === 'failed'))
          expect(f.message, `${f.check} ${f.subject}`).toMatch(/expected .*observed .*Fix: /)
      })

      test("junit.xml's times: every judged test costs something, and each host's tests add up to its observation and judging", () => {
        const dir = join(reports, 'faults')
        const xml = readFileSync(join(dir, 'junit.xml'), 'utf8')
        const o = JSON.parse(readFileSync(join(dir, 'observations.json'), 'utf8')) as {
          hosts: { name: string; durationMs: number }[]
        }
        const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as { info: { durationMs: number } }
        for (const m of xml.matchAll(
          /<testcase [^>]*name="([^"]*)"[^>]*time="([^"]+)"(?:\/>|>([\s\S]*?)<\/testcase>)/g,
        ))
          if (!/<skipped/.test(m[3] ?? '')) expect(Number(m[2]), m[1]).toBeGreaterThan(0)
        for (const h of o.hosts) {
          const suite = new RegExp(`<testsuite name="hosts ${h.name}"[^>]*time="([^"]+)"`).exec(xml)
          // Milliseconds, rounded: 1.013 × 1000 is 1012.9999… in binary floating point.
          expect(Math.round(Number(suite?.[1]) * 1000), h.name).toBeGreaterThanOrEqual(h.durationMs)
        }
        // The run's own time, observation and judging, on the root.
        expect(/<testsuites [^>]*time="([^"]+)"/.exec(xml)?.[1]).toBe(
          String(Number((results.info.durationMs / 1000).toFixed(3))),
        )
      })

      test("under CPU contention (a busy loop on each core, bounded in time) the run still reports exactly the seeded faults: v6ready's own timeouts hold, and none passes for a finding", () => {
        // `timeout` ends each loop by itself even if this test dies; the finally ends them at once.
        const loops = [0, 1].map(() =>
          spawn('timeout', ['600', 'sh', '-c', 'while :; do :; done'], { stdio: 'ignore' }),
        )
        try {
          const dir = join(reports, 'contended')
          const r = runV6ready(dir)
          expect(r.status, r.stderr).toBe(1)
          const found = junitFindings(join(dir, 'junit.xml'))
          expect(pairs(found.filter((f) => f.state === 'failed'))).toEqual(pairs(expected()))
          expect(
            found.filter((f) => f.state === 'skipped').map((f) => `${f.check} ${f.subject}: ${f.message}`),
          ).toEqual(
            junitFindings(join(reports, 'faults', 'junit.xml'))
              .filter((f) => f.state === 'skipped')
              .map((f) => `${f.check} ${f.subject}: ${f.message}`),
          )
        } finally {
          // timeout passes SIGTERM on to the loop it runs.
          for (const l of loops) l.kill('SIGTERM')
        }
      })

      test('keystone answers over IPv6, directly and through haproxy TLS trusted by the lab CA alone', () => {
        const auth = (url: string, ...ca: string[]) => {
          const r = spawnSync(
            'ip',
            [
              'netns',
              'exec',
              'v6lab-mgmt',
              TSX,
              join(ROOT, 'test/integration/lab/keystone-auth.ts'),
              url,
              ADMIN_PASSWORD,
              ...ca,
            ],
            { encoding: 'utf8', timeout: 60_000 },
          )
          return JSON.parse(r.stdout) as {
            ok: boolean
            catalog?: { service: string; interface: string; url: string }[]
            error?: { message: string }
          }
        }
        const direct = auth('http://[2001:db8:0:1::11]:5000/v3')
        // The seeded catalog faults: an IPv4 literal for internal, an uncompressed IPv6 literal for admin;
        // Neutron, registered by lab:up, at its IPv6 literal on every interface.
        expect(direct.catalog?.map((e) => `${e.service} ${e.interface} ${e.url}`).sort()).toEqual([
          'identity admin http://[2001:db8:0:1:0:0:0:11]:5000/v3',
          'identity internal http://198.51.100.11:5000/v3',
          'identity public https://keystone.lab.test/v3',
          'network admin http://[2001:db8:0:1::11]:9696',
          'network internal http://[2001:db8:0:1::11]:9696',
          'network public http://[2001:db8:0:1::11]:9696',
        ])
        expect(auth('https://[2001:db8:0:1::11]/v3', CA_FILE).ok).toBe(true)
        expect(auth('https://[2001:db8:0:1::11]/v3').error?.message).toMatch(/^UNABLE_TO_VERIFY_LEAF_SIGNATURE/)
      })

      test('no password from a config file on ctl, no planted secret shape, no keystone password and no token reaches any report or the console', () => {
        const onCtl = execFileSync(
          'grep',
          ['-rhF', ...FIXTURE_SECRETS.flatMap((s) => ['-e', s]), join(STATE, 'hosts', 'ctl')],
          { encoding: 'utf8' },
        )
        for (const s of FIXTURE_SECRETS) expect(onCtl, 'the lab really holds it').toContain(s)
        const dir = join(reports, 'faults')
        expect(console_.length, 'the faults run printed its console').toBeGreaterThan(1000)
        const outputs = [
          ...readdirSync(dir).map((file) => [file, readFileSync(join(dir, file), 'utf8')] as const),
          ['the console', console_] as const,
        ]
        for (const [file, text] of outputs) {
          for (const s of FIXTURE_SECRETS) expect(text, `${s} in ${file}`).not.toContain(s)
          // The keystone passwords (targets.yaml's, the admin's), and any Fernet token keystone issued.
          for (const p of [V6READY_USER.password, ADMIN_PASSWORD])
            expect(text, `keystone password in ${file}`).not.toContain(p)
          expect(text, `a token in ${file}`).not.toMatch(/gAAAAA[\w-]{20,}/)
          // Every secret shape planted on ctl, and the run's own password echoed there.
          // The echoed password ("v6lab-v6ready-password") shares words with every report: it counts whole.
          for (const p of PLANTED)
            expect(
              p.verbatim ? text.includes(p.secret) && p.secret : leakOf(text, p.secret),
              `${p.path} in ${file}`,
            ).toBeFalsy()
        }
        for (const p of PLANTED)
          expect(readFileSync(join(STATE, 'hosts', 'ctl', p.path), 'utf8'), 'the lab really holds it').toContain(
            p.secret,
          )
      })

      test('--replay judges the saved observations again with no I/O: the same findings, from a namespace that reaches nothing', () => {
        const dir = join(reports, 'replay')
        const r = runV6ready(dir, null, ['--replay', join(reports, 'faults', 'observations.json')])
        expect(r.status, r.stderr).toBe(1)
        const found = junitFindings(join(dir, 'junit.xml'))
        // The overlay acts on Neutron and is never replayed: its tests are skipped, saying so.
        expect(pairs(found.filter((f) => f.state === 'failed'))).toEqual(
          pairs(expected().filter((f) => !f.check.startsWith('overlay.'))),
        )
        expect(
          found
            .filter((f) => f.check.startsWith('overlay.'))
            .every((f) => f.state === 'skipped' && /never replayed/.test(f.message)),
        ).toBe(true)
        expect(found.filter((f) => f.check.startsWith('underlay.')).length).toBeGreaterThan(50)
      })

      // Shard 1 holds the overlay, which acts on Neutron (70-120 s), as the unsharded run did.
      test('four shards of the lab, merged, equal the unsharded run: the same (check, subject, verdict) set, the same JUnit, the same reports apart from run IDs and timings', {
        timeout: 2 * LAB_TIMEOUT,
      }, () => {
        // Each shard as a CI agent runs it (docs/ci/): its share of the hosts, endpoints and names.
        const shards = [1, 2, 3, 4].map((i) => join(reports, `shard-${i}`))
        for (const [i, dir] of shards.entries()) {
          const r = runV6ready(dir, 'v6lab-mgmt', ['--shard', `${i + 1}/4`])
          expect([0, 1], `shard ${i + 1}/4: ${r.stderr}`).toContain(r.status)
        }
        const merged = join(reports, 'merged')
        const m = spawnSync(
          process.execPath,
          [join(ROOT, 'bin/v6ready.js'), 'merge-reports', ...shards, '--report-dir', merged],
          { cwd: ROOT, encoding: 'utf8', timeout: 120_000, env: { ...process.env, NO_COLOR: '1' } },
        )
        expect(m.status, m.stderr).toBe(1)
        const whole = join(reports, 'faults')
        // What differs between any two runs of a live lab: run IDs (the overlay's resource names hold
        // them), clocks, durations, DNS TTLs and Neutron's IDs.
        const comparable = (text: string) =>
          text
            .replace(/\d{8}T\d{6}-[0-9a-f]{6}(\+\d{8}T\d{6}-[0-9a-f]{6})*/g, 'RUN')
            .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)/g, 'TIME')
            .replace(/time="[\d.]+"/g, 'time="T"')
            .replace(/took [\d.]+ s/g, 'took T s')
            .replace(/\d+(\.\d+)? ?ms\b/g, 'N ms')
            .replace(/ttl \d+/g, 'ttl N')
            .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'UUID')
            // The kernel's countdowns (an RA route's expiry, address lifetimes), and an HTTP probe's phase timings (milliseconds).
            .replace(/\b\d+sec\b/g, 'Nsec')
            .replace(/connect \d+, headers \d+/g, 'connect N, headers N')
            // A neighbour's NUD state moves with the traffic (the containers ping every 10 s).
            .replace(/(neigh \S+ dev \S+ lladdr \S+) (REACHABLE|STALE|DELAY|PROBE)\b/g, '$1 NUD')
            // dnsmasq rotates a big RRset between answers (big.lab.test's 64 AAAA): which four a
            // message shows, and the order of a full listing, differ from one query to the next.
            .replace(/AAAA [0-9a-f:]+(?:, [0-9a-f:]+)* and (\d+) more/g, 'AAAA … and $1 more')
            .replace(/AAAA [0-9a-f:]+ \(ttl N\)(?:, AAAA [0-9a-f:]+ \(ttl N\))+/g, (run) =>
              run.split(', ').sort().join(', '),
            )
        const read = (dir: string, f: string) => comparable(readFileSync(join(dir, f), 'utf8'))
        const verdicts = (dir: string) =>
          (
            JSON.parse(read(dir, 'results.json')) as {
              records: { check: string; state: string; name: string; verdict?: { subject: string } }[]
            }
          ).records
            .map((r) => `${r.check} ${r.verdict?.subject ?? r.name} ${r.state}`)
            .sort()
        expect(verdicts(merged)).toEqual(verdicts(whole))
        // JUnit's structure: each testsuite and testcase, in order, with its state.
        const structure = (dir: string) =>
          [
            ...read(dir, 'junit.xml').matchAll(
              /<(testsuite|testcase) (?:name|classname)="([^"]*)"(?: name="([^"]*)")?|<(failure|skipped)\b/g,
            ),
          ].map((x) => x.slice(1).filter(Boolean).join(' '))
        expect(structure(merged)).toEqual(structure(whole))
        // The reports' contents, line by line, so that a difference shows as one.
        for (const f of ['junit.xml', 'summary.md', 'report.html'])
          expect(read(merged, f).split('\n'), f).toEqual(read(whole, f).split('\n'))
        // The joined observations replay to the merged reports (the overlay aside: it is never replayed).
        const again = join(reports, 'merged-replay')
        const r = runV6ready(again, null, ['--replay', join(merged, 'observations.json')])
        expect(r.status, r.stderr).toBe(1)
        const notOverlay = (dir: string) => verdicts(dir).filter((v) => !v.startsWith('overlay.'))
        expect(notOverlay(again)).toEqual(notOverlay(merged))
      })

      test('an overlay run interrupted with SIGINT deletes what it made, exits 130, and cleanup --dry-run finds nothing', async () => {
        const dir = join(reports, 'interrupted')
        const journal = join(dir, 'overlay-journal.jsonl')
        const argv = [
          process.execPath,
          join(ROOT, 'bin/v6ready.js'),
          'run',
          '--target',
          'lab',
          '--targets',
          join(STATE, 'targets.yaml'),
          '--suite',
          'overlay',
          '--report-dir',
          dir,
        ]
        const ran = await new Promise<{ status: number | null; stderr: string }>((resolve) => {
          const c = spawn('ip', ['netns', 'exec', 'v6lab-mgmt', ...argv], {
            cwd: ROOT,
            env: { ...process.env, NO_COLOR: '1' },
          })
          let stderr = ''
          c.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
          // Mid-way: once the tests have made a dozen resources on the real Neutron.
          const poll = setInterval(() => {
            if (existsSync(journal) && readFileSync(journal, 'utf8').split('\n').length > 12) {
              clearInterval(poll)
              c.kill('SIGINT')
            }
          }, 100)
          c.on('close', (status) => (clearInterval(poll), resolve({ status, stderr })))
        })
        expect(ran.status, ran.stderr).toBe(130)
        expect(ran.stderr).toMatch(/nothing is left/)
        const c = spawnSync(
          'ip',
          [
            'netns',
            'exec',
            'v6lab-mgmt',
            process.execPath,
            join(ROOT, 'bin/v6ready.js'),
            'cleanup',
            '--target',
            'lab',
            '--targets',
            join(STATE, 'targets.yaml'),
            '--dry-run',
          ],
          { cwd: ROOT, encoding: 'utf8', timeout: 120_000 },
        )
        expect(c.status, c.stdout + c.stderr).toBe(0)
      })

      test('from the root namespace the lab is unreachable: the run fails fast with "no route" and sends nothing', () => {
        // The kernel refuses before any packet exists: the root namespace pins lab prefixes to unreachable.
        expect(() => execFileSync('ip', ['-6', 'route', 'get', '2001:db8:0:1::11'], { stdio: 'pipe' })).toThrow(
          /No route to host/,
        )
        expect(execFileSync('ip', ['-6', 'route', 'show', 'type', 'unreachable'], { encoding: 'utf8' })).toContain(
          '2001:db8::/32',
        )
        const dir = join(reports, 'root')
        const r = runV6ready(dir, null)
        expect(r.status).toBe(1)
        const reach = junitFindings(join(dir, 'junit.xml')).filter((f) => f.check === 'hosts.reach.ssh')
        expect(reach.map((f) => f.state)).toEqual(HOSTS.map(() => 'failed'))
        // The kernel's refusal, not a handshake timeout: nothing was sent, nothing was waited for.
        for (const f of reach) expect(f.message).toContain('no route to host (EHOSTUNREACH)')
      })

      // ctl through sudo, cmp without, app through ssh_config; the same hosts from an inventory and from ~/.ssh.
      fleetAccessTests(reports)

      // Keystone answers 500, Neutron stalls mid-check: through a proxy in front of the real services.
      apiFaultTests(reports)
    })

    describe('built clean (--clean)', () => {
      beforeAll(() => {
        const r = lab('up', ['--clean'])
        expect(r.status, r.stderr + r.stdout).toBe(0)
      }, LAB_TIMEOUT)

      test("expects no finding, and a run passes every check but those cmp's user ops cannot read without sudo, which are skipped saying so", () => {
        expect(expected()).toEqual([])
        const dir = join(reports, 'clean')
        // The lab changed between the two runs: every seeded finding of the faults run is fixed now.
        const r = runV6ready(dir, 'v6lab-mgmt', ['--baseline', join(reports, 'faults')])
        const before = junitFindings(join(reports, 'faults', 'junit.xml')).filter((f) => f.state === 'failed').length
        expect(before).toBeGreaterThan(40)
        expect(r.stdout).toContain(`: 0 new, 0 still failing, ${before} fixed`)
        const found = junitFindings(join(dir, 'junit.xml'))
        const notPassed = found.filter((f) => f.state !== 'passed')
        expect(notPassed.map((f) => `${f.state} ${f.check} ${f.subject}`).sort()).toEqual(
          NO_SUDO_SKIPS.map((s) => `skipped ${s.check} ${s.subject}`).sort(),
        )
        for (const s of NO_SUDO_SKIPS)
          expect(notPassed.find((f) => f.check === s.check && f.subject === s.subject)?.message).toMatch(s.reason)
        expect(found.length).toBeGreaterThan(80)
        expect(r.status, r.stdout).toBe(0)
        // vm3 really holds the lease dnsmasq reserved for its DUID, and the suite says so.
        const records = (
          JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as {
            records: { check: string; verdict?: { subject: string; observed: string } }[]
          }
        ).records
        const lease = records.find((x) => x.check === 'hosts.guest.dhcpv6-client' && x.verdict?.subject === 'vm3:eth0')
        expect(lease?.verdict?.observed).toContain('2001:db8:0:3::33')
        // The hosts that are not the lab's Debian with one NIC are what they claim to be.
        const verdict = (check: string, subject: string) =>
          records.find((x) => x.check === check && x.verdict?.subject === subject)?.verdict as
            | { observed: string; expected?: string }
            | undefined
        // app was observed with BusyBox alone: ip's complaint and its text form, netstat for lack of ss.
        const observations = JSON.parse(readFileSync(join(dir, 'observations.json'), 'utf8')) as {
          hosts: { name: string; sections: Record<string, string> }[]
        }
        const app = observations.hosts.find((h) => h.name === 'app')?.sections
        expect(app?.['ip-addr']).toMatch(/^BusyBox v[\s\S]*\n@@text@@\n/)
        expect(app?.['ip-route']).toMatch(/\n@@text@@\n/)
        expect(app?.ss).toMatch(/^@@netstat@@\n/)
        // vm6's static port holds the address that network_data.json on its config drive gives it.
        expect(verdict('hosts.privacy.addr-gen', 'vm6:eth1')).toMatchObject({
          observed: '2001:db8:0:4::46/64 held; no temporary addresses',
          expected: expect.stringContaining('network_data.json from the config drive'),
        })
        // cmp forwards while eth1 is in host behaviour: one verdict for the host, which says so.
        expect(verdict('hosts.sysctl.forwarding', 'cmp')?.observed).toBe(
          'all.forwarding = 1 (host behaviour on eth1: forwarding = 0 there)',
        )
      })
    })

    test('lab:down leaves no namespace, process, mount or loop device of the lab', () => {
      const r = lab('down')
      expect(r.status, r.stderr).toBe(0)
      expect(execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })).not.toMatch(/v6lab-/)
      const ps = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
      expect(ps).not.toMatch(/lab\/\.state|lab\/services|fuseiso|dnsmasq --keep/)
      expect(execFileSync('losetup', ['-a'], { encoding: 'utf8' })).not.toMatch(/config-2\.iso/)
    })
  })

// Not built (V6READY_LAB=skip, or auto where it cannot be): one skipped test that says why.
if (!run) test.skip(`the embedded lab: skipped, ${why}`, () => undefined)
