// One bad line hides nothing else: judges on facts read in part (Observed.unreadable). The hostile
// listeners are a real recording (capture-hostile.sh); the other bad lines are added in memory to a
// real recorded section, one line each, the way a broken host would print them.
import { describe, expect, test } from 'vitest'
import { dad, forbidden, required } from '../../../lib/judge/addresses.ts'
import { acceptsIPv6, dualStack } from '../../../lib/judge/listeners.ts'
import { gaiPrecedence } from '../../../lib/judge/resolver.ts'
import { defaultRoute } from '../../../lib/judge/routes.ts'
import { acceptRa, disableIpv6 } from '../../../lib/judge/sysctl.ts'
import { parseHostFacts } from '../../../lib/observe/parse/index.ts'
import { edited, host, outcomes, sectionsOf, view } from './view.ts'

const hostile = parseHostFacts(sectionsOf('full.netns-hostile-comm.txt'))
const auto = host({ stack: 'dual-stack', listeners: { auto: true, expected: [] } })

describe('listeners whose process names break ss lines (real recording)', () => {
  test('the ss section is read, nothing left unread', () => {
    expect(hostile.listeners.ok).toBe(true)
    expect(hostile.listeners.ok && hostile.listeners.unreadable).toBeUndefined()
  })

  test('listeners auto: every real port is judged on its real sockets; the forged *:9 is no port', () => {
    const vs = acceptsIPv6(view(auto, hostile))
    expect(outcomes(vs)).toEqual({
      'h1:8080': 'pass', // [::]:8080 v6only beside 0.0.0.0:8080
      'h1:8443': 'pass', // *:8443, name "evil\nLISTEN 0 4"
      'h1:8444': 'pass', // [::]:8444, name "\nLISTEN 0 0 *:9"
      'h1:8445': 'fail', // 0.0.0.0:8445 only, name 'a"b'
      'h1:8446': 'pass',
      'h1:8447': 'pass',
      'h1:8448': 'pass',
      'h1:8450': 'pass',
      'h1:8451': 'pass',
      'h1:8452': 'pass',
    })
    expect(vs.find((v) => v.subject === 'h1:8445')?.observed).toBe('bound to 0.0.0.0 only (IPv4)')
  })

  test('dual-stack: a name that says v6only:1 does not make a v6only:0 socket IPv6-only', () => {
    const vs = dualStack(view(auto, hostile))
    expect(outcomes(vs)).toMatchObject({
      'h1:8080': 'pass',
      'h1:8443': 'pass',
      'h1:8444': 'fail',
      'h1:8448': 'pass',
      'h1:8450': 'pass',
    })
    expect(vs.find((v) => v.subject === 'h1:8448')?.observed).toMatch(/^\[::\]:8448 v6only:0 "x v6only:1 <->"\[\d+\]$/)
  })

  test('a name is shown quoted, its newline escaped, in what the operator reads', () => {
    const v = acceptsIPv6(view(auto, hostile)).find((x) => x.subject === 'h1:8443')
    expect(v?.expected).toBe('"evil\\nLISTEN 0 4" listening for IPv6 on port 8443')
    expect(v?.observed).not.toContain('\n')
  })
})

describe('an ss line that cannot be read is evidence of its port', () => {
  // One socket ss printed with an address that is not one, and one line that is no socket at all.
  const facts = edited('full.netns-hostile-comm.txt', (s) => ({
    ...s,
    ss: `${s.ss}\nLISTEN 0 128 [2001:db8::g]:2222 [::]:*\nLISTEN 0 128 [2001:db8::g]:8080 [::]:*\nCannot open netlink socket: Protocol not supported`,
  }))
  const n = (sectionsOf('full.netns-hostile-comm.txt').ss ?? '').split('\n').length

  test('an expected port found only in an unreadable line is skipped naming that line, not failed as "nothing listens"', () => {
    const [v] = acceptsIPv6(view(host({ listeners: { auto: false, expected: [{ port: 2222 }] } }), facts))
    expect(v?.skip).toBe(
      `could not read ss line ${n + 1}: bad local address "[2001:db8::g]:2222": "LISTEN 0 128 [2001:db8::g]:2222 [::]:*"`,
    )
  })

  test('a port with a good socket still passes, the unreadable line of that port in its evidence', () => {
    const [v] = acceptsIPv6(view(host({ listeners: { auto: false, expected: [{ port: 8080 }] } }), facts))
    expect(v?.ok).toBe(true)
    expect(v?.skip).toBeUndefined()
    expect(v?.evidence).toContain(`could not read ss line ${n + 2}: bad local address "[2001:db8::g]:8080"`)
  })

  test('a port in no line at all still fails, with the lines that belong to no port as evidence', () => {
    const [v] = acceptsIPv6(view(host({ listeners: { auto: false, expected: [{ port: 9999 }] } }), facts))
    expect(v?.ok).toBe(false)
    expect(v?.observed).toBe('nothing listens on TCP port 9999')
    expect(v?.evidence).toBe(
      `could not read ss line ${n + 3}: not a socket: "Cannot open netlink socket: Protocol not supported"`,
    )
  })

  test('listeners auto: the unreadable port is judged too (skipped, naming its line); the rest as before', () => {
    const vs = acceptsIPv6(view(auto, facts))
    const before = outcomes(acceptsIPv6(view(auto, hostile)))
    expect(outcomes(vs)).toEqual({ ...before, 'h1:2222': 'skip' })
    for (const v of vs.filter((x) => !x.skip)) expect(v.evidence ?? '').toContain('Cannot open netlink socket')
  })
})

