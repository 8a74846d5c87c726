// What the lab tells v6ready about itself: targets.yaml (targets `lab`, `lab-inventory` and `lab-home`,
// which reach the same hosts three ways: access.ts) and expected.json.
import { relative } from 'node:path'
import { stringify } from 'yaml'
import { expectedFindings, type FaultSet, type Finding } from './faults.ts'
import { TLS_PORTS } from './haproxy.ts'
import { CMP_NEUTRON_CONFS, CMP_NOVA_CONF, CONFIG_SPECS, PLANTED_SPECS } from './host-files.ts'
import { keystoneAddress, keystoneUrl, KEYSTONE_PUBLIC_URL, REGION } from './keystone.ts'
import { V6READY_USER } from './keystone-register.ts'
import { CA_FILE } from './pki.ts'
import { APP_ALIAS, INVENTORY, SSH_CONFIG } from './access.ts'
import { CMP_PROVIDER, DOMAIN, hostByName, LAB_PREFIXES, RESOLVER, RESOLVER2, sshPortOf, VM6_PROVIDER } from './plan.ts'
import { APP_EXPORTER, CMP_HTTP_PORT } from './services.ts'
import { SCALE_ROLE, scaleFindings, scaleRole, scaleTargetHosts, type ScaleHost } from './scale.ts'
import { OPS_KEY } from './sshd.ts'
import { STATE } from './state.ts'
import { labUser } from './users.ts'

const withLen = (a: string) => `${a}/64`

/** Where the overlay suite carves its test subnets: Neutron's database only, never on a link. */
export const OVERLAY_CIDR = '2001:db8:100::/48'

/** What the lab's targets share: the target's expectations and its roles; everything but hosts and SSH. */
function common(scale: ScaleHost[] = []): Record<string, unknown> {
  return {
    // Dual-stack for the endpoint parity check; ctl and the guests stay IPv6-only by role.
    stack: 'dual-stack',
    tags: ['lab'],
    // IPv6 only: the schema's prefixes bound AAAA addresses (aaaa-scope).
    prefixes: LAB_PREFIXES.filter((p) => p.includes(':')),
    dns: {
      resolvers: [RESOLVER, RESOLVER2],
      names: ['rabbit', 'db', 'swift', 'big'].map((n) => `${n}.${DOMAIN}`),
      reverse: true,
    },
    // Relative to targets.yaml, which lab:up writes into the state directory beside pki/.
    tls: { ca: `./${relative(STATE, CA_FILE)}`, min_days_valid: 14 },
    endpoints: [
      { name: 'keystone-public', url: KEYSTONE_PUBLIC_URL, expect_status: [200] },
      { name: 'keystone-direct', url: keystoneUrl(), expect_status: [200] },
      {
        name: 'keystone-other-ca',
        url: `https://api.${DOMAIN}:${TLS_PORTS['keystone-other-ca']}/v3`,
        expect_status: [200],
      },
      {
        name: 'keystone-ip',
        url: `https://[${keystoneAddress()}]:${TLS_PORTS['keystone-ip']}/v3`,
        expect_status: [200],
      },
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
      guest: {
        stack: 'ipv6-only',
        forwarding: false,
        metadata: 'any',
        address_mode: 'slaac',
        listeners: [{ port: 22, service: 'sshd' }],
      },
      // Guests on the stateful network (no metadata service there: br-dhcp has no Neutron router).
      'dhcp-guest': { stack: 'ipv6-only', forwarding: false, address_mode: 'dhcpv6-stateful' },
      'container-host': {
        stack: 'ipv6-only',
        forwarding: true,
        containers: { runtime: 'docker', mode: 'ndp-proxy' },
        listeners: [{ port: 22, service: 'sshd' }],
      },
      appliance: {
        stack: 'ipv6-only',
        forwarding: false,
        listeners: [{ port: sshPortOf(hostByName('app')), service: 'sshd' }, APP_EXPORTER],
      },
      ...(scale.length ? { [SCALE_ROLE]: scaleRole() } : {}),
    },
  }
}

