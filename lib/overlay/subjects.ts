// Every overlay check and the subjects it tries, known before anything is created: `v6ready
// list` prints them, the suites make one test of each, and the CIDR carving numbers them. The
// order is part of the carving, so append; never reorder (a moved entry only moves its /64s).
import { ALL_PAIRS, pairIsValid, pairSubject } from './modes.ts'

const pairs = (valid: boolean) => ALL_PAIRS.filter((p) => pairIsValid(p) === valid).map(pairSubject)

export const OVERLAY_SUBJECTS = {
  'overlay.network.crud': ['network', 'subnet', 'port'],
  // Equal pairs first: the three modes a cloud offers; then one attribute unset; then neither.
  'overlay.subnet.modes': ['slaac', 'dhcpv6-stateless', 'dhcpv6-stateful', ...pairs(true).filter((s) => s.includes('+')), 'none'],
  'overlay.subnet.invalid-modes': pairs(false),
  'overlay.subnet.gateway': ['default', 'explicit'],
  'overlay.port.eui64': ['slaac', 'dhcpv6-stateless', 'none+slaac', 'none+dhcpv6-stateless', 'none'],
  'overlay.port.stateful-fixed-ip': ['dhcpv6-stateful', 'dhcpv6-stateful+none', 'none+dhcpv6-stateful', 'out-of-pool', 'duplicate'],
  'overlay.router.interface': ['slaac', 'dhcpv6-stateless', 'dhcpv6-stateful', 'dhcpv6-stateful+none', 'by-port'],
  'overlay.secgroup.ipv6-rules': ['group', 'ipv6-icmp', 'icmpv6-echo-request', 'tcp-22', 'v4-prefix-with-ipv6', 'v6-prefix-with-ipv4'],
  'overlay.network.dual-stack': ['slaac,ipv4', 'ipv4,slaac', 'dhcpv6-stateless,ipv4', 'ipv4,dhcpv6-stateless', 'dhcpv6-stateful,ipv4'],
  'overlay.network.multi-prefix': [
    'slaac,slaac',
    'dhcpv6-stateless,dhcpv6-stateless',
    'slaac,dhcpv6-stateful',
    'dhcpv6-stateful,slaac',
    'dhcpv6-stateless,dhcpv6-stateful',
    'dhcpv6-stateful,dhcpv6-stateless',
  ],
  'overlay.bulk': ['networks', 'subnets', 'ports'],
} as const satisfies Record<string, readonly string[]>

export type OverlayCheckId = keyof typeof OVERLAY_SUBJECTS

export const OVERLAY_CHECKS = Object.keys(OVERLAY_SUBJECTS) as OverlayCheckId[]

export const isOverlayCheck = (id: string): id is OverlayCheckId => Object.hasOwn(OVERLAY_SUBJECTS, id)
