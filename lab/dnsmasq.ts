// The router's dnsmasq: one instance sends RAs (with RDNSS and DNSSL), one serves the lab.test zone.
// Two instances because one that listens for RAs on an interface also answers DNS on all its addresses.
import { writeFileSync } from 'node:fs'
import { DOMAIN, HOSTS, MGMT, RTR, ns } from './plan.ts'
import { daemon, SYSTEM_PATH } from './proc.ts'
import { statePath } from './state.ts'

const common = (leases: string) => [
  'bind-interfaces',
  'no-hosts',
  'pid-file=',
  'log-facility=-',
  `dhcp-leasefile=${leases}`,
]

/** RA only: `constructor:` advertises the prefixes of each interface's own addresses. */
export function raConfig(leases: string): string {
  return [
    'port=0',
    ...common(leases),
    'interface=eth0',
    'interface=eth1',
    'enable-ra',
    'dhcp-range=::,constructor:eth0,ra-only,64,1h',
    'dhcp-range=::,constructor:eth1,ra-only,64,1h',
    'ra-param=eth0,10,1800',
    'ra-param=eth1,10,1800',
    `dhcp-option=option6:dns-server,[${RTR.dns}]`,
    `dhcp-option=option6:domain-search,${DOMAIN}`,
    '',
  ].join('\n')
}

/** Authoritative for lab.test only: nothing is forwarded anywhere (no upstream, no resolv.conf). */
export function dnsConfig(leases: string): string {
  const v4 = (cidr: string | undefined) => cidr?.split('/')[0]
  const records = [
    `host-record=rtr.${DOMAIN},${RTR.mgmt6}`,
    `host-record=ns.${DOMAIN},${RTR.dns}`,
    `host-record=mgmt.${DOMAIN},${MGMT.mgmt6}`,
    ...HOSTS.map((h) => {
      const a = h.name === 'cmp' ? v4(h.links[0]?.v4) : undefined // the dual-stack host
      return `host-record=${h.name}.${DOMAIN},${h.address}${a ? `,${a}` : ''}`
    }),
  ]
  return [
    'port=53',
    ...common(leases),
    `listen-address=${RTR.dns}`,
    'no-resolv',
    `local=/${DOMAIN}/`,
    `domain=${DOMAIN}`,
    ...records,
    '',
  ].join('\n')
}

export function startDnsmasq(): void {
  for (const [name, text] of [['dnsmasq-ra', raConfig(statePath('dnsmasq-ra.leases'))], ['dnsmasq-dns', dnsConfig(statePath('dnsmasq-dns.leases'))]] as const) {
    const conf = statePath(`${name}.conf`)
    writeFileSync(conf, text)
    daemon(name, ['ip', 'netns', 'exec', ns('rtr'), 'dnsmasq', '--keep-in-foreground', `--conf-file=${conf}`], { PATH: SYSTEM_PATH })
  }
}
