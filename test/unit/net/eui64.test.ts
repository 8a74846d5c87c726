import { describe, test, expect } from 'vitest'
import { eui64Address, macToInterfaceId } from '../../../lib/net/index.ts'

describe('macToInterfaceId: modified EUI-64 (RFC 4291 Appendix A)', () => {
  const cases: [string, string][] = [
    ['fa:16:3e:12:34:56', 'f816:3eff:fe12:3456'], // OpenStack (Neutron fa:16:3e OUI), as Tempest computes it
    ['FA-16-3E-12-34-56', 'f816:3eff:fe12:3456'],
    ['34:56:78:9a:bc:de', '3656:78ff:fe9a:bcde'], // RFC 2464 §4 example
    ['02:fc:00:00:00:01', 'fc:ff:fe00:1'], // measured: this container's eth0
    ['02:00:00:00:00:01', '0:ff:fe00:1'],
    ['00:00:00:00:00:00', '200:ff:fe00:0'], // universal → U/L bit set
    ['ff:ff:ff:ff:ff:ff', 'fdff:ffff:feff:ffff'],
  ]
  test.for(cases)('%s → %s', ([mac, want]) => {
    expect(macToInterfaceId(mac)).toBe(want)
  })
})

describe('eui64Address', () => {
  const cases: [string, string, string][] = [
    ['2001:db8::/64', 'fa:16:3e:12:34:56', '2001:db8::f816:3eff:fe12:3456'],
    ['2001:DB8:1:0::/64', 'fa:16:3e:12:34:56', '2001:db8:1:0:f816:3eff:fe12:3456'],
    ['fe80::/64', '34-56-78-9A-BC-DE', 'fe80::3656:78ff:fe9a:bcde'],
    // measured on this machine: eth0 02:fc:00:00:00:01 has fe80::fc:ff:fe00:1/64
    ['fe80::/64', '02:fc:00:00:00:01', 'fe80::fc:ff:fe00:1'],
    ['fe80::/64', '02:00:00:00:00:01', 'fe80::ff:fe00:1'],
    ['fd00::/64', '02:fc:00:00:00:01', 'fd00::fc:ff:fe00:1'],
    // host bits written in the prefix are replaced by the interface identifier
    ['2001:db8::1/64', 'fa:16:3e:12:34:56', '2001:db8::f816:3eff:fe12:3456'],
  ]
  test.for(cases)('%s + %s → %s', ([prefix, mac, want]) => {
    expect(eui64Address(prefix, mac)).toBe(want)
  })

  const badPrefixes: [string, RegExp][] = [
    ['2001:db8::/48', /SLAAC needs a \/64.*\/48/],
    ['2001:db8::/56', /SLAAC needs a \/64/],
    ['2001:db8::/80', /SLAAC needs a \/64/],
    ['2001:db8::/128', /SLAAC needs a \/64/],
    ['10.0.0.0/24', /not an IPv6 prefix/],
    ['2001:db8::', /not an IPv6 prefix/],
    ['garbage', /not an IPv6 prefix/],
  ]
  test.for(badPrefixes)('rejects prefix %s', ([prefix, message]) => {
    expect(() => eui64Address(prefix, 'fa:16:3e:12:34:56')).toThrow(message)
  })

  const badMacs = [
    'aa:bb:cc:dd:ee',
    'aa:bb:cc:dd:ee:ff:00',
    'aabb.ccdd.eeff',
    'aabbccddeeff',
    'aa:bb-cc:dd:ee:ff',
    'a:b:c:d:e:f',
    'gg:bb:cc:dd:ee:ff',
    ' aa:bb:cc:dd:ee:ff',
    'aa:bb:cc:dd:ee:ff ',
    'aa.bb.cc.dd.ee.ff',
    '',
  ]
  test.for(badMacs)('rejects MAC %j', (mac) => {
    expect(() => macToInterfaceId(mac)).toThrow(/malformed MAC address/)
    expect(() => eui64Address('2001:db8::/64', mac)).toThrow(/malformed MAC address/)
  })
})
