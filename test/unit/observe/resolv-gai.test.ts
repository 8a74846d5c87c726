import { describe, expect, it } from 'vitest'
import { parseGaiConf } from '../../../lib/observe/parse/gai-conf.ts'
import { parseResolvConf } from '../../../lib/observe/parse/resolv-conf.ts'
import { fixture } from './fixtures.ts'

describe('parseResolvConf', () => {
  it('reads nameservers as written (zone kept), the last search/domain, all options', () => {
    expect(parseResolvConf(fixture('resolv.netns-rich.txt'))).toEqual({
      nameservers: ['2001:db8:1::53', 'fe80::1%eth0', '198.51.100.53'],
      search: ['lab.example.', 'example.test'],
      options: ['edns0', 'trust-ad', 'inet6', 'timeout:2'],
    })
  })
  it('this Debian 12 machine', () => {
    expect(parseResolvConf(fixture('resolv.debian12.root.txt'))).toEqual({
      nameservers: ['10.255.255.53'],
      search: [],
      options: [],
    })
  })
  it('domain after search wins, as in glibc', () => {
    expect(parseResolvConf('search a.example b.example\ndomain c.example\n').search).toEqual(['c.example'])
    expect(parseResolvConf('domain c.example d.example\n').search).toEqual(['c.example']) // domain takes one word
  })
  it('a missing file (real capture of cat) throws', () => {
    expect(() => parseResolvConf(fixture('resolv.netns-absent.txt'))).toThrow(
      'resolv.conf: not readable: "cat: /etc/resolv.conf: No such file or directory"',
    )
  })
})

describe('parseGaiConf', () => {
  it('reads rules with canonical prefixes and 1-based line numbers', () => {
    expect(parseGaiConf(fixture('gai.netns-rich.txt')).value).toEqual({
      present: true,
      reload: false,
      rules: [
        { kind: 'precedence', prefix: '::ffff:0:0/96', value: 100, line: 4 },
        { kind: 'precedence', prefix: '::1/128', value: 50, line: 5 },
        { kind: 'label', prefix: '2001:db8::/32', value: 7, line: 6 }, // written 2001:0DB8::/32
        { kind: 'scopev4', prefix: '::ffff:a9fe:0/112', value: 2, line: 7 }, // written ::ffff:169.254.0.0/112
      ],
    })
  })
  it("Debian's stock gai.conf: present, every line a comment", () => {
    expect(parseGaiConf(fixture('gai.debian12.root.txt'))).toEqual({
      value: { present: true, rules: [] },
      unreadable: [],
    })
  })
  it('@@absent@@ (real capture with /etc hidden) means no file', () => {
    expect(parseGaiConf(fixture('gai.netns-absent.txt'))).toEqual({
      value: { present: false, rules: [] },
      unreadable: [],
    })
  })
  it('the rich namespace file has no bad line, and reload yes is read as yes', () => {
    expect(parseGaiConf(fixture('gai.netns-rich.txt')).unreadable).toEqual([])
    expect(parseGaiConf('reload yes').value.reload).toBe(true)
  })
  it('a value is digits only, at both ends', () => {
    const why = (text: string) => parseGaiConf(text).unreadable.map((u) => u.why)
    expect(why('precedence ::/0 x40')).toEqual(['bad value "x40"'])
    expect(why('precedence ::/0 40x')).toEqual(['bad value "40x"'])
  })
  it("scopev4 as gai.conf(5) has it: a mapped prefix of /96 or more, or a dotted one of /32 or less (Debian's stock examples)", () => {
    const prefix = (text: string) => {
      const { value, unreadable } = parseGaiConf(text)
      return value.rules[0]?.prefix ?? unreadable.map((u) => u.why).join()
    }
    // the three examples of Debian's /etc/gai.conf (gai.debian12.root.txt), uncommented
    expect(prefix('scopev4 ::ffff:169.254.0.0/112  2')).toBe('::ffff:a9fe:0/112')
    expect(prefix('scopev4 ::ffff:127.0.0.0/104    2')).toBe('::ffff:7f00:0/104')
    expect(prefix('scopev4 ::ffff:0.0.0.0/96       14')).toBe('::ffff:0:0/96')
    // the same in dotted form: the length counts from bit 96
    expect(prefix('scopev4 127.0.0.0/8 2')).toBe('::ffff:7f00:0/104')
    expect(prefix('scopev4 0.0.0.0/0 14')).toBe('::ffff:0:0/96')
    expect(prefix('scopev4 169.254.0.0/32 2')).toBe('::ffff:a9fe:0/128')
    // no length: one address
    expect(prefix('scopev4 169.254.0.1 2')).toBe('::ffff:a9fe:1/128')
    expect(prefix('scopev4 ::ffff:169.254.0.1 2')).toBe('::ffff:a9fe:1/128')
    // out of range, not mapped, or not a length
    expect(prefix('scopev4 169.254.0.0/33 2')).toBe('bad prefix "169.254.0.0/33"')
    expect(prefix('scopev4 ::ffff:0.0.0.0/95 14')).toBe('bad prefix "::ffff:0.0.0.0/95"')
    expect(prefix('scopev4 ::ffff:0:0/96 14')).toBe('::ffff:0:0/96')
    expect(prefix('scopev4 169.254.0.0/1x 2')).toBe('bad prefix "169.254.0.0/1x"')
    expect(prefix('scopev4 169.254.0.0/x16 2')).toBe('bad prefix "169.254.0.0/x16"')
    expect(prefix('scopev4 2001:db8::/112 1')).toBe('bad prefix "2001:db8::/112"')
    expect(prefix('scopev4 x169.254.0.0/16 2')).toBe('bad prefix "x169.254.0.0/16"')
    expect(prefix('scopev4 169.254.0.0/16/16 2')).toBe('bad prefix "169.254.0.0/16/16"')
  })
  it('scopev4 in dotted form is the same prefix', () => {
    expect(parseGaiConf('scopev4 169.254.0.0/16 2').value.rules[0]?.prefix).toBe('::ffff:a9fe:0/112')
  })
  it('a bad line is listed with its line number and why; glibc skips it and keeps the rest, and so do we', () => {
    const lines = (text: string) => parseGaiConf(text).unreadable.map((u) => `${u.line}: ${u.why}`)
    expect(parseGaiConf('# ok\nprecedence ::ffff:0:0/96')).toEqual({
      value: { present: true, rules: [] },
      unreadable: [
        {
          source: 'gai.conf',
          line: 2,
          excerpt: '"precedence ::ffff:0:0/96"',
          why: 'precedence takes a prefix and a value',
        },
      ],
    })
    expect(lines('precedence 10.0.0.0/8 5')).toEqual(['1: bad prefix "10.0.0.0/8"'])
    expect(lines('label ::/0 high')).toEqual(['1: bad value "high"'])
    expect(lines('\n\nprecendence ::/0 40')).toEqual(['3: unknown keyword "precendence"'])
    expect(lines('reload maybe')).toEqual(['1: reload takes yes or no'])
    expect(lines('scopev4 2001:db8::/32 1')).toEqual(['1: bad prefix "2001:db8::/32"'])
  })
  it('the rules around a bad line are still read', () => {
    const { value, unreadable } = parseGaiConf(
      'precedence ::1/128 50\nprecedence ::/0 forty\nprecedence ::ffff:0:0/96 10',
    )
    expect(value.rules.map((r) => `${r.line} ${r.prefix} ${r.value}`)).toEqual(['1 ::1/128 50', '3 ::ffff:0:0/96 10'])
    expect(unreadable.map((u) => u.line)).toEqual([2])
  })
})
