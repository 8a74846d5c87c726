import { describe, expect, it } from 'vitest'
import type { HostFacts } from '../../../lib/observe/facts.ts'
import { parseHostFacts } from '../../../lib/observe/parse/index.ts'
import { splitSections } from '../../../lib/observe/script.ts'
import { fixture } from './fixtures.ts'

// Both captures ran observationScript('fixture1', [eth0.100/accept_ra, ipv4/ip_forward, nosuch/x]) with sh.
const NONCE = 'fixture1'
const facts = (raw: string): HostFacts => parseHostFacts(splitSections(raw, NONCE).sections)
// Facts of sections that only some hosts get (guests: metadata and guest; container hosts: containers;
// hosts naming config files: configs; hosts asking for hosts.path.mtu: pathMtu; hosts listing ini files: ovn).
// Absent here, they must say so without breaking the others.
// identity and firewall: the captures were recorded before those sections existed.
const OPTIONAL = new Set<string>([
  'identity',
  'metadata',
  'configs',
  'guest',
  'containers',
  'firewall',
  'pathMtu',
  'ovn',
])
const always = (f: HostFacts) => Object.entries(f).filter(([name]) => !OPTIONAL.has(name))
const ok = <T>(o: { ok: true; value: T } | { ok: false; error: string }): T => {
  if (!o.ok) throw new Error(o.error)
  return o.value
}

describe('splitSections + parseHostFacts on the full rich-namespace capture', () => {
  const raw = fixture('full.netns-rich.txt')
  const split = splitSections(raw, NONCE)
  const f = parseHostFacts(split.sections)

  it('is complete and every fact parses', () => {
    expect(split.complete).toBe(true)
    expect(split.noise).toBe('')
    for (const [name, o] of always(f)) expect(o.ok, `${name}: ${o.ok ? '' : o.error}`).toBe(true)
  })

  it('sysctls: conf from the sysctl section, named from named-sysctl by /proc/sys path, bindv6only', () => {
    const s = ok(f.sysctls)
    expect(s.conf['eth0.100']?.accept_ra).toBe('2')
    expect(s.conf.eth1).toMatchObject({ forwarding: '1', accept_ra: '1' })
    expect(s.bindv6only).toBe(1)
    // nosuch/x made grep print "No such file or directory": left out, not empty
    expect(s.named).toEqual({ 'net/ipv6/conf/eth0.100/accept_ra': '2', 'net/ipv4/ip_forward': '0' })
  })

  it('listeners: the ss section holds stderr warnings too (2>&1), and all 12 sockets', () => {
    expect(split.sections.ss).toContain('Failed to find cgroup2 mount')
    const ls = ok(f.listeners)
    expect(ls).toHaveLength(12)
    expect(ls.find((l) => l.port === 8060)).toMatchObject({
      family: 'inet6',
      address: '::ffff:127.0.0.1',
      v6only: false,
    })
    expect(ls.find((l) => l.port === 8030)).toMatchObject({ address: '::', v6only: true })
  })

  it('interfaces, routes, resolv.conf and gai.conf', () => {
    const ifs = ok(f.interfaces)
    expect(ifs.find((i) => i.name === 'eth0.100')?.link).toBe('eth0')
    expect(ifs.find((i) => i.name === 'eth1')?.addresses.find((a) => a.address === '2001:db8:2::5')?.tentative).toBe(
      true,
    )
    expect(ok(f.routes).filter((r) => r.dst === 'default')).toHaveLength(3)
    expect(ok(f.resolv).nameservers).toEqual(['2001:db8:1::53', 'fe80::1%eth0', '198.51.100.53'])
    const gai = ok(f.gai)
    expect(gai.rules.find((r) => r.kind === 'precedence' && r.prefix === '::ffff:0:0/96')?.value).toBe(100)
  })

  it('a login banner and a fence with another nonce before the first fence change nothing', () => {
    // A typical Debian motd, and a line that looks like a fence but carries the wrong nonce.
    const banner = [
      'Linux ctl1 6.1.0-18-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01) x86_64',
      '',
      'The programs included with the Debian GNU/Linux system are free software;',
      'Last login: Mon Nov 24 00:20:01 2025 from 2001:db8:1::9',
      '@@v6ready:attacker:ss@@',
      'LISTEN 0 128 0.0.0.0:1 0.0.0.0:*',
    ].join('\n')
    const s = splitSections(`${banner}\n${raw}`, NONCE)
    expect(s.noise).toBe(banner)
    expect(parseHostFacts(s.sections)).toEqual(f)
  })

  it('output cut short before resolv: earlier facts stand, later ones say which section is missing', () => {
    const cut = raw.slice(0, raw.indexOf(`@@v6ready:${NONCE}:resolv@@`))
    const s = splitSections(cut, NONCE)
    expect(s.complete).toBe(false)
    const g = parseHostFacts(s.sections)
    expect(ok(g.listeners)).toHaveLength(12)
    expect(g.resolv).toEqual({
      ok: false,
      error: 'section resolv: missing from the output (the observation was cut short?)',
    })
    expect(g.gai.ok).toBe(false)
    // sysctls needs named-sysctl too: an unread section must not pass for "no such sysctl"
    expect(g.sysctls).toEqual({
      ok: false,
      error: 'section named-sysctl: missing from the output (the observation was cut short?)',
    })
  })

  it('a section that fails to parse fails only its own fact, and names the section', () => {
    const g = parseHostFacts({ ...split.sections, 'ip-addr': fixture('ip-addr.debian12.no-ip.txt').trimEnd() })
    expect(g.interfaces).toEqual({
      ok: false,
      error: 'section ip-addr: ip -j addr show: output is not JSON: "/bin/sh: 1: ip: not found"',
    })
    expect(g.routes.ok && g.listeners.ok && g.sysctls.ok).toBe(true)
  })
})

describe('splitSections + parseHostFacts on this Debian 12 machine', () => {
  const f = facts(fixture('full.debian12.root.txt'))
  it('every fact parses', () => {
    for (const [name, o] of always(f)) expect(o.ok, `${name}: ${o.ok ? '' : o.error}`).toBe(true)
  })
  it('values', () => {
    const s = ok(f.sysctls)
    expect(s.bindv6only).toBe(0)
    expect(s.named).toEqual({ 'net/ipv4/ip_forward': '0' }) // no eth0.100 here
    expect(ok(f.listeners)).toEqual([{ family: 'inet', address: '0.0.0.0', port: 2024 }])
    expect(ok(f.gai)).toEqual({ present: true, rules: [] })
    expect(ok(f.routes).find((r) => r.dst === 'default')?.gateway).toBe('fd00::1')
    expect(ok(f.interfaces).map((i) => i.name)).toContain('eth0')
  })
})
