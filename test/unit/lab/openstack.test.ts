// The lab's OpenStack as lab:up renders it: PostgreSQL, neutron-server's files, what keystone
// registers, and the policy fault. Read back the way the services read them.
import { describe, expect, test } from 'vitest'
import { parse as parseYaml } from 'yaml'
import { iniEntries } from '../../../lib/config/ini.ts'
import { ALL_FAULTS, NO_FAULTS } from '../../../lab/faults.ts'
import { catalogUrls, keystoneUrl } from '../../../lab/keystone.ts'
import { registration, V6READY_USER } from '../../../lab/keystone-register.ts'
import {
  apiPaste,
  ml2Conf,
  NEUTRON_DIR,
  NEUTRON_SERVICE_USER,
  neutronConf,
  neutronUrl,
  policyOverrides,
} from '../../../lab/neutron.ts'
import { LAB_PREFIXES, NET } from '../../../lab/plan.ts'
import { NEUTRON_DB, neutronDbUrl, pgHba, postgresSettings } from '../../../lab/postgres.ts'
import { overlaps } from '../../../lab/safety.ts'
import { STATE } from '../../../lab/state.ts'
import { OVERLAY_CIDR } from '../../../lab/targets.ts'

/** `section.key` → value, as oslo.config reads the file. */
const read = (text: string): Record<string, string> =>
  Object.fromEntries(iniEntries(text).map((e) => [`${e.section}.${e.key}`, e.lines.map((l) => l.text).join('\n')]))

const CTL = '2001:db8:0:1::11'

describe('PostgreSQL for Neutron', () => {
  test("listens on ctl's IPv6 address and a socket in the state directory, nowhere else", () => {
    const s = postgresSettings('/state/postgres')
    expect(s).toMatchObject({
      listen_addresses: CTL,
      port: '5432',
      unix_socket_directories: '/state/postgres',
      jit: 'off',
    })
  })

  test('lets in the superuser by peer on the socket and Neutron by password from ctl only', () => {
    expect(pgHba().trim().split('\n')).toEqual([
      'local all postgres peer',
      `host neutron neutron ${CTL}/128 scram-sha-256`,
    ])
  })

  test('Neutron dials it at a bracketed IPv6 literal', () => {
    expect(neutronDbUrl()).toBe(`postgresql+psycopg2://neutron:${NEUTRON_DB.password}@[${CTL}]:5432/neutron`)
  })
})

