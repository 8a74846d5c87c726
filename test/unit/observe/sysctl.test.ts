import { describe, expect, it } from 'vitest'
import { parseNamedSysctl, parseSysctl } from '../../../lib/observe/parse/sysctl.ts'
import { fixture } from './fixtures.ts'

describe('parseSysctl (grep -r . /proc/sys/net/ipv6/conf/ /proc/sys/net/ipv6/bindv6only)', () => {
  const {
    value: { conf, bindv6only },
    unreadable,
  } = parseSysctl(fixture('sysctl.netns-rich.txt'))

  it('keys by conf directory, a VLAN-style dotted name included', () => {
    expect(Object.keys(conf).sort()).toEqual(['all', 'default', 'eth0', 'eth0.100', 'eth1', 'eth2', 'lo'])
    expect(conf['eth0.100']?.accept_ra).toBe('2')
    expect(conf['eth0.100']?.forwarding).toBe('0')
    expect(conf.eth0?.accept_ra).toBe('1')
    expect(unreadable).toEqual([])
  })

  it('reads the settings the namespace was given', () => {
    expect(conf.eth1).toMatchObject({ forwarding: '1', accept_ra: '1', dad_transmits: '200' })
    expect(conf.eth2?.disable_ipv6).toBe('1')
    expect(conf.eth0?.use_tempaddr).toBe('2')
    expect(conf.lo?.disable_ipv6).toBe('0')
    expect(bindv6only).toBe(1)
  })

  it('splits on the first colon after the path: a value may hold colons', () => {
    expect(conf.eth1?.stable_secret).toBe('2001:0db8:05ec:0000:0000:0000:0000:0001')
    // unset stable_secret is unreadable (EIO): grep prints nothing for it
    expect(conf.eth0?.stable_secret).toBeUndefined()
  })

  it('this Debian 12 machine', () => {
    const root = parseSysctl(fixture('sysctl.debian12.root.txt')).value
    expect(root.bindv6only).toBe(0)
    expect(root.conf.eth0?.disable_ipv6).toBe('0')
    expect(Object.keys(root.conf)).toEqual(expect.arrayContaining(['all', 'default', 'lo', 'eth0']))
  })

  it('empty output (a kernel booted with ipv6.disable=1 has no /proc/sys/net/ipv6) is an empty conf', () => {
    expect(parseSysctl('')).toEqual({ value: { conf: {} }, unreadable: [] })
  })

  it('nothing readable at all (grep missing) is an error for the whole section, not a kernel without IPv6', () => {
    expect(() => parseSysctl('sh: 1: grep: not found')).toThrow(
      'sysctl line 1: not /proc/sys/net/ipv6/...:value: "sh: 1: grep: not found"',
    )
  })

  it('a line it cannot read is listed, with its interface when the path names one; the others are kept', () => {
    const rich = fixture('sysctl.netns-rich.txt')
    const lines = rich.split('\n')
    const { value, unreadable: u } = parseSysctl(
      [
        ...lines.slice(0, 3),
        '/proc/sys/net/ipv6/conf/eth1/accept_ra',
        '/proc/sys/net/ipv6/bindv6only:yes',
        ...lines.slice(3),
      ].join('\n'),
    )
    expect(value.conf).toEqual(conf)
    expect(value.bindv6only).toBe(1) // the real line, further down
    expect(u).toEqual([
      {
        source: 'sysctl',
        line: 4,
        excerpt: '"/proc/sys/net/ipv6/conf/eth1/accept_ra"',
        why: 'not /proc/sys/net/ipv6/...:value',
        about: 'eth1',
      },
      { source: 'sysctl', line: 5, excerpt: '"/proc/sys/net/ipv6/bindv6only:yes"', why: 'bindv6only is not a number' },
    ])
  })
})

describe('parseNamedSysctl (grep -H . <files> 2>&1)', () => {
  it('keys by path under /proc/sys; grep errors (missing, unreadable) leave the key out', () => {
    expect(parseNamedSysctl(fixture('named-sysctl.netns-rich.txt'))).toEqual({
      value: {
        'net/ipv6/conf/eth0.100/accept_ra': '2',
        'net/ipv6/conf/eth1/stable_secret': '2001:0db8:05ec:0000:0000:0000:0000:0001',
        'net/ipv4/ip_local_port_range': '32768\t60999',
      },
      unreadable: [],
    })
  })
  it('nothing asked, nothing read', () => expect(parseNamedSysctl('')).toEqual({ value: {}, unreadable: [] }))
  it('a line that is neither is listed, the others are kept', () => {
    expect(parseNamedSysctl('/proc/sys/net/ipv4/ip_forward:1\nsh: 1: grep: not found')).toEqual({
      value: { 'net/ipv4/ip_forward': '1' },
      unreadable: [
        { source: 'named-sysctl', line: 2, excerpt: '"sh: 1: grep: not found"', why: 'not /proc/sys/<path>:value' },
      ],
    })
  })
  it('nothing readable at all is an error for the whole section', () => {
    expect(() => parseNamedSysctl('sh: 1: grep: not found')).toThrow(
      'named-sysctl line 1: not /proc/sys/<path>:value: "sh: 1: grep: not found"',
    )
  })
})
