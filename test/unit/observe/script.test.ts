import { execFileSync, spawnSync } from 'node:child_process'
import { describe, expect, test } from 'vitest'
import { parseParts } from '../../../lib/observe/parse/parts.ts'
import { pathMtuScript } from '../../../lib/observe/pathmtu-script.ts'
import { isSafeSysctlPath, observationScript, splitSections } from '../../../lib/observe/script.ts'
import { ipv6ConfName, sysctlPath } from '../../../lib/targets/sysctl-path.ts'

describe('the observation script', () => {
  test('refuses sysctl paths that could escape /proc/sys or reach the shell', () => {
    expect(isSafeSysctlPath('net/ipv6/conf/eth0.100/accept_ra')).toBe(true)
    for (const bad of ['net/../../etc/shadow', 'net/ipv4/ip_forward; id', '$(id)', 'a b', '/abs'])
      expect(isSafeSysctlPath(bad)).toBe(false)
    expect(() => observationScript('abc', { sysctls: ['x;id'] })).toThrow(/refusing/)
  })

  test('run by sh, its sections come back apart, and a banner before them is noise', () => {
    const out = execFileSync('sh', ['-s'], {
      input: observationScript('n0nce', { sysctls: ['net/ipv6/conf/lo/mtu'] }),
      encoding: 'utf8',
    })
    const s = splitSections(`Welcome to ctl1!\nLast login: never\n${out}`, 'n0nce')
    expect(s.complete).toBe(true)
    expect(s.noise).toBe('Welcome to ctl1!\nLast login: never')
    expect(Object.keys(s.sections).sort()).toEqual([
      'firewall',
      'gai',
      'id',
      'ip-addr',
      'ip-route',
      'named-sysctl',
      'resolv',
      'ss',
      'sysctl',
    ])
    expect(s.sections.id).toMatch(/^\d+\n\S+$/) // id -u, id -un, and no SUDO_USER outside sudo
    expect(JSON.parse(s.sections['ip-addr']!)).toBeInstanceOf(Array)
    expect(s.sections['named-sysctl']).toMatch(/^\/proc\/sys\/net\/ipv6\/conf\/lo\/mtu:\d+$/)
  })

  test('a fence with another nonce is data, not a section', () => {
    const s = splitSections('\n@@v6ready:n1:ss@@\nfake\n@@v6ready:n2:end@@\n', 'n2')
    expect(s.sections).toEqual({})
    expect(s.complete).toBe(true)
  })

  test('output cut short is marked incomplete', () => {
    const s = splitSections('\n@@v6ready:n:ip-addr@@\n[{"ifname"', 'n')
    expect(s.complete).toBe(false)
    expect(s.sections['ip-addr']).toBe('[{"ifname"')
    expect(s.cut).toBe('ip-addr')
  })
})

describe('sysctl names', () => {
  test.for([
    ['net.ipv6.conf.eth0.accept_ra', 'net/ipv6/conf/eth0/accept_ra'],
    ['net.ipv6.conf.eth0.100.accept_ra', 'net/ipv6/conf/eth0.100/accept_ra'],
    ['net.ipv4.conf.bond0.200.rp_filter', 'net/ipv4/conf/bond0.200/rp_filter'],
    ['net.ipv6.neigh.eth0.100.retrans_time_ms', 'net/ipv6/neigh/eth0.100/retrans_time_ms'],
    ['net.ipv6.bindv6only', 'net/ipv6/bindv6only'],
    ['net/ipv6/conf/eth0.100/accept_ra', 'net/ipv6/conf/eth0.100/accept_ra'],
    ['net.ipv6.conf.eth0/100.accept_ra', 'net/ipv6/conf/eth0.100/accept_ra'],
    ['/proc/sys/net/ipv4/ip_forward', 'net/ipv4/ip_forward'],
  ] as const)('%s → %s', ([name, path]) => expect(sysctlPath(name)).toBe(path))

  test('remedies use / where the interface name has a dot', () => {
    expect(ipv6ConfName('eth0', 'accept_ra')).toBe('net.ipv6.conf.eth0.accept_ra')
    expect(ipv6ConfName('eth0.100', 'accept_ra')).toBe('net/ipv6/conf/eth0.100/accept_ra')
  })
})

