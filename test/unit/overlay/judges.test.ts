// The overlay's judges on answers shaped as Neutron gives them: addresses compared as addresses,
// every problem of a case in one finding, and refusals told apart by status.
import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import type { PortT, SubnetT } from '../../../lib/openstack/neutron-types.ts'
import { addressProblems } from '../../../lib/overlay/judge/addresses.ts'
import { echoProblems, sameEcho } from '../../../lib/overlay/judge/echo.ts'
import { judgeSubnetsPort } from '../../../lib/overlay/judge/network.ts'
import { judgeEui64 } from '../../../lib/overlay/judge/port.ts'
import { judgeRefusals } from '../../../lib/overlay/judge/refusal.ts'
import { judgeRule, type RuleFacts } from '../../../lib/overlay/judge/secgroup.ts'
import { parseNeutronError } from '../../../lib/openstack/neutron-error.ts'
import { gatewayKind, judgeGateway, judgeInvalidPair, judgeMode } from '../../../lib/overlay/judge/subnet.ts'
import { bugVerdict, remedyFor, withCalls, type Base } from '../../../lib/overlay/verdicts.ts'
import { failureLine } from '../../../lib/verdict.ts'

const base = (check: string, subject: string): Base => ({
  check,
  subject,
  expected: 'what the check expects',
  remedy: 'the catalog remedy',
})

const subnet = (over: Partial<SubnetT> = {}): SubnetT => ({
  id: 's1',
  name: 'v6ready-r-x-subnet0',
  network_id: 'n1',
  ip_version: 6,
  cidr: '2001:db8:100:10::/64',
  gateway_ip: '2001:db8:100:10::',
  allocation_pools: [{ start: '2001:db8:100:10::1', end: '2001:db8:100:10:ffff:ffff:ffff:ffff' }],
  enable_dhcp: true,
  ipv6_ra_mode: 'slaac',
  ipv6_address_mode: 'slaac',
  ...over,
})
const port = (ips: [string, string][], mac = 'fa:16:3e:11:11:11'): PortT => ({
  id: 'p1',
  name: 'v6ready-r-x-port',
  network_id: 'n1',
  mac_address: mac,
  fixed_ips: ips.map(([subnet_id, ip_address]) => ({ subnet_id, ip_address })),
})
/** A refusal whose body is a recorded Neutron error envelope (test/fixtures/openstack/neutron-error.NAME.json). */
const refused = (name: string, method: string, url: string, status: number) => ({
  ok: false as const,
  error: {
    method,
    url,
    status,
    ...parseNeutronError(
      status,
      readFileSync(new URL(`../../fixtures/openstack/neutron-error.${name}.json`, import.meta.url), 'utf8'),
    ),
  },
})

