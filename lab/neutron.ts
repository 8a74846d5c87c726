// Debian's neutron-server on the controller: ML2 with no agents, the router service plugin and the
// in-memory messaging driver, on the lab's PostgreSQL with the real migrations (docs/lab-notes.md §5).
// Every file it reads is ours, under the state directory: neutron.conf and ml2_conf.ini by
// --config-file, and by absolute path the paste pipeline and the policy (oslo.config would
// otherwise look for them in /etc/neutron, and oslo.middleware's `oslo_config_project` in Debian's
// api-paste.ini would load /etc/neutron/neutron.conf a second time). An empty --config-dir keeps
// the router plugin's service-provider lookup from reading /etc/neutron/neutron.conf, its
// fallback when no config dir is given (neutron/services/provider_configuration.py).
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { FaultSet } from './faults.ts'
import { ini } from './ini.ts'
import { keystoneRoot, REGION } from './keystone.ts'
import { hostByName, ns } from './plan.ts'
import { neutronDbUrl } from './postgres.ts'
import { daemon, inNs, waitHttp } from './proc.ts'
import { statePath } from './state.ts'

export const NEUTRON_PORT = 9696
export const neutronAddress = (): string => hostByName('ctl').address
/** The network service's catalog URL, on every interface. */
export const neutronUrl = (): string => `http://[${neutronAddress()}]:${NEUTRON_PORT}`

/** Neutron's service user for keystone_authtoken, in the `service` project as the install guide has it. */
export const NEUTRON_SERVICE_USER = { name: 'neutron', password: 'v6lab-neutron-password', project: 'service' } as const

/** The flat physical network that an admin's external (public) network sits on; DB records only. */
export const EXTERNAL_PHYSNET = 'extnet'

export const NEUTRON_DIR = statePath('neutron')

export function neutronConf(dir: string): string {
  const keystone = keystoneRoot()
  return ini({
    DEFAULT: {
      core_plugin: 'ml2',
      service_plugins: 'router',
      bind_host: neutronAddress(),
      bind_port: NEUTRON_PORT,
      // One, though stock would run one per CPU: with two, the same overlay run cost Neutron 43 %
      // more CPU (118 s, not 82.5 s) and took longer (111 s, not 97 s), Tempest's barely less
      // (docs/performance.md). Two processes compete with PostgreSQL for the 2 cores.
      api_workers: 1,
      rpc_workers: 0,
      rpc_state_report_workers: 0,
      // oslo.messaging's in-memory driver: no RabbitMQ, and no agent would listen anyway.
      transport_url: 'fake:/',
      auth_strategy: 'keystone',
      api_paste_config: join(dir, 'api-paste.ini'),
      state_path: join(dir, 'state'),
      notify_nova_on_port_status_changes: false,
      notify_nova_on_port_data_changes: false,
      use_stderr: true,
    },
    database: { connection: neutronDbUrl() },
    oslo_messaging_notifications: { driver: 'noop' },
    oslo_concurrency: { lock_path: join(dir, 'lock') },
    oslo_policy: { policy_file: join(dir, 'policy.yaml'), policy_dirs: join(dir, 'policy.d') },
    keystone_authtoken: {
      auth_type: 'password',
      auth_url: keystone,
      www_authenticate_uri: keystone,
      // Token validation goes to the catalog's identity endpoint for this interface. Internal is an
      // IPv4 literal under `catalog-v4-internal`, which keystone does not listen on; admin is direct.
      interface: 'admin',
      region_name: REGION,
      project_name: NEUTRON_SERVICE_USER.project,
      project_domain_name: 'Default',
      username: NEUTRON_SERVICE_USER.name,
      user_domain_name: 'Default',
      password: NEUTRON_SERVICE_USER.password,
    },
  })
}

export function ml2Conf(): string {
  return ini({
    ml2: {
      type_drivers: 'flat,vlan,vxlan',
      tenant_network_types: 'vxlan',
      // No agents: the API and its database only; ports stay unbound, router interfaces DOWN.
      mechanism_drivers: '',
      // tag_ports_during_bulk_creation applies a port POST's `tags` (single creates too), as
      // devstack's neutron-tag-ports-during-bulk-creation service enables it: the overlay then tags
      // ports in the create and saves a PUT per port (docs/performance.md, issue 25).
      extension_drivers: 'port_security,tag_ports_during_bulk_creation',
      // The tunnel endpoints of an IPv6 underlay: VXLAN over IPv6 costs 70 bytes, so networks get MTU 1430.
      overlay_ip_version: 6,
    },
    ml2_type_flat: { flat_networks: EXTERNAL_PHYSNET },
    ml2_type_vxlan: { vni_ranges: '1:1000' },
  })
}