describe('other sections: one bad line is evidence of its interface or route, the rest is judged', () => {
  const rich = parseHostFacts(sectionsOf('full.netns-rich.txt'))

  test('ip addr: an address that is not one skips the checks of its interface that it could change', () => {
    const facts = edited('full.netns-rich.txt', (s) => {
      const entries = JSON.parse(s['ip-addr'] ?? '') as { ifname: string; addr_info: unknown[] }[]
      for (const e of entries)
        if (e.ifname === 'eth2') e.addr_info.push({ family: 'inet6', local: '2001:db8:2::zz', prefixlen: 64 })
      return { ...s, 'ip-addr': JSON.stringify(entries) }
    })
    const want = host({
      interfaces: {
        eth0: { ipv6: 'required', addresses: ['2001:db8:1::b'] },
        eth2: { ipv6: 'required', addresses: ['2001:db8:2::1'] },
      },
    })
    const vs = required(view(want, facts))
    expect(outcomes(vs)).toEqual({ 'h1:eth0': 'pass', 'h1:eth2': 'skip' })
    expect(vs[1]?.skip).toMatch(/^could not read ip -j addr show entry \d: eth2: bad inet6 address "2001:db8:2::zz": /)
    // dadfailed read on eth0 stays a finding; eth2's other checks are not failed on a guess
    expect(outcomes(dad(view(host(), facts)))).toEqual(outcomes(dad(view(host(), rich))))
    const forbid = forbidden(view(host({ interfaces: { eth2: { ipv6: 'forbidden', addresses: [] } } }), facts))
    expect(outcomes(forbid)).toEqual({ 'h1:eth2': 'skip' }) // rich: pass, but the address we could not read may be global
  })

  test('ip route: a default route with a bad gateway, and no other, skips hosts.route.default naming it', () => {
    const facts = edited('full.netns-rich.txt', (s) => {
      const routes = (JSON.parse(s['ip-route'] ?? '') as { dst: string }[]).filter((r) => r.dst !== 'default')
      return { ...s, 'ip-route': JSON.stringify([...routes, { dst: 'default', gateway: 'fe80::zz', dev: 'eth0' }]) }
    })
    const [v] = defaultRoute(view(host(), facts))
    expect(v?.skip).toMatch(/^could not read ip -j -6 route show entry \d+: default: bad gateway "fe80::zz": /)
  })

  test('ip route: with a good default route it passes, an unreadable route in its evidence', () => {
    const facts = edited('full.netns-rich.txt', (s) => ({
      ...s,
      'ip-route': (s['ip-route'] ?? '').replace(/^\[/, '[{"dst":"2001:db8::/129","dev":"eth0"},'),
    }))
    const [v] = defaultRoute(view(host(), facts))
    expect(v?.ok).toBe(true)
    expect(v?.skip).toBeUndefined()
    expect(v?.evidence).toContain('could not read ip -j -6 route show entry 0: bad dst "2001:db8::/129"')
  })

  test('sysctl: a line that cannot be read skips its interface only', () => {
    const facts = edited('full.netns-rich.txt', (s) => ({
      ...s,
      sysctl: `/proc/sys/net/ipv6/conf/eth1/accept_ra\n${s.sysctl}`,
    }))
    const vs = disableIpv6(view(host(), facts))
    const rest = outcomes(disableIpv6(view(host(), rich)))
    expect(outcomes(vs)).toEqual({ ...rest, 'h1:eth1': 'skip' })
    expect(vs.find((v) => v.subject === 'h1:eth1')?.skip).toBe(
      'could not read sysctl line 1: not /proc/sys/net/ipv6/...:value: "/proc/sys/net/ipv6/conf/eth1/accept_ra"',
    )
    // eth1 forwards with accept_ra 1: a finding on the whole section; with a line about eth1 unread, not judged
    const ra = host({ interfaces: { eth1: { ipv6: 'required', addresses: [], accept_ra: true } } })
    expect(outcomes(acceptRa(view(ra, rich)))).toEqual({ 'h1:eth0': 'pass', 'h1:eth0.100': 'pass', 'h1:eth1': 'fail' })
    expect(outcomes(acceptRa(view(ra, facts)))).toEqual({ 'h1:eth0': 'pass', 'h1:eth0.100': 'pass', 'h1:eth1': 'skip' })
  })

  test('gai.conf: glibc skips a bad line and so does the judge; the line is in the evidence', () => {
    const facts = edited('full.netns-rich.txt', (s) => ({
      ...s,
      gai: 'precedence ::1/128 50\nprecedence ::/0 forty\nprecedence ::ffff:0:0/96 10',
    }))
    const [v] = gaiPrecedence(view(host(), facts))
    expect(v?.ok).toBe(false) // ::/0 is not in the table glibc builds
    expect(v?.observed).toBe('custom table: IPv6 0, IPv4 10; missing ::/0')
    expect(v?.evidence).toContain('could not read gai.conf line 2: bad value "forty": "precedence ::/0 forty"')
  })
})
