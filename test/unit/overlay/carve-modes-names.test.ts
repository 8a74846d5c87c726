// The pure parts of the overlay's bookkeeping: carving /64s that never overlap, the mode pairs and
// how they are written as subjects, and the names everything is created under.
import { describe, expect, test } from 'vitest'
import { inPrefix, parseCidr } from '../../../lib/net/index.ts'
import { carve, carveProblem, carveV4, MAX_PREFIXLEN } from '../../../lib/overlay/carve.ts'
import {
  ALL_PAIRS,
  isAutoAddress,
  pairAttributes,
  pairIsValid,
  pairSubject,
  parsePair,
} from '../../../lib/checks/overlay/modes.ts'
import { isOurs, resourceName, runPrefix, runTags } from '../../../lib/overlay/names.ts'
import { tagsAtCreation } from '../../../lib/overlay/session.ts'
import { OVERLAY_CHECKS, OVERLAY_SUBJECTS } from '../../../lib/overlay/subjects.ts'

describe('carving test subnets out of openstack.overlay.cidr', () => {
  const CIDR = '2001:db8:100::/48'
  const all = OVERLAY_CHECKS.flatMap((c, check) =>
    OVERLAY_SUBJECTS[c].flatMap((_, subject) => [0, 1, 2, 3].map((slot) => ({ check, subject, slot }))),
  )

  test('every (check, subject, slot) gets its own /64 inside the cidr, and the same one every time', () => {
    const got = all.map((at) => carve(CIDR, at))
    expect(new Set(got).size).toBe(got.length)
    for (const c of got) {
      expect(c).toMatch(/\/64$/)
      expect(inPrefix(c.split('/')[0] ?? '', CIDR)).toBe(true)
    }
    expect(carve(CIDR, { check: 0, subject: 0, slot: 0 })).toBe('2001:db8:100::/64')
    expect(carve(CIDR, { check: 1, subject: 2, slot: 3 })).toBe('2001:db8:100:4b::/64')
    expect(carve(CIDR, { check: 4, subject: 1, slot: 0 })).toBe(carve(CIDR, { check: 4, subject: 1, slot: 0 }))
  })

  test('the layout fits every check and subject list (a shared fixture takes subject 15)', () => {
    expect(OVERLAY_CHECKS.length).toBeLessThanOrEqual(16)
    for (const c of OVERLAY_CHECKS) expect(OVERLAY_SUBJECTS[c].length).toBeLessThan(15)
  })

  test.for([
    ['2001:db8:100::/48', undefined],
    [`2001:db8:100::/${MAX_PREFIXLEN}`, undefined],
    ['2001:db8:100::/56', /too small: the overlay checks need a \/54 or shorter/],
    ['2001:db8:100::1/48', /not an aligned IPv6 prefix/],
    ['198.51.100.0/24', /not an aligned IPv6 prefix/],
  ] as const)('%s: %s', ([cidr, problem]) => {
    if (problem === undefined) expect(carveProblem(cidr)).toBeUndefined()
    else expect(carveProblem(cidr)).toMatch(problem)
  })

  test('IPv4 /24s come from 198.18.0.0/15 (RFC 2544), distinct per subject and slot', () => {
    const v4 = all.filter((a) => a.slot < 2).map(carveV4)
    expect(new Set(v4).size).toBe(v4.length)
    for (const c of v4) expect(inPrefix(c.split('/')[0] ?? '', '198.18.0.0/15')).toBe(true)
    expect(carveV4({ check: 0, subject: 0, slot: 1 })).toBe('198.18.1.0/24')
    expect(() => carveV4({ check: 0, subject: 0, slot: 2 })).toThrow()
    expect(parseCidr(carveV4({ check: 15, subject: 15, slot: 1 }))?.address).toBe('198.19.255.0')
  })
})

