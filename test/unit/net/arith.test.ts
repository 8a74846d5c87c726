// Prefix containment, overlap, ranges and the network of a prefix: ip-num's ranges behind the strict
// parsers of addr.ts, so text they refuse is never compared.
import { describe, expect, test } from 'vitest'
import { inRange, prefixContains, prefixesOverlap, prefixNetwork } from '../../../lib/net/index.ts'

describe('prefixContains', () => {
  test.for([
    ['2001:db8::/32', '2001:db8:1::/48', true],
    ['2001:db8::/32', '2001:db8::/32', true],
    ['2001:db8:1::/48', '2001:db8::/32', false],
    ['2001:db8::/48', '2001:db8:1::/48', false],
    ['2001:db8::1/32', '2001:db8:5::/48', true], // host bits of the outer one do not matter
    ['2001:0DB8::/32', '2001:db8:0:1::/64', true],
    ['::/0', 'fe80::/10', true],
    ['10.0.0.0/8', '10.1.0.0/16', true],
    ['10.0.0.0/8', '11.0.0.0/16', false],
    ['::ffff:0:0/96', '10.0.0.0/8', false], // families never cross
    ['2001:db8::/32', 'nonsense', false],
    ['2001:db8::%eth0/32', '2001:db8::/48', false],
  ] as const)('%s holds %s: %s', ([outer, inner, want]) => {
    expect(prefixContains(outer, inner)).toBe(want)
  })
})

describe('prefixesOverlap', () => {
  test.for([
    ['2001:db8::/32', '2001:db8:1::/48', true],
    ['2001:db8:1::/48', '2001:db8::/32', true],
    ['2001:db8::/48', '2001:db8:1::/48', false],
    ['2001:db8:0:1:d0c::/80', '2001:db8:0:1::/64', true],
    ['192.0.2.0/24', '192.0.2.128/25', true],
    ['192.0.2.0/25', '192.0.2.128/25', false],
    ['::ffff:192.0.2.0/120', '192.0.2.0/24', false],
  ] as const)('%s and %s: %s', ([a, b, want]) => {
    expect(prefixesOverlap(a, b)).toBe(want)
  })
})

describe('inRange: an allocation pool', () => {
  test('start ≤ address ≤ end, the ends included, compared as numbers', () => {
    expect(inRange('2001:db8::10', '2001:db8::10', '2001:db8::20')).toBe(true)
    expect(inRange('2001:db8::20', '2001:db8::10', '2001:db8::20')).toBe(true)
    expect(inRange('2001:db8::0:15', '2001:0db8::10', '2001:db8::20')).toBe(true)
    expect(inRange('2001:db8::21', '2001:db8::10', '2001:db8::20')).toBe(false)
    expect(inRange('192.0.2.7', '192.0.2.2', '192.0.2.254')).toBe(true)
  })

  test('a pool whose start is past its end holds nothing; families never cross', () => {
    expect(inRange('2001:db8::15', '2001:db8::20', '2001:db8::10')).toBe(false)
    expect(inRange('::ffff:192.0.2.7', '192.0.2.2', '192.0.2.254')).toBe(false)
    expect(inRange('x', '2001:db8::10', '2001:db8::20')).toBe(false)
  })
})

describe('prefixNetwork', () => {
  test.for([
    ['2001:db8::1/64', '2001:db8::/64'],
    ['2001:db8:0:1:d0c:1:2:3/80', '2001:db8:0:1:d0c::/80'],
    ['10.1.2.3/8', '10.0.0.0/8'],
    ['::ffff:192.0.2.9/120', '::ffff:192.0.2.0/120'],
    ['2001:db8::/130', undefined],
  ] as const)('%s → %s', ([cidr, want]) => {
    expect(prefixNetwork(cidr)).toBe(want)
  })
})
