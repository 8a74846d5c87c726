import { describe, expect, test } from 'vitest'
import { hostname } from 'node:os'
import { fileURLToPath } from 'node:url'
import { loadTargetsFile, loadTargetsText } from '../../../lib/targets/load.ts'
import { TargetsError } from '../../../lib/targets/errors.ts'
import { localTarget, redactTarget, resolveTarget } from '../../../lib/targets/resolve.ts'
import type { ResolvedHost } from '../../../lib/targets/resolve.ts'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const dir = `${root}test/fixtures/targets`
const merge = loadTargetsFile(`${dir}/merge.yaml`, { env: {} })
const m = resolveTarget(merge, 'm')
const host = (name: string): ResolvedHost => {
  const h = m.hosts.find((x) => x.name === name)
  if (!h) throw new Error(`no host ${name}`)
  return h
}

describe('merging: the target, then roles in order, then the host', () => {
  test('r1 (roles base, router): field by field, key by key, later wins', () => {
    expect(host('r1')).toEqual({
      name: 'r1',
      address: 'fe80::1%eth0',
      transport: 'ssh',
      roles: ['base', 'router'],
      stack: 'ipv6-only',
      forwarding: true, // router after base
      metadata: 'config-drive', // the host over base's ipv4
      interfaces: {
        // required and mtu from the target, accept_ra and addresses from router, mtu 9000 from the host
        eth0: { ipv6: 'required', addresses: ['2001:db8::/64'], accept_ra: true, mtu: 9000 },
        eth1: { ipv6: 'forbidden', addresses: [] },
      },
      sysctl: {
        'net.ipv6.conf.all.accept_redirects': '0', // the target's, stringified
        'net.ipv6.conf.all.forwarding': '1', // target 0, router 1, host "1"
        // base wrote the slash form, router the dotted one: one key, router's value
        'net.ipv6.conf.eth0/100.accept_ra': '2',
      },
      listeners: {
        auto: false,
        expected: [
          { port: 22, service: 'sshd' },
          { port: 5000, service: 'keystone-v6', address: '2001:db8::10' }, // router replaced base's 5000
        ],
      },
      configs: [{ path: '/etc/a.conf', format: 'text' }],
      ssh: {
        user: 'stack', // from the merged anchor
        port: 22, // the host's over the anchor's 2222
        identity: [`${dir}/keys/id_ed25519`], // relative to the targets file
        known_hosts: [`${dir}/known_hosts`, '~/.ssh/known_hosts'], // `~` is left for use time
        timeout: 3,
        command_timeout: 60,
        keepalive: 5,
        // jump: false on the host drops the target's jump (and ssh_config's ProxyJump); an empty ${KEY_PASS:-} is no passphrase
        jump: false,
      },
    })
  })

  test('r2 (roles router, base, auto): the order of roles decides, and auto is sticky', () => {
    const r2 = host('r2')
    expect(r2.stack).toBe('dual-stack')
    expect(r2.address).toBe('198.51.100.7')
    expect(r2.forwarding).toBe(false) // base after router
    expect(r2.metadata).toBe('ipv4')
    expect(r2.sysctl['net.ipv6.conf.eth0/100.accept_ra']).toBe('1')
    expect(r2.listeners).toEqual({
      auto: true,
      expected: [
        { port: 5000, service: 'keystone' },
        { port: 22, service: 'sshd' },
      ],
    })
    expect(r2.configs).toEqual([{ path: '/etc/a.conf', format: 'ini' }])
  })

  test('r3 (no roles, no address): the target alone; SSH connects to its name', () => {
    const r3 = host('r3')
    expect(r3.address).toBe('r3')
    expect(r3.forwarding).toBeUndefined()
    expect(r3.interfaces).toEqual({ eth0: { ipv6: 'required', addresses: [], mtu: 1500 } })
    expect(r3.listeners).toEqual({ auto: false, expected: [] })
    expect(r3.ssh?.port).toBe(2222)
    expect(r3.ssh?.jump).toBe('stack@[2001:db8::2]:22')
  })

  test('what the targets file does not set stays unset, for ssh_config and then OpenSSH to fill (issue 17)', () => {
    const t = resolveTarget(
      loadTargetsText('targets:\n  t:\n    hosts: [{ name: h1alias }]\n', 'targets.yaml', { env: {} }),
      't',
    )
    expect(t.hosts[0]?.ssh).toEqual({ identity: [], known_hosts: [], command_timeout: 60, keepalive: 5 })
  })

  test('become: sudo on the target; a host turns it off with false', () => {
    const text =
      'targets:\n  t:\n    ssh: { become: sudo }\n    hosts: [{ name: a }, { name: b, ssh: { become: false } }]\n'
    const t = resolveTarget(loadTargetsText(text, 'targets.yaml', { env: {} }), 't')
    expect(t.hosts.map((h) => h.ssh?.become)).toEqual(['sudo', undefined])
  })

  test('an unknown target lists the known ones', () => {
    expect(() => resolveTarget(merge, 'nope')).toThrow(TargetsError)
    expect(() => resolveTarget(merge, 'nope')).toThrow('targets: unknown target "nope"; known: m, local (built-in)')
  })
})