describe('port addresses', () => {
  test('slaac: exactly the EUI-64 of the MAC (docs/lab-notes.md §5: fa:16:3e:11:11:11 → ::f816:3eff:fe11:1111), written any way', () => {
    expect(addressProblems(port([['s1', '2001:DB8:100:10:F816:3EFF:FE11:1111']]), subnet())).toEqual([])
    const v = judgeEui64(base('overlay.port.eui64', 'slaac'), {
      subnet: subnet(),
      mac: 'fa:16:3e:11:11:11',
      port: port([['s1', '2001:db8:100:10::1']]),
    })
    expect(v.ok).toBe(false)
    expect(v.observed).toBe(
      'the port got 2001:db8:100:10::1, but shall be 2001:db8:100:10:f816:3eff:fe11:1111 (the modified EUI-64 of fa:16:3e:11:11:11) when ipv6_ra_mode=slaac, ipv6_address_mode=slaac',
    )
    expect(v.evidence).toContain(
      'EUI-64 of fa:16:3e:11:11:11 in 2001:db8:100:10::/64 (RFC 4291 App. A, computed by v6ready): 2001:db8:100:10:f816:3eff:fe11:1111',
    )
  })

  test('no modes: a pool address, never the gateway, never the EUI-64', () => {
    const none = subnet({ ipv6_ra_mode: null, ipv6_address_mode: null })
    expect(addressProblems(port([['s1', '2001:db8:100:10::1']]), none)).toEqual([])
    expect(addressProblems(port([['s1', '2001:db8:100:10::']]), none)).toEqual([
      'the port got 2001:db8:100:10::, outside the allocation pools (2001:db8:100:10::1-2001:db8:100:10:ffff:ffff:ffff:ffff)',
      'the port was given the gateway address 2001:db8:100:10::',
    ])
    expect(addressProblems(port([['s1', '2001:db8:100:10:f816:3eff:fe11:1111']]), none)).toEqual([
      'the port got its EUI-64 address 2001:db8:100:10:f816:3eff:fe11:1111 although ipv6_ra_mode unset, ipv6_address_mode unset: it shall come from the pool',
    ])
  })

  test('one address per subnet, and none on others', () => {
    const v4 = subnet({
      id: 's4',
      ip_version: 4,
      cidr: '198.18.0.0/24',
      gateway_ip: null,
      allocation_pools: [{ start: '198.18.0.1', end: '198.18.0.254' }],
      ipv6_ra_mode: null,
      ipv6_address_mode: null,
    })
    const ok = judgeSubnetsPort(base('overlay.network.dual-stack', 'slaac,ipv4'), {
      subnets: [subnet(), v4],
      port: port([
        ['s1', '2001:db8:100:10:f816:3eff:fe11:1111'],
        ['s4', '198.18.0.1'],
      ]),
    })
    expect(ok.ok).toBe(true)
    expect(ok.observed).toBe(
      'the port got 2001:db8:100:10:f816:3eff:fe11:1111 on 2001:db8:100:10::/64 and 198.18.0.1 on 198.18.0.0/24',
    )
    const bad = judgeSubnetsPort(base('overlay.network.dual-stack', 'slaac,ipv4'), {
      subnets: [subnet(), v4],
      port: port([
        ['s4', '198.18.0.1'],
        ['s9', '2001:db8:ff::1'],
      ]),
    })
    expect(bad.observed).toBe(
      'the port has no address on 2001:db8:100:10::/64, expected exactly one; the port also got 2001:db8:ff::1 on other subnets',
    )
  })
})

