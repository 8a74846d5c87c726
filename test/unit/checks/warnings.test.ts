import { describe, expect, test } from 'vitest'
import { loadTargetsText } from '../../../lib/targets/load.ts'
import { targetWarnings, waiverMeets } from '../../../lib/checks/warnings.ts'

const file = (waivers: string, extra = '') =>
  loadTargetsText(
    `targets:
  lab1:
    roles: { controller: { listeners: [{ port: 5672, service: rabbitmq }] } }
    hosts:
      - { name: ctl1, address: "2001:db8::11", roles: [controller] }
      - { name: cmp1, address: "2001:db8::21", listeners: auto }
${extra}    waivers:
${waivers}`,
    'targets.yaml',
    { env: {}, baseDir: '/srv/lab' },
  )
const waiver = (check: string, subject: string) =>
  `      - { check: ${check}, subject: "${subject}", reason: r, expires: 2099-01-01 }\n`
const messages = (text: string, exists: (p: string) => boolean = () => true) =>
  targetWarnings(file(text), exists).map((w) => `${w.path.join('.')}: ${w.message}`)

describe('validate warnings: waivers that waive nothing', () => {
  test('a waiver for a check that does not exist, with the check that was probably meant', () => {
    expect(messages(waiver('hosts.listeners.ipv7', 'ctl1:5672'))).toEqual([
      'targets.lab1.waivers.0.check: no check "hosts.listeners.ipv7"; did you mean "hosts.listeners.ipv6"?: this waiver waives nothing (v6ready list shows the check IDs)',
    ])
  })

  test('a waiver whose subject no test of the target has', () => {
    expect(messages(waiver('hosts.listeners.ipv6', 'ctl1:5673'))).toEqual([
      'targets.lab1.waivers.0.subject: no hosts.listeners.ipv6 test of lab1 has the subject "ctl1:5673"; did you mean "ctl1:5672"?: this waiver waives nothing (v6ready list --target lab1 shows the subjects)',
    ])
    expect(messages(waiver('hosts.listeners.ipv6', 'ctl9:*'))[0]).toMatch(
      /no hosts\.listeners\.ipv6 test of lab1 has the subject "ctl9:\*"/,
    )
  })

  test('a waiver for a check the target generates no test of', () => {
    expect(messages(waiver('hosts.metadata.available', 'ctl1'))).toEqual([
      'targets.lab1.waivers.0.subject: lab1 has no hosts.metadata.available test: this waiver waives nothing (v6ready list --target lab1 shows the tests)',
    ])
  })

  test('no warning where a waiver meets a subject: exactly, by its glob, or one that stands for many', () => {
    expect(
      messages(
        waiver('hosts.listeners.ipv6', 'ctl1:5672') +
          waiver('hosts.listeners.ipv6', 'ctl1:*') +
          waiver('hosts.listeners.ipv6', 'cmp1:8080') +
          waiver('hosts.sysctl.disable-ipv6', 'cmp1:eth0'),
      ),
    ).toEqual([])
    expect(waiverMeets('identity/public', '*/public')).toBe(true)
    expect(waiverMeets('keystone.lab.test', '* (catalog host names)')).toBe(true)
    expect(waiverMeets('ctl1:eth0', 'cmp1:*')).toBe(false)
  })
})

describe('validate warnings: an agent socket that does not exist (a missing CA, identity, known_hosts or ssh_config is an error of validate)', () => {
  test('only the agent socket is warned about, at its own path', () => {
    const extra = `    tls: { ca: ./ca.pem }
    ssh: { identity: [./id1, ~/.ssh/id2], known_hosts: ./known_hosts, ssh_config: ./ssh_config, agent: /run/agent.sock }
`
    const missing = new Set(['/srv/lab/ca.pem', '/srv/lab/id1', '/srv/lab/ssh_config', '/run/agent.sock'])
    expect(messages(waiver('hosts.listeners.ipv6', 'ctl1:5672'), (p) => !missing.has(p))).toEqual([])
    const out = targetWarnings(file(waiver('hosts.listeners.ipv6', 'ctl1:5672'), extra), (p) => !missing.has(p)).map(
      (w) => w.path.join('.'),
    )
    expect(out).toEqual(['targets.lab1.ssh.agent'])
  })
})