describe("neutron-server's files", () => {
  const conf = read(neutronConf(NEUTRON_DIR))

  test('ML2 API server on ctl:9696 with one API worker, no RPC workers and the in-memory transport', () => {
    expect(conf).toMatchObject({
      'DEFAULT.core_plugin': 'ml2',
      'DEFAULT.service_plugins': 'router',
      'DEFAULT.bind_host': CTL,
      'DEFAULT.bind_port': '9696',
      'DEFAULT.api_workers': '1',
      'DEFAULT.rpc_workers': '0',
      'DEFAULT.transport_url': 'fake:/',
      'DEFAULT.notify_nova_on_port_status_changes': 'false',
      'DEFAULT.notify_nova_on_port_data_changes': 'false',
      'oslo_messaging_notifications.driver': 'noop',
      'database.connection': neutronDbUrl(),
    })
  })

  test('every file it is told to read is in the state directory, not /etc/neutron', () => {
    const paths = Object.entries(conf).filter(([k]) => /(_path|_file|_dirs|paste_config)$/.test(k))
    expect(paths.map(([k]) => k).sort()).toEqual([
      'DEFAULT.api_paste_config',
      'DEFAULT.state_path',
      'oslo_concurrency.lock_path',
      'oslo_policy.policy_dirs',
      'oslo_policy.policy_file',
    ])
    for (const [k, v] of paths) expect(v.startsWith(`${STATE}/`), `${k} = ${v}`).toBe(true)
  })

  test('authtoken asks keystone directly, and validates on the admin endpoint, an IPv6 literal even when internal is the IPv4 fault', () => {
    expect(conf['keystone_authtoken.auth_url']).toBe(`http://[${CTL}]:5000`)
    expect(conf['keystone_authtoken.interface']).toBe('admin')
    expect(catalogUrls(ALL_FAULTS).admin).toMatch(/^http:\/\/\[[0-9a-f:]+\]:5000\/v3$/)
    expect(catalogUrls(ALL_FAULTS).internal).toMatch(/^http:\/\/198\.51\.100\./)
  })

  test('the service user in neutron.conf is the one keystone registers, with the admin role on `service`', () => {
    expect(registration().users).toContainEqual({ ...NEUTRON_SERVICE_USER, role: 'admin' })
    expect(conf).toMatchObject({
      'keystone_authtoken.username': NEUTRON_SERVICE_USER.name,
      'keystone_authtoken.password': NEUTRON_SERVICE_USER.password,
      'keystone_authtoken.project_name': NEUTRON_SERVICE_USER.project,
    })
  })

  test('ML2 with no mechanism driver (no agents), VXLAN project networks and a flat physnet for the public network', () => {
    expect(read(ml2Conf())).toMatchObject({
      'ml2.type_drivers': 'flat,vlan,vxlan',
      'ml2.tenant_network_types': 'vxlan',
      'ml2.mechanism_drivers': '',
      // Ports take their tags in the POST (alias tag-ports-during-bulk-creation), so the overlay sends no PUT for them.
      'ml2.extension_drivers': 'port_security,tag_ports_during_bulk_creation',
      'ml2_type_flat.flat_networks': 'extnet',
    })
  })

  test('the paste pipeline authenticates with keystone and reads nothing from /etc (no oslo_config_project)', () => {
    const paste = read(apiPaste())
    expect(paste['composite:neutronapi_v2_0.keystone']?.split(' ')).toEqual([
      'http_proxy_to_wsgi',
      'request_id',
      'catch_errors',
      'authtoken',
      'keystonecontext',
      'extensions',
      'neutronapiapp_v2_0',
    ])
    expect(apiPaste()).not.toMatch(/oslo_config_project|\/etc\//)
  })
})

describe('the policy-no-stateful fault', () => {
  test('clean: no override at all', () => {
    expect(parseYaml(policyOverrides(NO_FAULTS))).toEqual({})
  })

  test("seeded: create_subnet is Neutron's own rule with DHCPv6-stateful carved out for everyone but the admin", () => {
    const rules = parseYaml(policyOverrides(ALL_FAULTS)) as Record<string, string>
    expect(Object.keys(rules)).toEqual(['create_subnet'])
    expect(rules.create_subnet).toBe(
      "rule:context_is_admin or ((role:member and project_id:%(project_id)s or rule:network_owner) and not 'dhcpv6-stateful':%(ipv6_address_mode)s)",
    )
  })
})

describe('what keystone registers', () => {
  test('the network service at an IPv6 literal on every interface, in the bootstrap region', () => {
    expect(registration().services).toEqual([{ type: 'network', name: 'neutron', url: `http://[${CTL}]:9696` }])
    expect(neutronUrl()).toBe(`http://[${CTL}]:9696`)
    expect(registration().region).toBe('RegionOne')
  })

  test("v6ready's user is a member of its own project, nothing more", () => {
    expect(registration().users).toContainEqual({ ...V6READY_USER, role: 'member' })
    expect(registration().projects).toEqual(['service', 'v6ready'])
    expect(keystoneUrl()).toBe(`http://[${CTL}]:5000/v3`)
  })

  test('the overlay prefix is lab space that no link of the lab uses', () => {
    expect(LAB_PREFIXES.some((p) => overlaps(OVERLAY_CIDR, p))).toBe(true)
    for (const n of Object.values(NET)) expect(overlaps(n, OVERLAY_CIDR), n).toBe(false)
  })
})