describe('gateways', () => {
  test("Neutron's default: the subnet-router anycast address, outside the pools", () => {
    expect(gatewayKind('2001:db8:100:10::', '2001:db8:100:10::/64')).toBe(
      'the subnet-router anycast address, RFC 4291 §2.6.1',
    )
    const v = judgeGateway(base('overlay.subnet.gateway', 'default'), {
      subnet: subnet({ ipv6_ra_mode: null, ipv6_address_mode: null }),
      port: port([['s1', '2001:db8:100:10::1']]),
    })
    expect(v.ok).toBe(true)
    expect(v.observed).toMatch(
      /^gateway 2001:db8:100:10:: \(the subnet-router anycast address, RFC 4291 §2\.6\.1\) is outside the pools, no port got it$/,
    )
    expect(v.evidence?.split('\n')).toEqual([
      'subnet s1 2001:db8:100:10::/64 ip_version 6, ipv6_ra_mode unset, ipv6_address_mode unset, gateway 2001:db8:100:10::, pools 2001:db8:100:10::1-2001:db8:100:10:ffff:ffff:ffff:ffff, enable_dhcp true',
      'port v6ready-r-x-port fa:16:3e:11:11:11: 2001:db8:100:10::1 (subnet s1)',
    ])
  })

  test('every problem at once: a pool holding the gateway, a port given it, a router interface elsewhere', () => {
    const sn = subnet({
      gateway_ip: '2001:db8:100:10::2',
      allocation_pools: [{ start: '2001:db8:100:10::1', end: '2001:db8:100:10::ff' }],
      ipv6_ra_mode: null,
      ipv6_address_mode: null,
    })
    const v = judgeGateway(base('overlay.subnet.gateway', 'explicit'), {
      subnet: sn,
      port: port([['s1', '2001:db8:100:10::2']]),
      requested: '2001:db8:100:10:0::2',
      routerPort: port([
        ['s1', '2001:db8:100:10::3'],
        ['s1', '2001:db8:100:10::4'],
      ]),
    })
    expect(v.observed.split('; ')).toEqual([
      'the allocation pools (2001:db8:100:10::1-2001:db8:100:10::ff) include the gateway 2001:db8:100:10::2',
      'a port was given the gateway address 2001:db8:100:10::2',
      'the router interface took 2001:db8:100:10::3, 2001:db8:100:10::4, not the gateway 2001:db8:100:10::2',
    ])
  })
  test('another address inside the subnet, or a CIDR that does not parse, is "an address inside the subnet"', () => {
    expect(gatewayKind('2001:db8:100:10::1', '2001:db8:100:10::/64')).toBe('an address inside the subnet')
    expect(gatewayKind('2001:db8:100:10::', 'not a CIDR')).toBe('an address inside the subnet')
  })

  test('the gateway the router interface took passes, and the router port is in the evidence', () => {
    const sn = subnet({
      gateway_ip: '2001:db8:100:10::1',
      allocation_pools: [{ start: '2001:db8:100:10::2', end: '2001:db8:100:10::ff' }],
    })
    const v = judgeGateway(base('overlay.subnet.gateway', 'router'), {
      subnet: sn,
      // a dual-stack port: its only address on this subnet is the first of the pool
      port: port([
        ['s1', '2001:db8:100:10::2'],
        ['s4', '198.18.0.2'],
      ]),
      requested: '2001:db8:100:10::1',
      routerPort: { ...port([['s1', '2001:db8:100:10::1']], 'fa:16:3e:22:22:22'), id: 'rp1', name: undefined },
    })
    expect(v).toMatchObject({
      ok: true,
      observed:
        'gateway 2001:db8:100:10::1 (an address inside the subnet) is outside the pools, no port got it, and the router interface took it',
    })
    expect(v.evidence?.split('\n')).toEqual([
      'subnet s1 2001:db8:100:10::/64 ip_version 6, ipv6_ra_mode=slaac, ipv6_address_mode=slaac, gateway 2001:db8:100:10::1, pools 2001:db8:100:10::2-2001:db8:100:10::ff, enable_dhcp true',
      'port v6ready-r-x-port fa:16:3e:11:11:11: 2001:db8:100:10::2 (subnet s1), 198.18.0.2 (subnet s4)',
      'router port rp1 fa:16:3e:22:22:22: 2001:db8:100:10::1 (subnet s1)',
    ])
  })

  test('a gateway other than the one asked, outside the CIDR; a router interface with no address on the subnet', () => {
    const v = judgeGateway(base('overlay.subnet.gateway', 'explicit'), {
      subnet: subnet({ gateway_ip: '2001:db8:100:11::1' }),
      port: port([['s4', '198.18.0.2']]),
      requested: '2001:db8:100:10::1',
      routerPort: port([['s4', '198.18.0.1']]),
    })
    expect(v.ok).toBe(false)
    expect(v.observed.split('; ')).toEqual([
      'gateway_ip is 2001:db8:100:11::1, asked for 2001:db8:100:10::1',
      'the gateway 2001:db8:100:11::1 lies outside 2001:db8:100:10::/64',
      'the router interface took no address, not the gateway 2001:db8:100:11::1',
    ])
    expect(v.remedy).toBe('the catalog remedy')
  })

  test('no gateway_ip fails, naming the one asked for if any', () => {
    const none = subnet({ gateway_ip: null })
    const p = port([['s1', '2001:db8:100:10::1']])
    expect(judgeGateway(base('overlay.subnet.gateway', 'default'), { subnet: none, port: p })).toMatchObject({
      ok: false,
      observed: 'the subnet has no gateway_ip',
    })
    expect(
      judgeGateway(base('overlay.subnet.gateway', 'explicit'), {
        subnet: none,
        port: p,
        requested: '2001:db8:100:10::1',
      }),
    ).toMatchObject({ ok: false, observed: 'the subnet has no gateway_ip, asked for 2001:db8:100:10::1' })
  })
})

