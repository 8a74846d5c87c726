// The router's dnsmasq: one instance sends RAs (with RDNSS and DNSSL), one serves the lab.test zone.
// Two instances because one that listens for RAs on an interface also answers DNS on all its addresses.
import { mkdirSync, writeFileSync } from 'node:fs'
import { DHCP_GUESTS, DHCP_RANGE, DOMAIN, RTR, ns } from './plan.ts'
import { daemon, SYSTEM_PATH } from './proc.ts'
import { statePath } from './state.ts'
import type { ZoneRecord } from './zone.ts'

const common = (leases: string) => [
  'bind-interfaces',
  'no-hosts',
  'pid-file=',
  'log-facility=-',
  `dhcp-leasefile=${leases}`,
]

/**
 * RAs on every link, and DHCPv6: stateless on the guest link (RA with A=1 and O=1, DHCPv6 for the
 * options only) and stateful on br-dhcp (M=1, the prefix without A; addresses only by DHCPv6, with
 * one reservation per guest by DUID-LL). `constructor:` takes each interface's own prefix.
 */
export function raConfig(leases: string): string {
  return [
    'port=0',
    ...common(leases),
    'interface=eth0',
    'interface=eth1',
    'interface=eth2',
    'enable-ra',
    'dhcp-range=::,constructor:eth0,ra-only,64,1h',
    'dhcp-range=::,constructor:eth1,ra-stateless,64,1h',
    `dhcp-range=${DHCP_RANGE.join(',')},64,1h`,
    ...Object.values(DHCP_GUESTS).map((g) => `dhcp-host=id:00:03:00:01:${g.mac},[${g.lease}]`),
    'ra-param=eth0,10,1800',
    'ra-param=eth1,10,1800',
    'ra-param=eth2,10,1800',
    `dhcp-option=option6:dns-server,[${RTR.dns}]`,
    `dhcp-option=option6:domain-search,${DOMAIN}`,
    '',
  ].join('\n')
}

/**
 * Authoritative for lab.test only: nothing is forwarded anywhere (no upstream, no resolv.conf).
 * One host-record per forward record, in zone order: dnsmasq then makes each PTR itself, naming
 * the first record that holds the address, which is the rule zone.ts writes its PTRs by.
 */
export function dnsConfig(leases: string, zone: ZoneRecord[]): string {
  return [
    'port=53',
    ...common(leases),
    `listen-address=${RTR.dns}`,
    'no-resolv',
    `local=/${DOMAIN}/`,
    `domain=${DOMAIN}`,
    ...zone.filter((r) => r.type !== 'PTR').map((r) => `host-record=${r.name},${r.data}`),
    // Hosts files dropped here are read at once (inotify), with their PTRs: bench:underlay's names.
    `hostsdir=${DNS_HOSTS_DIR}`,
    '',
  ].join('\n')
}

/** Extra names for the first resolver, one hosts file each, picked up while it runs. */
export const DNS_HOSTS_DIR = statePath('dns-hosts.d')

export function startDnsmasq(zone: ZoneRecord[]): void {
  mkdirSync(DNS_HOSTS_DIR, { recursive: true })
  for (const [name, text] of [
    ['dnsmasq-ra', raConfig(statePath('dnsmasq-ra.leases'))],
    ['dnsmasq-dns', dnsConfig(statePath('dnsmasq-dns.leases'), zone)],
  ] as const) {
    const conf = statePath(`${name}.conf`)
    writeFileSync(conf, text)
    daemon(name, ['ip', 'netns', 'exec', ns('rtr'), 'dnsmasq', '--keep-in-foreground', `--conf-file=${conf}`], {
      PATH: SYSTEM_PATH,
    })
  }
}
