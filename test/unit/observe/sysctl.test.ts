import { describe, expect, it } from 'vitest'
import { parseNamedSysctl, parseSysctl } from '../../../lib/observe/parse/sysctl.ts'
import { fixture } from './fixtures.ts'

describe('parseSysctl (grep -r . /proc/sys/net/ipv6/conf/ /proc/sys/net/ipv6/bindv6only)', () => {
  const { conf, bindv6only } = parseSysctl(fixture('sysctl.netns-rich.txt'))

  it('keys by conf directory, a VLAN-style dotted name included', () => {
    expect(Object.keys(conf).sort()).toEqual(['all', 'default', 'eth0', 'eth0.100', 'eth1', 'eth2', 'lo'])
    expect(conf['eth0.100']?.accept_ra).toBe('2')
    expect(conf['eth0.100']?.forwarding).toBe('0')
    expect(conf.eth0?.accept_ra).toBe('1')
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
    const root = parseSysctl(fixture('sysctl.debian12.root.txt'))
    expect(root.bindv6only).toBe(0)
    expect(root.conf.eth0?.disable_ipv6).toBe('0')
    expect(Object.keys(root.conf)).toEqual(expect.arrayContaining(['all', 'default', 'lo', 'eth0']))
  })

  it('empty output (a kernel booted with ipv6.disable=1 has no /proc/sys/net/ipv6) is an empty conf', () => {
    expect(parseSysctl('')).toEqual({ conf: {} })
  })

  it('throws on anything else, naming the line', () => {
    expect(() => parseSysctl('sh: 1: grep: not found')).toThrow('sysctl: line 1 is not /proc/sys/net/ipv6/...:value: "sh: 1: grep: not found"')
    expect(() => parseSysctl('/proc/sys/net/ipv6/conf/lo/mtu:65536\n/proc/sys/net/ipv6/bindv6only:yes')).toThrow(/line 2: bindv6only is not a number/)
  })
})

describe('parseNamedSysctl (grep -H . <files> 2>&1)', () => {
  it('keys by path under /proc/sys; grep errors (missing, unreadable) leave the key out', () => {
    expect(parseNamedSysctl(fixture('named-sysctl.netns-rich.txt'))).toEqual({
      'net/ipv6/conf/eth0.100/accept_ra': '2',
      'net/ipv6/conf/eth1/stable_secret': '2001:0db8:05ec:0000:0000:0000:0000:0001',
      'net/ipv4/ip_local_port_range': '32768\t60999',
    })
  })
  it('nothing asked, nothing read', () => expect(parseNamedSysctl('')).toEqual({}))
  it('throws on a line that is neither', () => {
    expect(() => parseNamedSysctl('/proc/sys/net/ipv4/ip_forward:1\nsh: 1: grep: not found')).toThrow(
      'named-sysctl: line 2 is not /proc/sys/<path>:value: "sh: 1: grep: not found"',
    )
  })
})