/** Debian's pipeline for auth_strategy keystone, less profiling, CORS and everything read from /etc. */
export function apiPaste(): string {
  return ini({
    'composite:neutron': { use: 'egg:Paste#urlmap', '/': 'neutronversions_composite', '/v2.0': 'neutronapi_v2_0' },
    'composite:neutronapi_v2_0': {
      use: 'call:neutron.auth:pipeline_factory',
      keystone: 'http_proxy_to_wsgi request_id catch_errors authtoken keystonecontext extensions neutronapiapp_v2_0',
    },
    'composite:neutronversions_composite': {
      use: 'call:neutron.auth:pipeline_factory',
      keystone: 'http_proxy_to_wsgi neutronversions',
    },
    'filter:http_proxy_to_wsgi': {
      'paste.filter_factory': 'oslo_middleware.http_proxy_to_wsgi:HTTPProxyToWSGI.factory',
    },
    'filter:request_id': { 'paste.filter_factory': 'oslo_middleware:RequestId.factory' },
    'filter:catch_errors': { 'paste.filter_factory': 'oslo_middleware:CatchErrors.factory' },
    'filter:authtoken': { 'paste.filter_factory': 'keystonemiddleware.auth_token:filter_factory' },
    'filter:keystonecontext': { 'paste.filter_factory': 'neutron.auth:NeutronKeystoneContext.factory' },
    'filter:extensions': { 'paste.filter_factory': 'neutron.api.extensions:plugin_aware_extension_middleware_factory' },
    'app:neutronversions': { 'paste.app_factory': 'neutron.pecan_wsgi.app:versions_factory' },
    'app:neutronapiapp_v2_0': { 'paste.app_factory': 'neutron.api.v2.router:APIRouter.factory' },
  })
}

/**
 * The operator's policy overrides. Under `policy-no-stateful`, a project member may create any
 * subnet but a DHCPv6-stateful one: Neutron's own create_subnet rule, with that carved out for
 * everyone but the admin. An absent ipv6_address_mode makes the generic check False, so `not`
 * lets it through. Clean: no override at all.
 */
export function policyOverrides(faults: FaultSet): string {
  if (!faults.has('policy-no-stateful')) return '{}\n'
  const createSubnet =
    "rule:context_is_admin or ((role:member and project_id:%(project_id)s or rule:network_owner) and not 'dhcpv6-stateful':%(ipv6_address_mode)s)"
  return `# Seeded fault policy-no-stateful: no DHCPv6-stateful subnets for projects.\n"create_subnet": "${createSubnet}"\n`
}

const neutronArgs = (dir: string) => [
  '--config-file',
  join(dir, 'neutron.conf'),
  '--config-file',
  join(dir, 'ml2_conf.ini'),
  '--config-dir',
  join(dir, 'neutron.conf.d'),
]

/** Needs PostgreSQL up; keystone may still be starting (authtoken asks it on the first request). */
export async function startNeutron(faults: FaultSet): Promise<void> {
  const dir = NEUTRON_DIR
  for (const d of ['state', 'lock', 'policy.d', 'neutron.conf.d']) mkdirSync(join(dir, d), { recursive: true })
  writeFileSync(join(dir, 'neutron.conf'), neutronConf(dir))
  writeFileSync(join(dir, 'ml2_conf.ini'), ml2Conf())
  writeFileSync(join(dir, 'api-paste.ini'), apiPaste())
  writeFileSync(join(dir, 'policy.yaml'), policyOverrides(faults))
  // In ctl: the database is on ctl's address, which the root namespace cannot reach.
  await inNs(ns('ctl'), 'neutron-db-manage', [...neutronArgs(dir), 'upgrade', 'heads'])
  daemon('neutron-server', ['ip', 'netns', 'exec', ns('ctl'), 'neutron-server', ...neutronArgs(dir)])
  await waitHttp('neutron-server answering GET /', ns('ctl'), `${neutronUrl()}/`)
}
