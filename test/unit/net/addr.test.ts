import { describe, test, expect } from 'vitest'
import {
  canonicalIPv6,
  classifyIPv6,
  expandIPv6,
  inPrefix,
  ipv6Form,
  isAlignedCidr,
  isCanonicalIPv6,
  isGlobalUnicast,
  isIPv4,
  parseCidr,
  parseIPv6,
  sameAddress,
  v4FromMapped,
} from '../../../lib/net/index.ts'
import type { AddrClass, Cidr } from '../../../lib/net/index.ts'

describe('canonicalIPv6: RFC 5952', () => {
  const cases: [string, string, string][] = [
    // §4.1 leading zeros
    ['§4.1', '2001:0db8::0001', '2001:db8::1'],
    ['§4.1', '2001:db8:00aa:0000::0a', '2001:db8:aa::a'],
    // §4.2.1 shorten as much as possible
    ['§4.2.1', '2001:db8:0:0:0:0:2:1', '2001:db8::2:1'],
    ['§4.2.1', '2001:db8::0:1', '2001:db8::1'],
    ['§4.2.1', '0:0:0:0:0:0:0:1', '::1'],
    ['§4.2.1', '0:0:0:0:0:0:0:0', '::'],
    ['§4.2.1', '1:0:0:0:0:0:0:0', '1::'],
    // §4.2.2 never :: for one field
    ['§4.2.2', '2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    ['§4.2.2', '2001:db8::1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    ['§4.2.2', '1::2:3:4:5:6:7', '1:0:2:3:4:5:6:7'],
    // §4.2.3 longest run; first on a tie
    ['§4.2.3', '2001:0:0:1:0:0:0:1', '2001:0:0:1::1'],
    ['§4.2.3', '2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['§4.2.3', '1:0:0:2:0:0:3:4', '1::2:0:0:3:4'],
    // §4.3 lowercase
    ['§4.3', '2001:DB8::AAAA', '2001:db8::aaaa'],
    ['§4.3', 'FE80::A9FE:A9FE', 'fe80::a9fe:a9fe'],
    // §2.1: the many texts of one address
    ['§2.1', '2001:0db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['§2.1', '2001:db8::0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['§2.1', '2001:0db8::1:0:0:1', '2001:db8::1:0:0:1'],
    ['§2.1', '2001:db8:0:0:1::1', '2001:db8::1:0:0:1'],
    ['§2.1', '2001:db8:0000:0:1::1', '2001:db8::1:0:0:1'],
    ['§2.1', '2001:DB8:0:0:1::1', '2001:db8::1:0:0:1'],
    // §5 IPv4-mapped in mixed notation (ipaddr.js alone gives ::ffff:c000:201)
    ['§5', '::ffff:c000:201', '::ffff:192.0.2.1'],
    ['§5', '::FFFF:192.0.2.1', '::ffff:192.0.2.1'],
    ['§5', '0:0:0:0:0:ffff:c000:0201', '::ffff:192.0.2.1'],
    ['§5', '::ffff:0:0', '::ffff:0.0.0.0'],
    // mixed notation only for mapped; IPv4-compatible ::a.b.c.d is not ::ffff:a.b.c.d (RFC 4291 §2.5.5.1)
    ['compat', '::1.2.3.4', '::102:304'],
    ['embedded', '1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5:6:102:304'],
    ['nat64', '64:ff9b::192.0.2.33', '64:ff9b::c000:221'],
    // zones kept verbatim (interface names are case-sensitive)
    ['zone', 'fe80:0:0:0::1%eth0', 'fe80::1%eth0'],
    ['zone', 'FE80::1%ETH0', 'fe80::1%ETH0'],
    ['zone', 'fe80::1%eth0.100', 'fe80::1%eth0.100'],
    ['zone', 'fe80::1%2', 'fe80::1%2'],
  ]
  test.for(cases)('%s %s → %s', ([, input, want]) => {
    expect(canonicalIPv6(input)).toBe(want)
    expect(isCanonicalIPv6(want)).toBe(true)
    expect(ipv6Form(input)).toBe(input === want ? 'canonical' : 'non-canonical')
  })
})

// The strictness list of docs/libraries.md §6, plus zone and notation edge cases.
const INVALID = [
  '',
  'garbage',
  '1:2:3:4:5:6:7:8:9',
  '1::2::3',
  '2001:db8::g',
  '12345::1',
  ':1',
  '1:',
  ':::1',
  '::ffff:1.2.3.256',
  '::ffff:01.2.3.4',
  '::ffff:0x1.2.3.4',
  '::ffff:1.2.3',
  '2001:db8::1/64',
  ' ::1',
  '::1 ',
  '[::1]',
  'fe80::1%',
  'fe80::1%eth0%1',
  'fe80::1%eth 0',
  'fe80::1%a/b',
  'fe80::1%a:b',
  '1.2.3.4',
  '0x1::',
  '1:2:3:4:5:6:7:8::',
  '::1\n',
]

describe('invalid IPv6', () => {
  test.for(INVALID)('%j', (text) => {
    expect(parseIPv6(text)).toBeUndefined()
    expect(canonicalIPv6(text)).toBeUndefined()
    expect(expandIPv6(text)).toBeUndefined()
    expect(isCanonicalIPv6(text)).toBe(false)
    expect(ipv6Form(text)).toBe('invalid')
    expect(classifyIPv6(text)).toBeUndefined()
  })
})

describe('parseIPv6', () => {
  const cases: [string, { address: string; zone?: string }][] = [
    ['::', { address: '::' }],
    ['2001:DB8::1', { address: '2001:db8::1' }],
    ['fe80::1%eth0', { address: 'fe80::1', zone: 'eth0' }],
    ['fe80::1%eth0.100', { address: 'fe80::1', zone: 'eth0.100' }],
    ['fe80::1%br-ex', { address: 'fe80::1', zone: 'br-ex' }],
    ['fe80::1%tap_1~a', { address: 'fe80::1', zone: 'tap_1~a' }],
    // outside URIs the % is raw, so %25eth0 is the zone "25eth0"
    ['fe80::1%25eth0', { address: 'fe80::1', zone: '25eth0' }],
    ['::ffff:192.0.2.1', { address: '::ffff:192.0.2.1' }],
  ]
  test.for(cases)('%s', ([text, want]) => {
    expect(parseIPv6(text)).toStrictEqual(want)
  })
})

describe('expandIPv6', () => {
  const cases: [string, string][] = [
    ['2001:db8::1', '2001:0db8:0000:0000:0000:0000:0000:0001'],
    ['::', '0000:0000:0000:0000:0000:0000:0000:0000'],
    ['FE80::A%eth0.100', 'fe80:0000:0000:0000:0000:0000:0000:000a%eth0.100'],
    ['::ffff:192.0.2.1', '0000:0000:0000:0000:0000:ffff:c000:0201'],
    ['::1.2.3.4', '0000:0000:0000:0000:0000:0000:0102:0304'],
  ]
  test.for(cases)('%s', ([text, want]) => {
    expect(expandIPv6(text)).toBe(want)
    expect(sameAddress(want, text)).toBe(true)
  })
})

describe('isIPv4: strict dotted quad', () => {
  const cases: [string, boolean][] = [
    ['1.2.3.4', true],
    ['0.0.0.0', true],
    ['255.255.255.255', true],
    ['192.0.2.1', true],
    ['01.2.3.4', false],
    ['1.2.3.04', false],
    ['00.0.0.0', false],
    ['0x7f.1', false],
    ['0x7f.0.0.1', false],
    ['1.2.3', false],
    ['127.1', false],
    ['2130706433', false],
    ['1.2.3.256', false],
    ['1.2.3.4 ', false],
    ['1.2.3.4.', false],
    ['', false],
    ['::1', false],
    ['::ffff:1.2.3.4', false],
  ]
  test.for(cases)('%j → %s', ([text, want]) => {
    expect(isIPv4(text)).toBe(want)
  })
})

describe('classifyIPv6', () => {
  const cases: [string, AddrClass | undefined][] = [
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['::ffff:192.0.2.1', 'v4-mapped'],
    ['fe80::1%eth0', 'link-local'],
    ['fe80::fc:ff:fe00:1', 'link-local'],
    ['febf:ffff::1', 'link-local'],
    ['fec0::1', 'other'], // deprecated site-local (RFC 3879)
    ['fd00::2', 'ula'],
    ['fc00::1', 'ula'],
    ['2001:db8::1', 'documentation'],
    ['2001:db8:ffff::1', 'documentation'],
    ['3fff::1', 'documentation'],
    ['3fff:fff:ffff::1', 'documentation'],
    ['3fff:1000::1', 'global'],
    ['2001::1', 'teredo'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'teredo'], // RFC 4380 §4 style
    ['2001:1::1', 'global'],
    ['2002:c000:201::1', '6to4'],
    ['ff02::1', 'multicast'],
    ['ff05::1:3', 'multicast'],
    ['2606:4700:4700::1111', 'global'],
    ['2a00:1450:4001::1', 'global'],
    ['3fff:ffff::1', 'global'],
    ['64:ff9b::192.0.2.1', 'other'],
    ['4000::1', 'other'],
    ['::1.2.3.4', 'other'],
    ['1.2.3.4', undefined],
    ['garbage', undefined],
  ]
  test.for(cases)('%s → %s', ([text, want]) => {
    expect(classifyIPv6(text)).toBe(want)
    expect(isGlobalUnicast(text)).toBe(want === 'global')
  })
})

describe('v4FromMapped', () => {
  const cases: [string, string | undefined][] = [
    ['::ffff:192.0.2.1', '192.0.2.1'],
    ['::ffff:c000:201', '192.0.2.1'],
    ['0:0:0:0:0:FFFF:C000:0201', '192.0.2.1'],
    ['::192.0.2.1', undefined],
    ['::ffff:1:192.0.2.1', undefined],
    ['2001:db8::1', undefined],
    // ffff in the sixth group is not enough: the first 80 bits must all be zero (RFC 4291 §2.5.5.2).
    ['2001:db8::ffff:c000:201', undefined],
    ['::1:0:0:ffff:c000:201', undefined],
    ['192.0.2.1', undefined],
    ['x', undefined],
  ]
  test.for(cases)('%s → %s', ([text, want]) => {
    expect(v4FromMapped(text)).toBe(want)
  })
})

describe('sameAddress', () => {
  const cases: [string, string, boolean][] = [
    ['2001:db8::1', '2001:0DB8:0:0::1', true],
    ['2001:db8::1', '2001:db8::2', false],
    ['fe80::1%eth0', 'fe80:0::1%eth0', true],
    ['fe80::1%eth0', 'fe80::1%eth1', false],
    ['fe80::1%eth0', 'fe80::1%ETH0', false],
    ['fe80::1', 'fe80::1%eth0', false],
    ['::ffff:192.0.2.1', '::ffff:c000:201', true],
    ['::ffff:1.2.3.4', '1.2.3.4', false],
    ['::1.2.3.4', '::ffff:1.2.3.4', false],
    ['1.2.3.4', '1.2.3.4', true],
    ['1.2.3.4', '01.2.3.4', false],
    // The same number in both families is two addresses.
    ['0.0.0.1', '::1', false],
    ['192.0.2.1', '::c000:201', false],
    ['bad', 'bad', false],
  ]
  test.for(cases)('%s vs %s → %s', ([a, b, want]) => {
    expect(sameAddress(a, b)).toBe(want)
    expect(sameAddress(b, a)).toBe(want)
  })
})

describe('parseCidr', () => {
  const ok: [string, Cidr][] = [
    ['2001:db8::/32', { address: '2001:db8::', prefixlen: 32, family: 6 }],
    ['2001:0DB8::1/64', { address: '2001:db8::1', prefixlen: 64, family: 6 }],
    ['::/0', { address: '::', prefixlen: 0, family: 6 }],
    ['::1/128', { address: '::1', prefixlen: 128, family: 6 }],
    ['::ffff:c000:200/120', { address: '::ffff:192.0.2.0', prefixlen: 120, family: 6 }],
    ['10.0.0.0/8', { address: '10.0.0.0', prefixlen: 8, family: 4 }],
    ['0.0.0.0/0', { address: '0.0.0.0', prefixlen: 0, family: 4 }],
    ['192.0.2.1/32', { address: '192.0.2.1', prefixlen: 32, family: 4 }],
  ]
  test.for(ok)('%s', ([text, want]) => {
    expect(parseCidr(text)).toStrictEqual(want)
  })
  const bad = [
    '::/129',
    '::/-1',
    '::/64x',
    '::/064',
    '::/ 64',
    '1.2.3.4/33',
    '01.2.3.4/24',
    '1.2.3.4',
    '2001:db8::',
    'fe80::%eth0/64',
    '2001:db8::/',
    '/64',
    '2001:db8::/64 ',
    '[2001:db8::]/64',
    '2001:db8::/64/64',
    // A prefix at the end of other text is not a CIDR.
    'x/2001:db8::/64',
    '10.0.0.0/8/2001:db8::/64',
  ]
  test.for(bad)('rejects %j', (text) => {
    expect(parseCidr(text)).toBeUndefined()
    expect(isAlignedCidr(text)).toBe(false)
  })
})

describe('isAlignedCidr', () => {
  const cases: [string, boolean][] = [
    ['2001:db8::/64', true],
    ['2001:db8::1/64', false],
    ['2001:db8::/32', true],
    ['2001:db8:1::/32', false],
    ['2001:db8:0:ff00::/56', true],
    ['2001:db8:0:ff80::/56', false],
    ['::/0', true],
    ['::1/0', false],
    ['::1/128', true],
    ['fe80::/10', true],
    ['fe80::/8', false],
    ['10.0.0.0/8', true],
    ['10.0.0.1/8', false],
    ['10.0.0.1/32', true],
    ['1.2.3.4/0', false],
  ]
  test.for(cases)('%s → %s', ([text, want]) => {
    expect(isAlignedCidr(text)).toBe(want)
  })
})

describe('inPrefix', () => {
  const cases: [string, string, boolean][] = [
    ['2001:db8::1', '2001:db8::/32', true],
    ['2001:db9::1', '2001:db8::/32', false],
    ['2001:db8:0:ffff::1', '2001:db8::/48', true],
    ['2001:db8:1::1', '2001:db8::/48', false],
    ['fe80::1%eth0', 'fe80::/10', true],
    ['febf::1', 'fe80::/10', true],
    ['fec0::1', 'fe80::/10', false],
    ['2001:db8::1', '2001:db8::1/128', true],
    ['2001:db8::2', '2001:db8::1/128', false],
    ['2001:db8::1', '2001:db8::5/64', true], // unaligned: the network bits decide
    ['2001:db8::1', '::/0', true],
    ['10.1.2.3', '10.0.0.0/8', true],
    ['11.0.0.1', '10.0.0.0/8', false],
    ['1.2.3.4', '0.0.0.0/0', true],
    ['::ffff:10.0.0.1', '10.0.0.0/8', false],
    ['10.0.0.1', '::/0', false],
    ['::ffff:10.0.0.1', '::ffff:10.0.0.0/104', true],
    ['garbage', '::/0', false],
    ['2001:db8::1', 'garbage', false],
  ]
  test.for(cases)('%s in %s → %s', ([addr, cidr, want]) => {
    expect(inPrefix(addr, cidr)).toBe(want)
  })
})