describe('path_mtu (hosts.path.mtu): opt-in on a target, a role or a host', () => {
  const resolve = (yaml: string) =>
    resolveTarget(loadTargetsText(`targets:\n  t:\n${yaml}`, 'targets.yaml', { env: {} }), 't').hosts.map((h) => [
      h.name,
      h.path_mtu,
    ])

  test("true: the default router; a role's object, a host's replacing it; false undoes; nothing to ping is off; a peer twice is one", () => {
    expect(
      resolve(
        [
          '    path_mtu: true',
          '    roles: { cmp: { path_mtu: { peers: [b, "fe80::2%eth1"] } } }',
          '    hosts:',
          '      - { name: a }',
          '      - { name: b, address: "2001:db8::12", roles: [cmp] }',
          '      - { name: c, roles: [cmp], path_mtu: false }',
          '      - { name: d, path_mtu: { router: false } }',
          '      - { name: e, roles: [cmp], path_mtu: { router: false, peers: ["2001:db8::99", "2001:db8::99"] } }',
          '',
        ].join('\n'),
      ),
    ).toEqual([
      ['a', { router: true, peers: [] }],
      // a peer named by a host of the target is pinged at that host's address
      [
        'b',
        {
          router: true,
          peers: [
            { name: 'b', address: '2001:db8::12' },
            { name: 'fe80::2%eth1', address: 'fe80::2%eth1' },
          ],
        },
      ],
      ['c', undefined],
      ['d', undefined],
      ['e', { router: false, peers: [{ name: '2001:db8::99', address: '2001:db8::99' }] }],
    ])
  })

  test('a peer that is no host of the target, or a host without an IPv6 literal address, is an error naming both', () => {
    const run = () =>
      resolve(
        '    hosts:\n      - { name: a, path_mtu: { peers: [bb, c] } }\n      - { name: b }\n      - { name: c, address: c.example.net }\n',
      )
    expect(run).toThrow(TargetsError)
    expect(run).toThrow(
      'targets.yaml: targets.t.hosts[0].path_mtu: host a: peer "bb" is neither an IPv6 address nor a host of target t; did you mean "b"?\n' +
        'targets.yaml: targets.t.hosts[0].path_mtu: host a: peer "c" has address c.example.net, not an IPv6 literal: name its address on the link the two hosts share (e.g. "2001:db8::12")',
    )
  })

  test('the schema refuses a bad address, a bad zone and more than 8 peers', () => {
    const load = (v: string) => () =>
      loadTargetsText(`targets:\n  t:\n    hosts: [{ name: a, path_mtu: ${v} }]\n`, 'targets.yaml', { env: {} })
    expect(load('{ peers: ["2001:db8::zz"] }')).toThrow(
      'invalid IPv6 address (a link-local one takes its interface as a zone',
    )
    expect(load('{ peers: ["fe80::2%eth 1"] }')).toThrow('invalid IPv6 address')
    expect(load('{ peers: ["a b"] }')).toThrow('want an IPv6 address or the name of a host of this target')
    expect(load(`{ peers: [${Array.from({ length: 9 }, (_, i) => `"2001:db8::${i + 1}"`).join(', ')}] }`)).toThrow(
      TargetsError,
    )
    expect(load('yes')).toThrow('expected true, false or { router, peers: [...] }')
  })
})

describe('localTarget', () => {
  test('this machine, local transport, every listener judged, nothing else', () => {
    expect(localTarget()).toEqual({
      name: 'local',
      stack: 'dual-stack',
      tags: [],
      prefixes: [],
      endpoints: [],
      hosts: [
        {
          name: hostname() || 'localhost',
          transport: 'local',
          roles: [],
          stack: 'dual-stack',
          interfaces: {},
          sysctl: {},
          listeners: { auto: true, expected: [] },
          configs: [],
        },
      ],
      waivers: [],
      source: 'built-in',
    })
    expect(resolveTarget(merge, 'local').source).toBe('built-in')
  })
})

describe('redactTarget', () => {
  test('no secret survives, and the rest is intact', () => {
    const env = { OS_PASSWORD: 'hunter2-os', SSH_KEY_PASSPHRASE: 'hunter2-key' }
    const t = resolveTarget(loadTargetsFile(`${root}targets.example.yaml`, { env }), 'lab1')
    t.endpoints.push({ name: 'basic', url: 'https://admin:hunter2-url@[2001:db8::15]/' })
    expect(JSON.stringify(t)).toContain('hunter2') // the test would prove nothing otherwise
    const r = redactTarget(t)
    expect(JSON.stringify(r)).not.toContain('hunter2')
    expect(r.openstack?.password).toBe('***')
    expect(r.hosts[1]?.ssh?.passphrase).toBe('***')
    expect(r.endpoints.at(-1)?.url).toBe('https://admin:***@[2001:db8::15]/')
    expect(r.hosts[1]?.address).toBe('2001:db8::11')
    expect(t.openstack?.password).toBe('hunter2-os') // a copy: the original is untouched
  })
})
