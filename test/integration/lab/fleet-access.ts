// Issue 17 on the lab: its hosts reached the ways a real fleet is (docs/ssh.md). Target lab reaches
// ctl as stack through NOPASSWD sudo, cmp as ops without sudo, and app through an ssh_config with
// Include and Match that gives it port 2222; lab-inventory takes the same hosts from an Ansible
// inventory; lab-home says nothing about SSH, for a new operator whose ~/.ssh holds a key, hashed
// known_hosts and a config, and whose ssh-agent holds the only key cmp's ops accepts. Each gives the
// hosts suite's findings of target lab exactly, subject for subject; cmp's skips name ops.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { OPERATOR_HOME } from '../../../lab/access.ts'
import { CMP_NOVA_CONF } from '../../../lab/host-files.ts'
import { hostByName, HOSTS, sshPortOf } from '../../../lab/plan.ts'
import { OPS_KEY } from '../../../lab/sshd.ts'
import { LAB_USERS } from '../../../lab/users.ts'
import type { Observations } from '../../../lib/observe/record.ts'
import { expected, junitFindings, pairs, runAsOperator, runV6ready, startAgent, type JunitFinding } from './lab.ts'

const stack = LAB_USERS.find((u) => u.sudo)!
const ops = LAB_USERS.find((u) => !u.sudo)!
const who = `user ${ops.name} (uid ${ops.uid})`
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** What ops cannot read on cmp, skipped with its reason: never a pass, and never a finding. */
export const NO_SUDO_SKIPS: { check: string; subject: string; reason: RegExp }[] = [
  ...['hosts.config.brackets', 'hosts.config.bind-any'].map((check) => ({
    check,
    subject: `${ops.host}:${CMP_NOVA_CONF.path}`,
    reason: new RegExp(
      `^${escape(`${CMP_NOVA_CONF.path} is not readable by ${who}: set ssh.become: sudo for this host (docs/ssh.md), or let that user read the file`)}$`,
    ),
  })),
  {
    check: 'hosts.container.no-nat66',
    subject: ops.host,
    reason: new RegExp(
      `^${escape(`not readable by ${who}: both tools need root (set ssh.become: sudo for this host, docs/ssh.md): ip6tables-save -t nat: "`)}.*you must be root.*"; nft -j list ruleset: ".*you must be root.*"$`,
    ),
  },
  {
    check: 'hosts.firewall.icmpv6',
    subject: ops.host,
    reason: new RegExp(
      `^${escape(`not readable by ${who}: both tools need root (set ssh.become: sudo for this host, docs/ssh.md): ip6tables-save -t filter: "`)}.*you must be root.*"; nft -j list ruleset: ".*you must be root.*"$`,
    ),
  },
]

const observations = (dir: string) => JSON.parse(readFileSync(join(dir, 'observations.json'), 'utf8')) as Observations
const hostsTests = (dir: string): JunitFinding[] =>
  junitFindings(join(dir, 'junit.xml')).filter((f) => f.check.startsWith('hosts.'))
/** Each hosts test's outcome, a skip with its reason (failure messages carry timings; the findings are compared apart). */
const outcomes = (dir: string) =>
  new Map(
    hostsTests(dir).map((f) => [`${f.check} ${f.subject}`, f.state === 'skipped' ? `skipped: ${f.message}` : f.state]),
  )

