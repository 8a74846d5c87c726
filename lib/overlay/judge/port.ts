// Judges of ports: the EUI-64 address on auto-address subnets (NetworksTestDHCPv6's
// test_dhcpv6_stateless_eui64, _no_ra, _no_ra_no_dhcp) and fixed IPs on stateful subnets
// (test_dhcp_stateful, _fixedips).
import { sameAddress } from '../../net/index.ts'
import type { PortT, SubnetT } from '../../openstack/neutron-types.ts'
import type { Verdict } from '../../verdict.ts'
import { isAutoAddress } from '../../checks/overlay/modes.ts'
import { judged, type Base } from '../verdicts.ts'
import { addressesOn, addressProblems, eui64Of, pairOf, showPort, showSubnet } from './addresses.ts'

export interface Eui64Facts {
  subnet: SubnetT
  /** The MAC the port was created with. */
  mac: string
  port: PortT
}

export function judgeEui64(base: Base, f: Eui64Facts): Verdict {
  const ip = addressesOn(f.port, f.subnet.id)[0]
  const eui = eui64Of(f.subnet.cidr, f.mac)
  const auto = isAutoAddress(pairOf(f.subnet))
  const problems = [
    f.port.mac_address.toLowerCase() !== f.mac.toLowerCase() &&
      `the port's MAC is ${f.port.mac_address}, asked for ${f.mac}`,
    ...addressProblems(f.port, f.subnet),
  ]
  const passed = auto
    ? `the port got ${ip}, the modified EUI-64 of ${f.mac} as computed here`
    : `the port got ${ip} from the pool, not its EUI-64 ${eui.ok ? eui.address : ''}`
  const evidence = [
    showSubnet(f.subnet),
    showPort(f.port),
    ...(eui.ok
      ? [`EUI-64 of ${f.mac} in ${f.subnet.cidr} (RFC 4291 App. A, computed by v6ready): ${eui.address}`]
      : []),
  ].join('\n')
  return judged(base, problems, passed, evidence)
}

export interface FixedIpFacts {
  subnet: SubnetT
  /** Created without fixed_ips: the pool picks. */
  pooled: PortT
  requested: string
  /** Created asking for `requested`. */
  fixed: PortT
}

export function judgeFixedIp(base: Base, f: FixedIpFacts): Verdict {
  const got = addressesOn(f.fixed, f.subnet.id)
  const problems = [
    ...addressProblems(f.pooled, f.subnet),
    !(got.length === 1 && sameAddress(got[0] ?? '', f.requested)) &&
      `the port that asked for ${f.requested} got ${got.join(', ') || 'no address'} on the subnet`,
  ]
  const passed = `a port got ${addressesOn(f.pooled, f.subnet.id).join(', ')} from the pool, and one asking for ${f.requested} got exactly it`
  return judged(base, problems, passed, [showSubnet(f.subnet), showPort(f.pooled), showPort(f.fixed)].join('\n'))
}