describe('subnet modes: accepted, echoed, and (auto-address pairs) deleted under a port', () => {
  const b = base('overlay.subnet.modes', 'slaac')
  const cidr = '2001:db8:100:10::/64'
  const slaac = { ra: 'slaac', address: 'slaac' } as const
  const urls = {
    subnet: 'http://[2001:db8::11]:9696/v2.0/subnets/s1',
    network: 'http://[2001:db8::11]:9696/v2.0/networks/n1',
  }
  const deleted = { ok: true as const, value: undefined, status: 204 }
  const gone = {
    ok: false as const,
    error: {
      method: 'GET',
      url: urls.subnet,
      status: 404,
      type: 'SubnetNotFound',
      message: 'Subnet s1 could not be found.',
    },
  }
  const inUse = refused('network-in-use', 'DELETE', urls.network, 409)
  const eui = port([['s1', '2001:db8:100:10:f816:3eff:fe11:1111']])
  const shownSubnet = (pair: string) =>
    `subnet s1 2001:db8:100:10::/64 ip_version 6, ${pair}, gateway 2001:db8:100:10::, pools 2001:db8:100:10::1-2001:db8:100:10:ffff:ffff:ffff:ffff, enable_dhcp true`

  test('a pair echoed passes, with the subnet as evidence; unset modes are asked as null', () => {
    const stateful = { ra: 'dhcpv6-stateful', address: 'dhcpv6-stateful' } as const
    const v = judgeMode(b, {
      pair: stateful,
      cidr,
      subnet: subnet({ ipv6_ra_mode: 'dhcpv6-stateful', ipv6_address_mode: 'dhcpv6-stateful' }),
    })
    expect(v).toMatchObject({
      ok: true,
      observed: 'accepted with ipv6_ra_mode=dhcpv6-stateful, ipv6_address_mode=dhcpv6-stateful echoed',
      evidence: shownSubnet('ipv6_ra_mode=dhcpv6-stateful, ipv6_address_mode=dhcpv6-stateful'),
    })
    const none = judgeMode(b, { pair: {}, cidr, subnet: subnet({ ipv6_ra_mode: null, ipv6_address_mode: null }) })
    expect(none).toMatchObject({
      ok: true,
      observed: 'accepted with ipv6_ra_mode unset, ipv6_address_mode unset echoed',
    })
  })

  test('every attribute echoed otherwise than asked is a problem of its own', () => {
    const v = judgeMode(b, {
      pair: slaac,
      cidr,
      subnet: subnet({ ip_version: 4, cidr: '2001:db8:100:11::/64', ipv6_ra_mode: null, enable_dhcp: false }),
    })
    expect(v.ok).toBe(false)
    expect(v.observed.split('; ')).toEqual([
      'the subnet ip_version is 4, asked for 6',
      'the subnet cidr is "2001:db8:100:11::/64", asked for "2001:db8:100:10::/64"',
      'the subnet ipv6_ra_mode is null, asked for "slaac"',
      'the subnet enable_dhcp is false, asked for true',
    ])
    expect(v.remedy).toBe('the catalog remedy')
  })

  test('deleted under a port holding its address, then the network refused with 409 NetworkInUse: passes', () => {
    const v = judgeMode(b, {
      pair: slaac,
      cidr,
      subnet: subnet(),
      withPort: { port: eui, subnetDelete: deleted, subnetAfter: gone, networkDelete: inUse },
    })
    expect(v).toMatchObject({
      ok: true,
      observed:
        'accepted with ipv6_ra_mode=slaac, ipv6_address_mode=slaac echoed; deleted under a port holding its address, and the network then refused deletion while the port was on it',
    })
    expect(v.evidence?.split('\n')).toEqual([
      shownSubnet('ipv6_ra_mode=slaac, ipv6_address_mode=slaac'),
      'port v6ready-r-x-port fa:16:3e:11:11:11: 2001:db8:100:10:f816:3eff:fe11:1111 (subnet s1)',
      'DELETE http://[2001:db8::11]:9696/v2.0/networks/n1 → 409 NetworkInUse: Unable to complete operation on network ba4e315a-27d5-4791-bedc-1038c27b48e6. There are one or more ports still in use on the network, id for these ports is: 07e0c73e-ffeb-4168-b02e-160a427d2b1c.',
    ])
  })

  test('a port without an address on the subnet, the subnet DELETE refused (409 SubnetInUse), the network deleted', () => {
    const v = judgeMode(b, {
      pair: slaac,
      cidr,
      subnet: subnet(),
      withPort: {
        port: port([]),
        subnetDelete: refused('subnet-in-use', 'DELETE', urls.subnet, 409),
        subnetAfter: { ok: true, value: subnet(), status: 200 },
        networkDelete: deleted,
      },
    })
    expect(v.ok).toBe(false)
    expect(v.observed.split('; ')).toEqual([
      'a port on the network got no address on the subnet',
      'deleting the subnet while a port holds its auto address was refused: 409 SubnetInUse: Unable to complete operation on subnet ccb41f02-5f43-4aa3-b5e2-dc4e67974dad: One or more ports have an IP allocation from this subnet.',
      'the network was deleted while a port was still on it (expected 409 Conflict)',
    ])
    expect(v.evidence?.split('\n')).toEqual([
      shownSubnet('ipv6_ra_mode=slaac, ipv6_address_mode=slaac'),
      'port v6ready-r-x-port fa:16:3e:11:11:11: no fixed IPs',
    ])
  })

  test('the subnet still shown after its DELETE; the network refused with another status than 409', () => {
    const v = judgeMode(b, {
      pair: slaac,
      cidr,
      subnet: subnet(),
      withPort: {
        port: eui,
        subnetDelete: deleted,
        subnetAfter: { ok: true, value: subnet(), status: 200 },
        networkDelete: refused('policy-not-authorized', 'DELETE', urls.network, 403),
      },
    })
    expect(v.ok).toBe(false)
    expect(v.observed.split('; ')).toEqual([
      'the subnet is still there after its DELETE',
      'deleting the network with a port on it gave 403 PolicyNotAuthorized: (rule:create_subnet and rule:create_subnet:ipv6_address_mode) is disallowed by policy, expected 409 Conflict',
    ])
    expect(v.evidence?.split('\n').at(-1)).toBe(
      'DELETE http://[2001:db8::11]:9696/v2.0/networks/n1 → 403 PolicyNotAuthorized: (rule:create_subnet and rule:create_subnet:ipv6_address_mode) is disallowed by policy',
    )
  })

  test('a mismatched pair refused with 400 passes, naming the pair', () => {
    const v = judgeInvalidPair(
      base('overlay.subnet.invalid-modes', 'slaac+dhcpv6-stateful'),
      { ra: 'slaac', address: 'dhcpv6-stateful' },
      { ok: true, value: subnet({ ipv6_address_mode: 'dhcpv6-stateful' }), status: 201 },
    )
    expect(v).toMatchObject({
      ok: false,
      observed: 'Neutron accepted ipv6_ra_mode=slaac, ipv6_address_mode=dhcpv6-stateful, expected 400 Bad Request',
    })
  })
})