export function fleetAccessTests(reports: string): void {
  const faults = join(reports, 'faults')

  describe('fleet access (issue 17)', () => {
    const work = mkdtempSync(join(tmpdir(), 'v6ready-lab-fleet-'))
    afterAll(() => rmSync(work, { recursive: true, force: true }))

    test(`target lab: ctl is observed as root through ${stack.name}'s sudo, so its 0640 nova.conf is judged; cmp as ${ops.name}, whose unreadable file and NAT tables are skipped naming ${ops.name}`, () => {
      const hosts = observations(faults).hosts
      const id = (name: string) => hosts.find((h) => h.name === name)?.sections.id
      // id -u, id -un, then $SUDO_USER: sudo ran the observation for stack; ops ran it as itself.
      expect(id(stack.host)).toBe(`0\nroot\n${stack.name}`)
      expect(id(ops.host)).toBe(`${ops.uid}\n${ops.name}`)
      const found = hostsTests(faults)
      // nova.conf on ctl is 0640: its seeded finding is there only because sudo read it.
      expect(
        found.find((f) => f.check === 'hosts.config.brackets' && f.subject === `${stack.host}:/etc/nova/nova.conf`)
          ?.state,
      ).toBe('failed')
      const onCmp = found.filter(
        (f) => f.state === 'skipped' && f.subject.split(':')[0] === ops.host && !/see hosts\.link\.mtu/.test(f.message),
      )
      expect(onCmp.map((f) => `${f.check} ${f.subject}`).sort()).toEqual(
        NO_SUDO_SKIPS.map((s) => `${s.check} ${s.subject}`).sort(),
      )
      for (const s of NO_SUDO_SKIPS) expect(onCmp.find((f) => f.check === s.check)?.message).toMatch(s.reason)
      // Nothing else is lost on cmp: its seeded findings are all there (the faults run holds them exactly).
      expect(pairs(found.filter((f) => f.state === 'failed' && f.subject.split(':')[0] === ops.host))).toEqual(
        pairs(expected().filter((f) => f.check.startsWith('hosts.') && f.subject.split(':')[0] === ops.host)),
      )
    })

    test('target lab: app is reached on the port its ssh_config gives through Include and Match (2222, where Host * says 22), under the alias alone', () => {
      const app = hostByName('app')
      const h = observations(faults).hosts.find((x) => x.name === 'app')
      expect(h?.ok).toBe(true)
      expect(h?.probes.find((p) => p.port === sshPortOf(app))).toMatchObject({
        address: app.address,
        ok: true,
        family: 'IPv6',
        via: 'ssh',
      })
      // Its other listener is probed at the address ssh_config gave, not looked up under the alias.
      expect(h?.probes.find((p) => p.port !== sshPortOf(app))?.address).toBe(app.address)
      const reach = hostsTests(faults).filter(
        (f) => f.check === 'hosts.listeners.reachable' && f.subject.startsWith('app:'),
      )
      expect(reach.map((f) => `${f.subject} ${f.state}`)).toEqual([`app:${sshPortOf(app)} passed`, 'app:9100 failed'])
    })

    test("target lab-inventory (hosts, roles, users, ports and keys from inventory.ini): the hosts suite gives target lab's outcomes, subject for subject", () => {
      const dir = join(work, 'inventory')
      const r = runV6ready(dir, 'v6lab-mgmt', ['--suite', 'hosts'], undefined, 'lab-inventory')
      expect(r.status, r.stderr).toBe(1)
      expect(pairs(hostsTests(dir).filter((f) => f.state === 'failed'))).toEqual(
        pairs(expected().filter((f) => f.check.startsWith('hosts.'))),
      )
      expect(outcomes(dir)).toEqual(outcomes(faults))
      expect(observations(dir).hosts.find((h) => h.name === stack.host)?.sections.id).toBe(`0\nroot\n${stack.name}`)
    })

    test("target lab-home (no ssh settings at all), run by a new operator with only ~/.ssh and ssh-agent: the hosts suite gives target lab's outcomes, subject for subject", async () => {
      const agent = await startAgent(work, [OPS_KEY])
      try {
        const dir = join(work, 'home')
        const r = runAsOperator(dir, 'lab-home', join(OPERATOR_HOME, '.ssh'), agent.socket, ['--suite', 'hosts'])
        expect(r.status, r.stderr).toBe(1)
        expect(pairs(hostsTests(dir).filter((f) => f.state === 'failed'))).toEqual(
          pairs(expected().filter((f) => f.check.startsWith('hosts.'))),
        )
        expect(outcomes(dir)).toEqual(outcomes(faults))
        // cmp's user ops took the agent's key: ~/.ssh holds none that ops accepts.
        expect(observations(dir).hosts.find((h) => h.name === ops.host)?.sections.id).toBe(`${ops.uid}\n${ops.name}`)
      } finally {
        agent.stop()
      }
    })

    test('target lab-home without the agent: cmp, whose key is only in the agent, fails hosts.reach.ssh with auth; every other host is reached through ~/.ssh alone', () => {
      const dir = join(work, 'home-no-agent')
      const r = runAsOperator(dir, 'lab-home', join(OPERATOR_HOME, '.ssh'), undefined, ['--check', 'hosts.reach.ssh'])
      expect(r.status, r.stderr).toBe(1)
      const reach = hostsTests(dir).filter((f) => f.check === 'hosts.reach.ssh')
      expect(reach.filter((f) => f.state !== 'passed').map((f) => f.subject)).toEqual([ops.host])
      expect(reach.find((f) => f.subject === ops.host)?.message).toMatch(
        new RegExp(`observed auth: ssh to ${ops.host} \\(${ops.name}@`),
      )
      expect(reach).toHaveLength(HOSTS.length)
    })
  })
}