describe("the (ipv6_ra_mode, ipv6_address_mode) matrix of Neutron's config-ipv6.rst", () => {
  test('16 pairs: equal or one unset is valid (10), every mismatched pair is not (6)', () => {
    expect(ALL_PAIRS).toHaveLength(16)
    expect(ALL_PAIRS.filter(pairIsValid)).toHaveLength(10)
    expect(
      ALL_PAIRS.filter((p) => !pairIsValid(p))
        .map(pairSubject)
        .sort(),
    ).toEqual([
      'dhcpv6-stateful+dhcpv6-stateless',
      'dhcpv6-stateful+slaac',
      'dhcpv6-stateless+dhcpv6-stateful',
      'dhcpv6-stateless+slaac',
      'slaac+dhcpv6-stateful',
      'slaac+dhcpv6-stateless',
    ])
  })

  test('subjects: the mode when both are equal, ra+address otherwise, none when neither is set; and back', () => {
    expect(pairSubject({ ra: 'slaac', address: 'slaac' })).toBe('slaac')
    expect(pairSubject({ address: 'dhcpv6-stateful' })).toBe('none+dhcpv6-stateful')
    expect(pairSubject({ ra: 'dhcpv6-stateful' })).toBe('dhcpv6-stateful+none')
    expect(pairSubject({})).toBe('none')
    for (const p of ALL_PAIRS) expect(parsePair(pairSubject(p))).toEqual(p)
    expect(parsePair('by-port')).toBeUndefined()
    expect(parsePair('slaac+slaac+slaac')).toBeUndefined()
  })

  test("auto-address is Neutron's rule: either attribute slaac or dhcpv6-stateless", () => {
    expect(isAutoAddress({ address: 'slaac' })).toBe(true)
    expect(isAutoAddress({ ra: 'dhcpv6-stateless' })).toBe(true)
    expect(isAutoAddress({ ra: 'dhcpv6-stateful', address: 'dhcpv6-stateful' })).toBe(false)
    expect(isAutoAddress({})).toBe(false)
  })

  test('unset attributes are left out of the request, as Tempest does', () => {
    expect(pairAttributes({ address: 'slaac' })).toEqual({ ipv6_address_mode: 'slaac' })
    expect(pairAttributes({})).toEqual({})
  })

  test('subnet.modes tries every valid pair and invalid-modes every mismatched one, once each', () => {
    const modes = OVERLAY_SUBJECTS['overlay.subnet.modes'].map(parsePair)
    expect(modes.every((p) => p && pairIsValid(p))).toBe(true)
    expect(new Set(OVERLAY_SUBJECTS['overlay.subnet.modes']).size).toBe(10)
    expect(OVERLAY_SUBJECTS['overlay.subnet.invalid-modes'].map(parsePair).every((p) => p && !pairIsValid(p))).toBe(
      true,
    )
  })
})

describe('names and tags', () => {
  test('v6ready-<run id>-<check>-<subject>-<role>, an empty part left out', () => {
    expect(resourceName('20261124T021530-abc123', 'overlay.port.eui64', 'slaac', 'net')).toBe(
      'v6ready-20261124T021530-abc123-overlay.port.eui64-slaac-net',
    )
    expect(resourceName('r1', 'overlay.subnet.invalid-modes', '', 'net')).toBe(
      'v6ready-r1-overlay.subnet.invalid-modes-net',
    )
    expect(runPrefix('r1')).toBe('v6ready-r1-')
    expect(runTags('r1')).toEqual(['v6ready', 'v6ready-r1'])
  })

  test('tags go in the POST for ports only, and only where Neutron lists tag-ports-during-bulk-creation', () => {
    expect(tagsAtCreation(['standard-attr-tag', 'tag-ports-during-bulk-creation'])).toEqual(['port'])
    expect(tagsAtCreation(['tag-ext', 'tag-ports-during-bulk-creation'])).toEqual(['port'])
    // Without the ML2 driver Neutron takes a port's tags and drops them: a PUT after the create.
    expect(tagsAtCreation(['standard-attr-tag'])).toEqual([])
    // Without a tag extension nothing is tagged at all.
    expect(tagsAtCreation(['tag-ports-during-bulk-creation'])).toEqual([])
  })

  test('ours by prefix only', () => {
    expect(isOurs('v6ready-r1-x')).toBe(true)
    expect(isOurs('v6ready-r1-x', 'v6ready-r2-')).toBe(false)
    expect(isOurs('my-v6ready-net')).toBe(false)
    expect(isOurs(null)).toBe(false)
  })
})
