// The Tempest bench's pure parts: which tests it selects, tempest.conf for the lab, stestr's totals.
import { describe, expect, test } from 'vitest'
import { iniEntries } from '../../../lib/config/ini.ts'
import { overlaps } from '../../../lab/safety.ts'
import { OVERLAY_CIDR } from '../../../lab/targets.ts'
import {
  parseTotals,
  tempestConf,
  TEMPEST_V4_CIDR,
  TEMPEST_V6_CIDR,
  testRegex,
} from '../../../bench/tempest/tempest-conf.ts'

describe('the tests the bench runs', () => {
  const re = new RegExp(testRegex())
  test('exactly the five classes, as stestr names their tests', () => {
    for (const id of [
      'tempest.api.network.test_networks.NetworksIpV6Test.test_create_update_delete_network_subnet[id-0e269138-0da6-4efc-a46d-578161e7b221,smoke]',
      'tempest.api.network.test_ports.PortsIpV6TestJSON.test_create_port_in_allowed_allocation_pools[id-0435f278-40ae-48cb-a404-b8a087bc09b1,smoke]',
      'tempest.api.network.test_routers.RoutersIpV6Test.test_update_delete_extra_route[id-c86ac3a8-50bd-4b00-a6b8-62af84a0765c]',
      'tempest.api.network.test_security_groups.SecGroupIPv6Test.test_list_security_groups[id-e30abd17-fef9-4739-8617-dc26da88e686,smoke]',
      'tempest.api.network.test_dhcp_ipv6.NetworksTestDHCPv6.test_dhcpv6_64_subnets[id-4256c61d-c538-41ea-9147-3c450c36669e]',
    ])
      expect(re.test(id), id).toBe(true)
  })

  test('not the IPv4 parents, nor the classes whose names start the same', () => {
    for (const id of [
      'tempest.api.network.test_networks.NetworksIpV6TestAttrs.test_create_delete_slaac_subnet_with_ports[id-88554555-ebf8-41ef-9300-4926d45e06e9]',
      'tempest.api.network.test_networks.NetworksTest.test_create_update_delete_network_subnet[id-0e269138-0da6-4efc-a46d-578161e7b221,smoke]',
      'tempest.api.network.admin.test_routers.RoutersIpV6AdminTest.test_create_router_with_default_snat_value[id-847257cc-6afd-4154-b8fb-af49f5670ce8]',
    ])
      expect(re.test(id), id).toBe(false)
  })
})

describe('tempest.conf for the lab', () => {
  const conf = Object.fromEntries(
    iniEntries(
      tempestConf({ workspace: '/ws', publicNetworkId: 'pub-id', extensions: ['router', 'port-security', 'agent'] }),
    ).map((e) => [`${e.section}.${e.key}`, e.lines.map((l) => l.text).join('')]),
  )

  test('keystone directly over IPv6, dynamic credentials from the admin, no isolated networks', () => {
    expect(conf).toMatchObject({
      'identity.uri_v3': 'http://[2001:db8:0:1::11]:5000/v3',
      'identity.v3_endpoint_type': 'admin',
      'auth.use_dynamic_credentials': 'true',
      'auth.create_isolated_networks': 'false',
      'auth.admin_username': 'admin',
    })
  })

  test('Neutron only, with IPv6 subnet attributes, the extensions the server loaded and the public network', () => {
    expect(conf).toMatchObject({
      'service_available.neutron': 'true',
      'service_available.nova': 'false',
      'network-feature-enabled.ipv6_subnet_attributes': 'true',
      'network-feature-enabled.api_extensions': 'agent,port-security,router',
      'network-feature-enabled.port_security': 'true',
      'network.public_network_id': 'pub-id',
    })
  })

  test("Tempest's project prefixes are lab space apart from v6ready's overlay prefix", () => {
    expect(conf['network.project_network_v6_cidr']).toBe(TEMPEST_V6_CIDR)
    expect(conf['network.project_network_cidr']).toBe(TEMPEST_V4_CIDR)
    expect(overlaps(TEMPEST_V6_CIDR, OVERLAY_CIDR)).toBe(false)
    expect(overlaps(TEMPEST_V6_CIDR, '2001:db8::/32')).toBe(true)
    expect(overlaps(TEMPEST_V4_CIDR, '198.51.100.0/24')).toBe(true)
  })
})

test("stestr's totals, as `tempest run` printed them on the lab", () => {
  // The end of bench/tempest/run.ts's first run (tempest 1:33.0.0-1, concurrency 2).
  const output = [
    '======',
    'Totals',
    '======',
    'Ran: 64 tests in 153.2521 sec.',
    ' - Passed: 64',
    ' - Skipped: 0',
    ' - Expected Fail: 0',
    ' - Unexpected Success: 0',
    ' - Failed: 0',
    'Sum of execute time for each test: 210.2158 sec.',
    '',
    '==============',
    'Worker Balance',
    '==============',
    ' - Worker 0 (44 tests) => 0:02:32.107245',
  ].join('\n')
  expect(parseTotals(output)).toEqual({ ran: 64, passed: 64, failed: 0, skipped: 0, testSeconds: 210.2158 })
  expect(parseTotals('Traceback (most recent call last):\n')).toBeUndefined()
})