describe('refusals', () => {
  const b = base('overlay.subnet.invalid-modes', 'slaac+dhcpv6-stateful')
  const err = (status: number, type: string) => ({
    ok: false as const,
    error: { method: 'POST', url: 'http://[::1]:9696/v2.0/subnets', status, type, message: 'm' },
  })
  test('400 passes; created fails; refused otherwise fails with its own remedy', () => {
    expect(judgeRefusals(b, 400, [{ asked: 'the pair', result: err(400, 'InvalidInput') }])).toMatchObject({
      ok: true,
      observed: 'refused: 400 InvalidInput: m',
    })
    expect(judgeRefusals(b, 400, [{ asked: 'the pair', result: { ok: true, value: {}, status: 201 } }])).toMatchObject({
      ok: false,
      observed: 'Neutron accepted the pair, expected 400 Bad Request',
      remedy: 'the catalog remedy',
    })
    const policy = judgeRefusals(b, 400, [{ asked: 'the pair', result: err(403, 'PolicyNotAuthorized') }])
    expect(policy).toMatchObject({
      ok: false,
      observed:
        'the pair was refused with 403 PolicyNotAuthorized: m, not 400 Bad Request: the rule under test never ran',
    })
    expect(policy.remedy).toMatch(/policy/)
  })
})

