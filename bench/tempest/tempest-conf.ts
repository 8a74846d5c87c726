// What the Tempest bench runs and how it reads the result: the classes with the IPv6 network API
// coverage that v6ready's overlay suite matches (issue 5; the list in the OPNFV IPv6 project's
// release notes), tempest.conf for the lab (docs/lab-notes.md §8), and stestr's totals. Pure.
import { ini } from '../../lab/ini.ts'
import { ADMIN_PASSWORD, keystoneUrl, REGION } from '../../lab/keystone.ts'

export const TEMPEST_CLASSES = [
  'tempest.api.network.test_networks.NetworksIpV6Test',
  'tempest.api.network.test_ports.PortsIpV6TestJSON',
  'tempest.api.network.test_routers.RoutersIpV6Test',
  'tempest.api.network.test_security_groups.SecGroupIPv6Test',
  'tempest.api.network.test_dhcp_ipv6.NetworksTestDHCPv6',
] as const

/** Exactly these classes: the trailing dot keeps out NetworksIpV6TestAttrs and the like. */
export const testRegex = (classes: readonly string[] = TEMPEST_CLASSES): string =>
  `^(?:${classes.map((c) => c.replace(/\./g, '\\.')).join('|')})\\.`

/** Tempest's own prefixes: records in Neutron's database only, apart from v6ready's overlay /48. */
export const TEMPEST_V6_CIDR = '2001:db8:8000::/48'
export const TEMPEST_V4_CIDR = '198.51.100.128/25'

export interface TempestConfInput {
  workspace: string
  publicNetworkId: string
  /** The aliases of GET /v2.0/extensions: tests for missing extensions skip instead of failing. */
  extensions: string[]
}

export function tempestConf(o: TempestConfInput): string {
  return ini({
    DEFAULT: { log_dir: o.workspace, log_file: 'tempest.log', use_stderr: false },
    oslo_concurrency: { lock_path: `${o.workspace}/locks` },
    // Dynamic credentials: a project and a member user per test class, made with the admin's.
    auth: {
      use_dynamic_credentials: true,
      create_isolated_networks: false,
      admin_username: 'admin',
      admin_password: ADMIN_PASSWORD,
      admin_project_name: 'admin',
      admin_domain_name: 'Default',
      default_credentials_domain_name: 'Default',
    },
    // The admin identity endpoint is a direct IPv6 literal; public goes through a name and TLS.
    identity: { uri_v3: keystoneUrl(), auth_version: 'v3', region: REGION, v3_endpoint_type: 'admin' },
    'identity-feature-enabled': { api_v2: false },
    network: {
      endpoint_type: 'public',
      region: REGION,
      project_network_cidr: TEMPEST_V4_CIDR,
      project_network_mask_bits: 28,
      project_network_v6_cidr: TEMPEST_V6_CIDR,
      project_network_v6_mask_bits: 64,
      public_network_id: o.publicNetworkId,
    },
    'network-feature-enabled': {
      ipv6: true,
      ipv6_subnet_attributes: true,
      port_security: o.extensions.includes('port-security'),
      api_extensions: [...o.extensions].sort().join(','),
    },
    service_available: { neutron: true, nova: false, glance: false, cinder: false, swift: false, horizon: false },
    validation: { run_validation: false },
  })
}

export interface TempestTotals {
  ran: number
  passed: number
  failed: number
  skipped: number
  /** stestr's "Sum of execute time for each test". */
  testSeconds: number
}

/** The Totals block `tempest run` prints at the end; undefined when it never got there. */
export function parseTotals(output: string): TempestTotals | undefined {
  const num = (re: RegExp) => Number(re.exec(output)?.[1] ?? NaN)
  const ran = num(/^Ran: (\d+) tests? in /m)
  if (Number.isNaN(ran)) return undefined
  return {
    ran,
    passed: num(/^ - Passed: (\d+)/m),
    failed: num(/^ - Failed: (\d+)/m),
    skipped: num(/^ - Skipped: (\d+)/m),
    testSeconds: num(/^Sum of execute time for each test: ([\d.]+) sec/m),
  }
}