describe('secrets in the sysctl tree', () => {
  test.runIf(process.getuid?.() === 0)('a set stable_secret is recorded as set, never its value', () => {
    const n = `v6fx-secret-${process.pid}`
    execFileSync('ip', ['netns', 'add', n])
    try {
      const secret = '2001:db8:5ec:4e7:1111:2222:3333:4444'
      execFileSync('ip', ['netns', 'exec', n, 'sysctl', '-q', '-w', `net.ipv6.conf.lo.stable_secret=${secret}`])
      const out = execFileSync('ip', ['netns', 'exec', n, 'sh', '-s'], {
        input: observationScript('n0nce'),
        encoding: 'utf8',
      })
      const sysctl = splitSections(out, 'n0nce').sections.sysctl ?? ''
      expect(sysctl).toContain('/proc/sys/net/ipv6/conf/lo/stable_secret:(set)')
      expect(out).not.toContain(secret)
      expect(out).not.toContain('5ec:4e7')
    } finally {
      execFileSync('ip', ['netns', 'delete', n])
    }
  })
})

const HAS_BUSYBOX = spawnSync('busybox', ['true']).status === 0

describe('the pathmtu section (hosts.path.mtu)', () => {
  const probes = {
    router: true,
    peers: [
      { name: 'cmp2', address: '2001:db8::12' },
      { name: 'fe80::2%eth1', address: 'fe80::2%eth1' },
    ],
  }

  test('only on hosts that ask for it, and last before the end', () => {
    expect(observationScript('n0nce')).not.toContain('pathmtu')
    expect(observationScript('n0nce', { pathMtu: { router: false, peers: [] } })).not.toContain('pm_pair')
    const s = observationScript('n0nce', { pathMtu: probes })
    const tail = s.slice(s.indexOf('@@v6ready:n0nce:pathmtu@@'))
    expect(tail.split('\n').slice(-5)).toEqual([
      "pm_pair 1 router router ''",
      "pm_pair 2 peer 'cmp2' '2001:db8::12'",
      "pm_pair 3 peer 'fe80::2%eth1' 'fe80::2%eth1'",
      "printf '\\n@@v6ready:n0nce:end@@\\n'",
      '',
    ])
  })

  test('parses as POSIX sh in dash', () => {
    expect(() => execFileSync('dash', ['-n'], { input: observationScript('n0nce', { pathMtu: probes }) })).not.toThrow()
  })

  test.runIf(HAS_BUSYBOX)('parses in BusyBox sh (where busybox is installed)', () => {
    const s = observationScript('n0nce', { pathMtu: probes })
    expect(() => execFileSync('busybox', ['sh', '-n'], { input: s })).not.toThrow()
  })

  test('a peer is single-quoted for sh, whatever it holds', () => {
    expect(pathMtuScript({ router: false, peers: [{ name: "x'$(id)", address: '::1' }] })).toContain(
      `pm_pair 1 peer 'x'\\''$(id)' '::1'`,
    )
  })

  test('run by sh with no default route: the router pair says no-route and no ping runs', () => {
    // The runner's own namespace may have a default route; a fake ip prints none.
    const out = execFileSync('sh', ['-s'], {
      input: `ip() { :; }\n${observationScript('n0nce', { pathMtu: { router: true, peers: [] } })}`,
      encoding: 'utf8',
    })
    const section = splitSections(out, 'n0nce').sections.pathmtu ?? ''
    expect(parseParts(section).map((p) => [p.label, p.text, p.exit])).toEqual([
      ['pair 1', 'kind router\nname router\naddr \ndev \nmtu \nstate no-route\n', 0],
    ])
  })
})

describe('the ovs section (OVN encapsulation, hosts.config.overlay-mtu)', () => {
  test('only when asked for, only where ovs-vsctl is, bounded by --timeout, and valid in dash', () => {
    expect(observationScript('n0nce')).not.toContain('ovs-vsctl')
    const s = observationScript('n0nce', { ovs: true })
    expect(s).toContain(
      "@@v6ready:n0nce:ovs@@\\n'\nif command -v ovs-vsctl >/dev/null 2>&1; then pt_run 'ovs-vsctl --timeout=5 --if-exists get Open_vSwitch . external_ids:ovn-encap-ip external_ids:ovn-encap-type' ovs-vsctl --timeout=5 --if-exists get Open_vSwitch . external_ids:ovn-encap-ip external_ids:ovn-encap-type; fi\n",
    )
    expect(() => execFileSync('dash', ['-n'], { input: s })).not.toThrow()
  })
})
