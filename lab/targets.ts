// What the lab tells v6ready about itself: targets.yaml (target `lab`) and expected.json.
import { stringify } from 'yaml'
import { expectedFindings, type FaultSet, type Finding } from './faults.ts'
import { CONFIG_SPECS } from './host-files.ts'
import { hostByName, RESOLVER } from './plan.ts'

const withLen = (a: string) => `${a}/64`

/** The target as an operator would write it for this lab: roles, then each host's interfaces. */
export function labTarget(): Record<string, unknown> {
  const ctl = hostByName('ctl')
  const cmp = hostByName('cmp')
  const guest = (name: string) => ({
    name,
    address: hostByName(name).address,
    roles: ['guest'],
    interfaces: { eth0: { ipv6: 'required', addresses: [withLen(hostByName(name).address)], accept_ra: true } },
  })
  return {
    stack: 'ipv6-only',
    tags: ['lab'],
    prefixes: ['2001:db8::/32'],
    dns: { resolvers: [RESOLVER] },
    ssh: { user: 'root', identity: './id_ed25519', known_hosts: './known_hosts', timeout: 5, command_timeout: 30, keepalive: 2 },
    sysctl: { 'net.ipv6.conf.all.accept_redirects': 0 },
    roles: {
      controller: {
        forwarding: false,
        listeners: [
          { port: 22, service: 'sshd' },
          { port: 8774, service: 'nova-api' },
          { port: 8776, service: 'cinder-api' },
        ],
        configs: CONFIG_SPECS,
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
      guest: { forwarding: false, metadata: 'any', address_mode: 'slaac', listeners: [{ port: 22, service: 'sshd' }] },
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
        // Static address for the underlay, default route from the RA: RAs are needed here.
        interfaces: { eth0: { ipv6: 'required', addresses: [cmp.links[0]?.v6], accept_ra: true } },
      },
      guest('vm1'),
      guest('vm2'),
    ],
  }
}

export function targetsYaml(): string {
  return `# Written by lab:up. The lab's own target; run it inside the lab: npm run lab:exec -- npm test -- --target lab --targets lab/.state/targets.yaml\n${stringify({ targets: { lab: labTarget() } })}`
}

export const expectedJson = (faults: FaultSet): string => JSON.stringify(expectedFindings(faults) satisfies Finding[], null, 2) + '\n'
