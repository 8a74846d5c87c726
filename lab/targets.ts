// What the lab tells v6ready about itself: targets.yaml (target `lab`) and expected.json.
import { relative } from 'node:path'
import { stringify } from 'yaml'
import { expectedFindings, type FaultSet, type Finding } from './faults.ts'
import { TLS_PORTS } from './haproxy.ts'
import { CONFIG_SPECS, PLANTED_SPECS } from './host-files.ts'
import { keystoneAddress, keystoneUrl, KEYSTONE_PUBLIC_URL, REGION } from './keystone.ts'
import { V6READY_USER } from './keystone-register.ts'
import { CA_FILE } from './pki.ts'
import { DOMAIN, hostByName, LAB_PREFIXES, RESOLVER, RESOLVER2, VM6_PROVIDER } from './plan.ts'
import { APP_EXPORTER, CMP_HTTP_PORT } from './services.ts'
import { SCALE_ROLE, scaleFindings, scaleRole, scaleTargetHosts, type ScaleHost } from './scale.ts'
import { STATE } from './state.ts'

const withLen = (a: string) => `${a}/64`

/** Where the overlay suite carves its test subnets: Neutron's database only, never on a link. */
export const OVERLAY_CIDR = '2001:db8:100::/48'

/** The target as an operator would write it for this lab: roles, then each host's interfaces. */
export function labTarget(scale: ScaleHost[] = []): Record<string, unknown> {
  const ctl = hostByName('ctl')
  const cmp = hostByName('cmp')
  const ctr = hostByName('ctr')
  const app = hostByName('app')
  const guest = (name: string) => ({
    name,
    address: hostByName(name).address,
    roles: ['guest'],
    interfaces: { eth0: { ipv6: 'required', addresses: [withLen(hostByName(name).address)], accept_ra: true } },
  })
  return {
    // Dual-stack for the endpoint parity check; ctl and the guests stay IPv6-only by role.
    stack: 'dual-stack',
    tags: ['lab'],
    // IPv6 only: the schema's prefixes bound AAAA addresses (aaaa-scope).
    prefixes: LAB_PREFIXES.filter((p) => p.includes(':')),
    dns: { resolvers: [RESOLVER, RESOLVER2], names: ['rabbit', 'db', 'swift', 'big'].map((n) => `${n}.${DOMAIN}`), reverse: true },
    // Relative to targets.yaml, which lab:up writes into the state directory beside pki/.
    tls: { ca: `./${relative(STATE, CA_FILE)}`, min_days_valid: 14 },
    endpoints: [
      { name: 'keystone-public', url: KEYSTONE_PUBLIC_URL, expect_status: [200] },
      { name: 'keystone-direct', url: keystoneUrl(), expect_status: [200] },
      { name: 'keystone-other-ca', url: `https://api.${DOMAIN}:${TLS_PORTS['keystone-other-ca']}/v3`, expect_status: [200] },
      { name: 'keystone-ip', url: `https://[${keystoneAddress()}]:${TLS_PORTS['keystone-ip']}/v3`, expect_status: [200] },
      { name: 'cmp-http', url: `http://cmp.${DOMAIN}:${CMP_HTTP_PORT}/`, expect_status: [200] },
    ],
    // A project member, not the admin: what the catalog checks read and the overlay suite may do
    // is what any tenant sees and may do. Overlay subnets are carved from a prefix no link uses.
    openstack: {
      auth_url: KEYSTONE_PUBLIC_URL,
      username: V6READY_USER.name,
      password: V6READY_USER.password,
      project: V6READY_USER.project,
      user_domain: 'Default',
      project_domain: 'Default',
      region: REGION,
      overlay: { enabled: true, cidr: OVERLAY_CIDR },
      // One API worker on a shared 2-core machine queues requests: under load add_router_interface
      // has taken 17-33 s, past the 30 s default, though nothing was wrong with it.
      timeout: 120,
    },
    ssh: { user: 'root', identity: './id_ed25519', known_hosts: './known_hosts', timeout: 5, command_timeout: 30, keepalive: 2 },
    sysctl: { 'net.ipv6.conf.all.accept_redirects': 0 },
    roles: {
      controller: {
        stack: 'ipv6-only',
        forwarding: false,
        listeners: [
          { port: 22, service: 'sshd' },
          { port: 8774, service: 'nova-api' },
          { port: 8776, service: 'cinder-api' },
        ],
        configs: [...CONFIG_SPECS, ...PLANTED_SPECS],
      },
      compute: {
        stack: 'dual-stack',
        forwarding: true,
        listeners: [
          { port: 22, service: 'sshd' },
          { port: 16509, service: 'libvirtd' },
        ],
        sysctl: { 'net.ipv4.ip_forward': 1 },
      },
      guest: { stack: 'ipv6-only', forwarding: false, metadata: 'any', address_mode: 'slaac', listeners: [{ port: 22, service: 'sshd' }] },
      // Guests on the stateful network (no metadata service there: br-dhcp has no Neutron router).
      'dhcp-guest': { stack: 'ipv6-only', forwarding: false, address_mode: 'dhcpv6-stateful' },
      'container-host': {
        stack: 'ipv6-only',
        forwarding: true,
        containers: { runtime: 'docker', mode: 'ndp-proxy' },
        listeners: [{ port: 22, service: 'sshd' }],
      },
      appliance: { stack: 'ipv6-only', forwarding: false, listeners: [{ port: 22, service: 'sshd' }, APP_EXPORTER] },
      ...(scale.length ? { [SCALE_ROLE]: scaleRole() } : {}),
    },
    hosts: [
      {
        name: 'ctl',
        address: ctl.address,
        roles: ['controller'],
        interfaces: {
          eth0: { ipv6: 'required', addresses: [ctl.links[0]?.v6], accept_ra: false },
          eth1: { ipv6: 'forbidden' },
        },
      },
      {
        name: 'cmp',
        address: cmp.address,
        roles: ['compute'],
        // Static address for the underlay, default route from the RA: RAs are needed here. eth1, on
        // the provider network, is static and in host behaviour (forwarding 0): it takes no RA.
        interfaces: {
          eth0: { ipv6: 'required', addresses: [cmp.links[0]?.v6], accept_ra: true },
          eth1: { ipv6: 'required', addresses: [cmp.links[1]?.v6], accept_ra: false },
        },
      },
      guest('vm1'),
      guest('vm2'),
      ...(['vm3', 'vm4'] as const).map((name) => ({
        name,
        address: hostByName(name).address,
        roles: ['dhcp-guest'],
        interfaces: { eth0: { ipv6: 'required', accept_ra: true } },
      })),
      guest('vm5'),
      // The SLAAC tenant port as on every guest, and the provider port: a fixed address from network_data.json.
      {
        ...guest('vm6'),
        interfaces: {
          ...guest('vm6').interfaces,
          eth1: { ipv6: 'required', addresses: [VM6_PROVIDER.v6], accept_ra: false, address_mode: 'static' },
        },
      },
      {
        name: 'app',
        address: app.address,
        roles: ['appliance'],
        // A static address; the default route from the RA.
        interfaces: { eth0: { ipv6: 'required', addresses: [app.links[0]?.v6], accept_ra: true } },
      },
      {
        name: 'ctr',
        address: ctr.address,
        roles: ['container-host'],
        interfaces: { eth0: { ipv6: 'required', addresses: [ctr.links[0]?.v6], accept_ra: false } },
      },
      ...scaleTargetHosts(scale),
    ],
  }
}

export function targetsYaml(scale: ScaleHost[] = []): string {
  return `# Written by lab:up. The lab's own target; run it inside the lab: npm run lab:exec -- npm test -- --target lab --targets lab/.state/targets.yaml\n${stringify({ targets: { lab: labTarget(scale) } })}`
}

export const expectedJson = (faults: FaultSet, scale: ScaleHost[] = []): string =>
  JSON.stringify([...expectedFindings(faults), ...scaleFindings(scale)] satisfies Finding[], null, 2) + '\n'
