// The guests on br-dhcp, a dhcpv6-stateful network (RA with M=1, no autonomous prefix): vm3 is an
// ifupdown guest that asks DHCPv6; vm4 is a netplan guest (NetworkManager renderer), which asks too
// on the clean lab and does only SLAAC under the `guest-slaac-only` fault, so it has no global IPv6 address
// (image builders report having to turn DHCPv6 on at first boot).
// The client is Debian's dhclient, started the way ifupdown starts it for `inet6 dhcp`, inside the
// guest's sshd mount namespace: its lease file and the resolv.conf it writes are the guest's own.
import type { FaultSet } from './faults.ts'
import { DHCP_GUESTS } from './plan.ts'
import { daemon } from './proc.ts'
import { sshdPid } from './sshd.ts'

type DhcpGuest = keyof typeof DHCP_GUESTS

export const LEASE_FILE = '/var/lib/dhcp/dhclient6.eth0.leases'

const IFUPDOWN = `# ifupdown, as a Debian cloud image writes it
auto lo
iface lo inet loopback

auto eth0
iface eth0 inet6 dhcp
`

// NetworkManager as the renderer: with dhcp6 unset netplan writes ipv6.method=ignore, kernel SLAAC
// only (networkd would start DHCPv6 by itself on M=1, whatever the file says).
const netplan = (dhcp6: boolean) => `# This file is generated from information provided by the datasource. Changes
# to it will not persist across an instance reboot.
network:
  version: 2
  renderer: NetworkManager
  ethernets:
    eth0:
      match:
        macaddress: ${DHCP_GUESTS.vm4.mac}
      set-name: eth0
      accept-ra: true
${dhcp6 ? '      dhcp6: true\n' : ''}`

/** The guests that ask DHCPv6 on this lab. */
export const askingGuests = (faults: FaultSet): DhcpGuest[] =>
  faults.has('guest-slaac-only') ? ['vm3'] : ['vm3', 'vm4']

/** Each guest's network configuration, by host and path. */
export function dhcpGuestFiles(faults: FaultSet): Record<DhcpGuest, Record<string, string>> {
  return {
    vm3: { 'etc/network/interfaces': IFUPDOWN },
    vm4: { 'etc/netplan/50-cloud-init.yaml': netplan(!faults.has('guest-slaac-only')) },
  }
}

/** dhclient -6 in the foreground, with a DUID-LL so dnsmasq's reservation (by DUID) matches. */
export function startDhcpClients(faults: FaultSet): void {
  for (const g of askingGuests(faults))
    daemon(`dhclient-${g}`, [
      'nsenter',
      '-t',
      String(sshdPid(g)),
      '-m',
      '-u',
      '-n',
      'dhclient',
      '-6',
      '-d',
      '-q',
      '-D',
      'LL',
      '-pf',
      '/run/dhclient6.eth0.pid',
      '-lf',
      LEASE_FILE,
      'eth0',
    ])
}
