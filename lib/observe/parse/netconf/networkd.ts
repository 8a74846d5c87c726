// systemd-networkd, systemd.network(5) as systemd 246 and later define it (checked against the man
// pages of 252 and of current systemd): RAs are taken in user space (networkd sets the kernel's
// accept_ra to 0) unless IPv6AcceptRA=no; IPv6AcceptRA defaults to no while the file forwards, and
// in current man pages also with IPv6SendRA= or DHCPPrefixDelegation=, else to yes; no IPv6
// link-local address means no RAs. The DHCPv6 client starts:
// - at once, without waiting for an RA, only when DHCP= includes ipv6 and [DHCPv6] WithoutRA= is
//   solicit or information-request (246; unset is no, or solicit with DHCPPrefixDelegation=yes and
//   [DHCPPrefixDelegation] UplinkInterface=:self); the RA's flags are then ignored;
// - otherwise on an RA, whatever DHCP= says: solicit when it sets M, Information-request when it sets
//   only O, unless [IPv6AcceptRA] DHCPv6Client=no; DHCPv6Client=always solicits on every RA (246).
// So DHCP=ipv6 with IPv6AcceptRA=no and no WithoutRA= starts no DHCPv6 client at all. [DHCPv6]
// UseAddress=no takes no address from the server: such a client asks for options only. Only the
// first .network file (by name) that matches an interface applies to it: intentsFor (intent.ts)
// picks it.
import { ini, last } from './ini.ts'
import type { Dhcp6Ask, Intent } from '../../facts.ts'
import { bool, normMac } from './values.ts'

export function networkdIntents(file: string, text: string): Intent[] {
  const e = ini(text)
  // Name= accumulates over lines; an empty assignment resets the list.
  let names: string[] = []
  for (const x of e.filter((x) => x.section === 'Match' && x.key === 'Name'))
    names = x.value === '' ? [] : [...names, ...x.value.split(/\s+/)]
  const macEntry = last(e, 'Match', 'MACAddress') ?? last(e, 'Match', 'PermanentMACAddress')
  const macs =
    macEntry?.value
      .split(/\s+/)
      .map(normMac)
      .filter((m): m is string => m !== undefined) ?? []
  const dhcpEntry = last(e, 'Network', 'DHCP')
  const dhcp = dhcpEntry?.value.toLowerCase() ?? 'no'
  const dhcp6On = ['yes', 'true', 'ipv6', 'both', '1', 'on'].includes(dhcp)
  const raEntry = last(e, 'Network', 'IPv6AcceptRA') ?? last(e, 'Network', 'IPv6AcceptRouterAdvertisements')
  const ll = last(e, 'Network', 'LinkLocalAddressing')?.value.toLowerCase()
  const fwd = last(e, 'Network', 'IPv6Forwarding')?.value ?? last(e, 'Network', 'IPForward')?.value
  const forwards = fwd !== undefined && (bool(fwd) === true || /^ipv6$/i.test(fwd))
  // network_adjust_ipv6_accept_ra: no IPv6 link-local address, no RA; unset follows forwarding.
  const noLl = ll !== undefined && (bool(ll) === false || ll === 'ipv4')
  const sendRa = bool(last(e, 'Network', 'IPv6SendRA')?.value) === true
  const pd = bool(last(e, 'Network', 'DHCPPrefixDelegation')?.value) === true
  const raOn = !noLl && (bool(raEntry?.value) ?? !(forwards || sendRa || pd))
  const clientEntry = last(e, 'IPv6AcceptRA', 'DHCPv6Client')
  const client =
    clientEntry?.value.toLowerCase() === 'always' ? 'always' : bool(clientEntry?.value) === false ? 'no' : 'yes'
  const withoutEntry = last(e, 'DHCPv6', 'WithoutRA')
  const uplinkSelf = last(e, 'DHCPPrefixDelegation', 'UplinkInterface')?.value === ':self'
  const without = withoutEntry?.value.toLowerCase() ?? (pd && uplinkSelf ? 'solicit' : 'no')
  const useAddressEntry = last(e, 'DHCPv6', 'UseAddress')
  const useAddress = bool(useAddressEntry?.value) ?? true
  const raDefault = forwards
    ? 'IPv6AcceptRA unset while forwarding'
    : sendRa
      ? 'IPv6AcceptRA unset with IPv6SendRA=yes'
      : pd
        ? 'IPv6AcceptRA unset with DHCPPrefixDelegation=yes'
        : 'IPv6AcceptRA unset (yes)'
  const said = [
    dhcpEntry ? `DHCP=${dhcpEntry.value}` : 'DHCP unset',
    raEntry ? `IPv6AcceptRA=${raEntry.value}` : noLl ? `LinkLocalAddressing=${ll}` : raDefault,
    ...(clientEntry ? [`DHCPv6Client=${clientEntry.value}`] : []),
    ...(withoutEntry
      ? [`WithoutRA=${withoutEntry.value}`]
      : without !== 'no'
        ? ['WithoutRA unset with UplinkInterface=:self (solicit)']
        : []),
    ...(useAddressEntry ? [`UseAddress=${useAddressEntry.value}`] : []),
  ].join(', ')
  let dhcp6: Dhcp6Ask
  let why: string
  if (dhcp6On && without === 'solicit') [dhcp6, why] = ['stateful', 'solicits without waiting for an RA']
  else if (dhcp6On && without === 'information-request')
    [dhcp6, why] = ['stateless', 'Information-request without waiting for an RA, whatever the RA says']
  else if (raOn && client === 'always') [dhcp6, why] = ['stateful', 'solicits on every RA']
  else if (raOn && client === 'yes') [dhcp6, why] = ['follow-ra', 'DHCPv6 starts when the RA sets M or O']
  else if (dhcp6On) [dhcp6, why] = ['no', `no RAs and WithoutRA=${without}, so the DHCPv6 client never starts`]
  else [dhcp6, why] = ['no', raOn ? 'RAs taken, DHCPv6 never started' : 'no RAs, so DHCPv6 never starts']
  if (!useAddress && (dhcp6 === 'stateful' || dhcp6 === 'follow-ra'))
    [dhcp6, why] = ['stateless', `${why}, but UseAddress=no takes no address from it`]
  const line =
    (!useAddress ? useAddressEntry : undefined)?.line ??
    (dhcp6On && without !== 'no' ? withoutEntry : undefined)?.line ??
    (client === 'no' ? clientEntry : undefined)?.line ??
    raEntry?.line ??
    dhcpEntry?.line ??
    e.find((x) => x.section === 'Match')?.line ??
    1
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
