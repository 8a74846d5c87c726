// systemd-networkd, systemd.network(5): RAs are taken in user space (it sets the kernel's accept_ra
// to 0) unless IPv6AcceptRA=no; an RA with M or O starts DHCPv6 unless [IPv6AcceptRA]
// DHCPv6Client=no; DHCPClient=always solicits whatever the flags. Only the first .network file (by
// name) that matches an interface applies to it: intentsFor (intent.ts) picks it.
import { ini, last } from './ini.ts'
import type { Dhcp6Ask, Intent } from './intent.ts'
import { bool, normMac } from './values.ts'

export function networkdIntents(file: string, text: string): Intent[] {
  const e = ini(text)
  // Name= accumulates over lines; an empty assignment resets the list.
  let names: string[] = []
  for (const x of e.filter((x) => x.section === 'Match' && x.key === 'Name')) names = x.value === '' ? [] : [...names, ...x.value.split(/\s+/)]
  const macEntry = last(e, 'Match', 'MACAddress') ?? last(e, 'Match', 'PermanentMACAddress')
  const macs = macEntry?.value.split(/\s+/).map(normMac).filter((m): m is string => m !== undefined) ?? []
  const dhcpEntry = last(e, 'Network', 'DHCP')
  const dhcp = dhcpEntry?.value.toLowerCase() ?? 'no'
  const dhcp6On = ['yes', 'true', 'ipv6', 'both', '1', 'on'].includes(dhcp)
  const raEntry = last(e, 'Network', 'IPv6AcceptRA') ?? last(e, 'Network', 'IPv6AcceptRouterAdvertisements')
  const ll = last(e, 'Network', 'LinkLocalAddressing')?.value.toLowerCase()
  const fwd = last(e, 'Network', 'IPv6Forwarding')?.value ?? last(e, 'Network', 'IPForward')?.value
  const forwards = fwd !== undefined && (bool(fwd) === true || /^ipv6$/i.test(fwd))
  // network_adjust_ipv6_accept_ra: no IPv6 link-local address, no RA; unset follows forwarding.
  const noLl = ll !== undefined && (bool(ll) === false || ll === 'ipv4')
  const raOn = !noLl && (bool(raEntry?.value) ?? !forwards)
  const clientEntry = last(e, 'IPv6AcceptRA', 'DHCPv6Client')
  const client = clientEntry?.value.toLowerCase() === 'always' ? 'always' : bool(clientEntry?.value) === false ? 'no' : 'yes'
  const without = last(e, 'DHCPv6', 'WithoutRA')?.value.toLowerCase()
  const said = [
    dhcpEntry ? `DHCP=${dhcpEntry.value}` : 'DHCP unset',
    raEntry ? `IPv6AcceptRA=${raEntry.value}` : noLl ? `LinkLocalAddressing=${ll}` : forwards ? `IPv6AcceptRA unset while forwarding` : 'IPv6AcceptRA unset (yes)',
    ...(clientEntry ? [`DHCPv6Client=${clientEntry.value}`] : []),
    ...(without ? [`WithoutRA=${without}`] : []),
  ].join(', ')
  let dhcp6: Dhcp6Ask
  let why: string
  if (dhcp6On && without === 'solicit') [dhcp6, why] = ['stateful', 'solicits without waiting for an RA']
  else if (raOn && client === 'always') [dhcp6, why] = ['stateful', 'solicits on every RA']
  else if (raOn && client === 'yes') [dhcp6, why] = ['follow-ra', 'DHCPv6 starts when the RA sets M or O']
  else if (dhcp6On && without === 'information-request') [dhcp6, why] = ['stateless', 'Information-request without waiting for an RA']
  else if (!raOn && dhcp6On) [dhcp6, why] = ['stateful', 'DHCPv6 without RAs']
  else [dhcp6, why] = ['no', raOn ? 'RAs taken, DHCPv6 never started' : 'no RAs, so DHCPv6 never starts']
  const line = (client === 'no' ? clientEntry : undefined)?.line ?? raEntry?.line ?? dhcpEntry?.line ?? e.find((x) => x.section === 'Match')?.line ?? 1
  return [
    {
      system: 'networkd',
      file,
      line,
      match: names.join(' '),
      ...(macs.length === 1 ? { mac: macs[0]! } : {}),
      dhcp6,
      ra: raOn,
      raBy: 'networkd',
      detail: `${said}: ${why}`,
      stanza: text.trimEnd(),
    },
  ]
}