/** A host entry: where it is, its roles, and what is expected of it (interfaces, and cmp's files). */
interface HostEntry {
  name: string
  address: string
  roles: string[]
  [expectation: string]: unknown
}

/** Each lab host as the targets file describes it, the address being where SSH connects. */
function hostEntries(): HostEntry[] {
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
  return [
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
      // nova.conf: what its user ops cannot read without sudo (host-files.ts), skipped, naming ops;
      // the Neutron files ops can read (hosts.config.overlay-mtu).
      configs: [CMP_NOVA_CONF, ...CMP_NEUTRON_CONFS],
      containers: { runtime: 'docker', mode: 'routed' },
      // The clean half of the path MTU pair: 1500 all the way to vm6, whatever vm6's own MTU.
      path_mtu: { router: false, peers: [VM6_PROVIDER.v6.split('/')[0]] },
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
      // Towards cmp on the provider link, where the fault jumbo-blackhole gives vm6's port MTU 9000.
      path_mtu: { router: false, peers: [CMP_PROVIDER] },
    },
    {
      name: 'app',
      // Its name: where it is and which port comes from an ssh_config (access.ts).
      address: APP_ALIAS,
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
  ]
}

/** The SSH settings target lab gives each host beyond its own: the users of users.ts, app's ssh_config. */
function labSsh(h: HostEntry): Record<string, unknown> | undefined {
  const u = labUser(h.name)
  if (u)
    return {
      user: u.name,
      ...(u.sudo && { become: 'sudo' }),
      ...(u.key === 'ops' && { identity: `./${relative(STATE, OPS_KEY)}` }),
    }
  if (h.name === 'app') return { ssh_config: `./${relative(STATE, SSH_CONFIG)}` }
  return undefined
}

/** The target as an operator would write it for this lab: roles, then each host's interfaces, and how SSH reaches each. */
export function labTarget(scale: ScaleHost[] = []): Record<string, unknown> {
  return {
    ...common(scale),
    ssh: {
      user: 'root',
      identity: './id_ed25519',
      known_hosts: './known_hosts',
      timeout: 5,
      command_timeout: 30,
      keepalive: 2,
    },
    hosts: [
      ...hostEntries().map((h) => {
        const ssh = labSsh(h)
        return { ...h, ...(ssh && { ssh }) }
      }),
      ...scaleTargetHosts(scale),
    ],
  }
}

/**
 * The same lab, its hosts from the Ansible inventory (access.ts): addresses, roles, users, ports and
 * keys come from there; the targets file adds only each host's expectations, and the known_hosts
 * file, which an inventory does not name.
 */
export function inventoryTarget(): Record<string, unknown> {
  return {
    ...common(),
    inventory: `./${relative(STATE, INVENTORY)}`,
    ssh: { known_hosts: './known_hosts', timeout: 5, command_timeout: 30, keepalive: 2 },
    hosts: hostEntries().map(({ name, address: _a, roles: _r, ...expectations }) => ({ name, ...expectations })),
  }
}

/** The same lab with no `ssh` anywhere: a new operator's ~/.ssh and ssh-agent say how to reach each host. */
export const homeTarget = (): Record<string, unknown> => ({ ...common(), hosts: hostEntries() })

export function targetsYaml(scale: ScaleHost[] = []): string {
  const targets = { lab: labTarget(scale), 'lab-inventory': inventoryTarget(), 'lab-home': homeTarget() }
  return [
    "# Written by lab:up. The lab's own targets; run them inside the lab: npm run lab:exec -- npm test -- --target lab --targets lab/.state/targets.yaml",
    '# lab: the ssh settings written here; lab-inventory: the hosts from inventory.ini; lab-home: no ssh settings at all,',
    '# for an operator whose ~/.ssh is home/.ssh and whose ssh-agent holds ops_ed25519 (README, docs/ssh.md).',
    stringify({ targets }, { aliasDuplicateObjects: false }),
  ].join('\n')
}

export const expectedJson = (faults: FaultSet, scale: ScaleHost[] = []): string =>
  JSON.stringify([...expectedFindings(faults), ...scaleFindings(scale)] satisfies Finding[], null, 2) + '\n'