describe('echoes and rules', () => {
  test('addresses, prefixes and lists compare as what they mean', () => {
    expect(
      sameEcho(
        { gateway_ip: '2001:db8::1', host_routes: [{ destination: '2001:DB8:1::/64', nexthop: '2001:db8::fe' }] },
        { host_routes: [{ nexthop: '2001:db8:0::fe', destination: '2001:db8:1::/64' }], gateway_ip: '2001:db8:0:0::1' },
      ),
    ).toBe(true)
    expect(sameEcho(['2001:db8::53', '2001:db8::35'], ['2001:db8::35', '2001:db8::53'])).toBe(true)
    expect(echoProblems('the subnet', { ipv6_ra_mode: 'slaac', enable_dhcp: true }, { ipv6_ra_mode: null })).toEqual([
      'the subnet ipv6_ra_mode is null, asked for "slaac"',
      'the subnet enable_dhcp is nothing, asked for true',
    ])
  })

  test('a rule from ::/0 may come back as "any"', () => {
    const rule = {
      id: 'r1',
      security_group_id: 'g',
      direction: 'ingress' as const,
      ethertype: 'IPv6',
      protocol: 'ipv6-icmp',
      remote_ip_prefix: null,
    }
    const asked = { direction: 'ingress', ethertype: 'IPv6', protocol: 'ipv6-icmp', remote_ip_prefix: '::/0' }
    const gone = { ok: false as const, error: { method: 'GET', url: 'u', status: 404, message: 'gone' } }
    expect(
      judgeRule(base('overlay.secgroup.ipv6-rules', 'ipv6-icmp'), {
        asked,
        created: rule,
        shown: rule,
        deleted: { ok: true, value: undefined, status: 204 },
        after: gone,
      }).ok,
    ).toBe(true)
    const v = judgeRule(base('overlay.secgroup.ipv6-rules', 'ipv6-icmp'), {
      asked,
      created: { ...rule, protocol: 'icmp', remote_ip_prefix: '2001:db8::/32' },
      shown: rule,
      deleted: { ok: true, value: undefined, status: 204 },
      after: gone,
    })
    expect(v.observed).toBe(
      'the rule protocol is "icmp", asked for "ipv6-icmp"; the rule\'s remote_ip_prefix is 2001:db8::/32, asked for ::/0',
    )
  })
})

