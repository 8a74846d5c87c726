// Hosts reached as users who are not root, as production sshd (PermitRootLogin no) wants: one with
// NOPASSWD sudo and `become: sudo`, one whose sudo asks for a password, one without sudo at all.
// Real local users (h-fleet-*, removed afterwards) log in to the harness's sshd on ::1; the first
// one's sudoers rule is the one v6ready's message recommends. Needs root (useradd, /etc/sudoers.d).
import { execFileSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { sudoersRule } from '../../../lib/observe/become.ts'
import type { Observations } from '../../../lib/observe/record.ts'
import { makeLab, startSshd, type Lab, type Sshd } from '../ssh/harness.ts'
import { cli, junitCases, type Case } from './cli.ts'

const has = (cmd: string) => ['/usr/sbin', '/usr/bin', '/sbin', '/bin'].some((d) => existsSync(join(d, cmd)))
/** Local users can be made and given sudo here: root, with useradd and sudo installed. */
const canMakeUsers = process.getuid?.() === 0 && has('useradd') && has('sudo') && existsSync('/etc/sudoers.d')

const tag = String(process.pid % 100000)
const USERS = { sudo: `h-fleet-sudo${tag}`, pw: `h-fleet-pw${tag}`, plain: `h-fleet-pl${tag}` }
const SUDOERS = `/etc/sudoers.d/h-fleet-${tag}`

describe.skipIf(!canMakeUsers)('become: sudo, and users without it (root, useradd and sudo here)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'v6r-become-'))
  const nova = join(dir, 'etc/nova.conf')
  let lab: Lab
  let sshd: Sshd
  let cases: Map<string, Case>
  const made: string[] = []
  const observations = () => JSON.parse(readFileSync(join(dir, 'report', 'observations.json'), 'utf8')) as Observations
  const get = (k: string) => cases.get(`v6ready.hosts.${k}`)

  beforeAll(async () => {
    lab = await makeLab()
    // sshd reads authorized_keys as the user who logs in.
    chmodSync(lab.dir, 0o755)
    chmodSync(join(lab.dir, 'authorized_keys'), 0o644)
    sshd = await startSshd(lab, 'become')
    for (const u of Object.values(USERS)) {
      execFileSync('useradd', ['-m', '-d', join(dir, 'home', u), '-s', '/bin/sh', u])
      made.push(u)
      execFileSync('usermod', ['-p', '*', u]) // no password, not locked: sshd lets a key in
    }
    writeFileSync(SUDOERS, `${sudoersRule(USERS.sudo)}\n`, { mode: 0o440 })
    execFileSync('visudo', ['-cf', SUDOERS])
    // A service's config file as /etc/nova/nova.conf is: 0640, not for other users.
    mkdirSync(join(dir, 'etc'), { mode: 0o755 })
    writeFileSync(nova, '[DEFAULT]\nmy_ip = 2001:db8::11\n')
    chmodSync(dir, 0o755)
    chmodSync(nova, 0o640)
    const common = `configs: [{ path: ${nova}, format: ini }]\n        containers: { runtime: docker, mode: routed }`
    writeFileSync(
      join(dir, 'targets.yaml'),
      `targets:
  fleet:
    stack: dual-stack
    ssh: { port: ${sshd.port}, identity: ${lab.plainKey}, known_hosts: ${sshd.knownHosts}, ssh_config: false }
    hosts:
      - name: sudo
        address: "::1"
        ssh: { user: ${USERS.sudo}, become: sudo }
        ${common}
      - name: pw
        address: "::1"
        ssh: { user: ${USERS.pw}, become: sudo }
      - name: plain
        address: "::1"
        ssh: { user: ${USERS.plain} }
        ${common}
`,
    )
    cli([
      'run',
      '--targets',
      join(dir, 'targets.yaml'),
      '--target',
      'fleet',
      '--suite',
      'hosts',
      '--report-dir',
      join(dir, 'report'),
    ])
    cases = junitCases(join(dir, 'report', 'junit.xml'))
  }, 180_000)

  afterAll(async () => {
    rmSync(SUDOERS, { force: true })
    await sshd?.stop()
    for (const u of made) execFileSync('userdel', ['-f', u])
    lab?.cleanup()
    rmSync(dir, { recursive: true, force: true })
  })

  test('NOPASSWD sudo: the observation ran as root, through sudo from the login user', () => {
    expect(get(`sudo hosts.reach.ssh sudo`)?.state).toBe('passed')
    expect(observations().hosts.find((h) => h.name === 'sudo')?.sections.id).toBe(`0\nroot\n${USERS.sudo}`)
  })

  test('NOPASSWD sudo: the 0640 file and the NAT tables are read and judged', () => {
    expect(get(`sudo hosts.config.brackets ${nova}`)?.state).toBe('passed')
    const nat = get('sudo hosts.container.no-nat66 sudo')
    expect(nat?.message ?? '').not.toMatch(/not readable/)
  })

  test('sudo that asks for a password fails hosts.reach.ssh, naming the user, the host and the NOPASSWD rule', () => {
    const c = get('pw hosts.reach.ssh pw')
    expect(c?.state).toBe('failed')
    expect(c?.message).toBe(
      `pw: expected observed through SSH to ::1, observed privilege: sudo asks ${USERS.pw} for a password on pw (become: sudo runs \`sudo -n sh -s\`, which never prompts; sudo said "sudo: a password is required"): let ${USERS.pw} run /usr/bin/sh -s and /bin/sh -s as root without a password on pw (a NOPASSWD rule in /etc/sudoers.d/v6ready; docs/ssh.md has the line), or remove become: sudo to observe as ${USERS.pw}. Fix: give the SSH user a NOPASSWD sudo rule for \`sh -s\` on the host (docs/ssh.md), or remove ssh.become`,
    )
    // Its other checks are skipped with that reason, as for any host not observed.
    expect(get('pw hosts.sysctl.disable-ipv6 pw')?.state).toBe('skipped')
  })

  test('no sudo: the 0640 file and the NAT tables are skipped, naming the user; nothing passes that was not read', () => {
    const uid = Number(execFileSync('id', ['-u', USERS.plain], { encoding: 'utf8' }).trim())
    const who = `user ${USERS.plain} (uid ${uid})`
    const file = get(`plain hosts.config.brackets ${nova}`)
    expect(file).toEqual({
      state: 'skipped',
      message: `${nova} is not readable by ${who}: set ssh.become: sudo for this host (docs/ssh.md), or let that user read the file`,
    })
    const nat = get('plain hosts.container.no-nat66 plain')
    expect(nat?.state).toBe('skipped')
    expect(nat?.message).toMatch(new RegExp(`^not readable by ${who.replace(/[()]/g, '\\$&')}: both tools need root`))
    const fw = get('plain hosts.firewall.icmpv6 plain')
    expect(fw?.state).toBe('skipped')
    expect(fw?.message).toMatch(new RegExp(`^not readable by ${who.replace(/[()]/g, '\\$&')}: both tools need root`))
  })

  test("no sudo: the host's other checks are judged as they are with sudo", () => {
    const of = (h: string) =>
      new Map(
        [...cases]
          .filter(
            ([k]) =>
              k.startsWith(`v6ready.hosts.${h} `) && !/hosts\.(config|container\.no-nat66|firewall\.icmpv6)/.test(k),
          )
          .map(([k, c]) => [k.slice(`v6ready.hosts.${h} `.length).replaceAll(h, 'HOST'), c.state]),
      )
    expect(of('plain').size).toBeGreaterThan(10)
    expect(of('plain')).toEqual(of('sudo'))
  })
})