describe('gone after its DELETE', () => {
  const rule = {
    id: 'r1',
    security_group_id: 'g',
    direction: 'ingress' as const,
    ethertype: 'IPv6',
    protocol: 'ipv6-icmp',
    remote_ip_prefix: '::/0',
  }
  const asked = { direction: 'ingress', ethertype: 'IPv6', protocol: 'ipv6-icmp', remote_ip_prefix: '::/0' }
  const facts = (after: RuleFacts['after']): RuleFacts => ({
    asked,
    created: rule,
    shown: rule,
    deleted: { ok: true, value: undefined, status: 204 },
    after,
  })
  const url = 'http://[2001:db8::11]:9696/v2.0/security-group-rules/r1'

  test('only a 404 says it is gone: another refusal (403 PolicyNotAuthorized, as Neutron words it) is a problem', () => {
    const body = readFileSync(
      new URL('../../fixtures/openstack/neutron-error.policy-not-authorized.json', import.meta.url),
      'utf8',
    )
    const refused = { ok: false as const, error: { method: 'GET', url, status: 403, ...parseNeutronError(403, body) } }
    const v = judgeRule(base('overlay.secgroup.ipv6-rules', 'ipv6-icmp'), facts(refused))
    expect(v.ok).toBe(false)
    expect(v.observed).toBe(
      'showing the rule after its DELETE gave 403 PolicyNotAuthorized: (rule:create_subnet and rule:create_subnet:ipv6_address_mode) is disallowed by policy, expected 404',
    )
    const gone = { ok: false as const, error: { method: 'GET', url, status: 404, message: 'gone' } }
    expect(judgeRule(base('overlay.secgroup.ipv6-rules', 'ipv6-icmp'), facts(gone)).ok).toBe(true)
  })

  test('shown again after its DELETE is a problem', () => {
    const v = judgeRule(base('overlay.secgroup.ipv6-rules', 'ipv6-icmp'), facts({ ok: true, value: rule, status: 200 }))
    expect(v.ok).toBe(false)
    expect(v.observed).toBe('the rule is still there after its DELETE')
  })
})

describe('verdict plumbing', () => {
  test('the remedy follows what Neutron said', () => {
    const e = (status: number | undefined, type?: string, message = 'm') => ({
      method: 'POST',
      url: 'http://[2001:db8::11]:9696/v2.0/subnets',
      ...(status !== undefined && { status }),
      ...(type && { type }),
      message,
    })
    expect(remedyFor(e(undefined, 'ECONNREFUSED'), 'f')).toMatch(
      /^neutron-server did not answer at http:\/\/\[2001:db8::11\]:9696 over IPv6/,
    )
    expect(remedyFor(e(401), 'f')).toMatch(/keystone_authtoken/)
    expect(remedyFor(e(409, 'OverQuota'), 'f')).toMatch(/quota/)
    expect(
      remedyFor(
        e(400, 'InvalidInput', 'Requested subnet with cidr: x for network: y overlaps with another subnet'),
        'f',
      ),
    ).toMatch(/v6ready cleanup/)
    expect(remedyFor(e(500), 'f')).toMatch(/traceback/)
    expect(remedyFor(e(400, 'InvalidInput'), 'f')).toBe('f')
  })

  test('the calls are the evidence, after what the judge wrote; a bug is a failure with its stack', () => {
    const v = withCalls({ check: 'c', subject: 's', ok: true, expected: 'e', observed: 'o', evidence: 'subnet …' }, [
      { method: 'POST', url: 'http://[::1]:1/v2.0/networks', status: 201, ms: 12 },
    ])
    expect(v.evidence).toBe('subnet …\nNeutron API calls:\n  POST http://[::1]:1/v2.0/networks → 201 (12 ms)')
    const bug = bugVerdict(base('overlay.bulk', 'networks'), new TypeError('x is undefined'))
    expect(failureLine(bug)).toMatch(
      /^networks: expected what the check expects, observed v6ready failed while checking \(a bug, not a finding about the cloud\): x is undefined\. Fix: report it/,
    )
    expect(bug.evidence).toMatch(/^TypeError: x is undefined/)
  })
})
