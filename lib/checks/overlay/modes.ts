// The (ipv6_ra_mode, ipv6_address_mode) pairs of a Neutron subnet, and how a pair is written as a
// test subject: `slaac` when both are equal, `none+slaac` or `slaac+dhcpv6-stateful` otherwise
// (ra first, as Neutron's docs list them), `none` when neither is set (Neutron's api-ref for subnets).
import { IPV6_MODES, type Ipv6Mode } from '../../openstack/neutron-types.ts'

export interface ModePair {
  ra?: Ipv6Mode
  address?: Ipv6Mode
}

export function pairSubject(p: ModePair): string {
  if (p.ra === p.address) return p.ra ?? 'none'
  return `${p.ra ?? 'none'}+${p.address ?? 'none'}`
}

const asMode = (s: string | undefined): Ipv6Mode | undefined =>
  (IPV6_MODES as readonly string[]).includes(s ?? '') ? (s as Ipv6Mode) : undefined

/** The pair a subject names; undefined for a subject that is not a pair. */
export function parsePair(subject: string): ModePair | undefined {
  const [ra, address = ra, extra] = subject.split('+')
  if (extra !== undefined || ra === undefined) return undefined
  const p: ModePair = { ...(asMode(ra) && { ra: asMode(ra) }), ...(asMode(address) && { address: asMode(address) }) }
  return (p.ra !== undefined || ra === 'none') && (p.address !== undefined || address === 'none') ? p : undefined
}

/** Neutron's rule (db_base_plugin_v2 _validate_ipv6_combination): if both are set they must be equal. */
export const pairIsValid = (p: ModePair): boolean => p.ra === undefined || p.address === undefined || p.ra === p.address

/** Every pair over the three modes and "unset": 16 in all, 10 valid and 6 mismatched. */
export const ALL_PAIRS: readonly ModePair[] = [undefined, ...IPV6_MODES].flatMap((ra) =>
  [undefined, ...IPV6_MODES].map((address) => ({ ...(ra && { ra }), ...(address && { address }) })),
)

/**
 * Neutron gives such a subnet's ports the modified EUI-64 of their MAC instead of a pool address
 * (ipv6_utils.is_auto_address_subnet: either attribute slaac or dhcpv6-stateless).
 */
export const isAutoAddress = (p: ModePair): boolean =>
  [p.ra, p.address].some((m) => m === 'slaac' || m === 'dhcpv6-stateless')

/** The subnet attributes for a pair: unset ones are left out, as Tempest does. */
export const pairAttributes = (p: ModePair): Record<string, string> => ({
  ...(p.ra && { ipv6_ra_mode: p.ra }),
  ...(p.address && { ipv6_address_mode: p.address }),
})

/** `ipv6_ra_mode=slaac, ipv6_address_mode unset`, for step names and evidence. */
export const pairText = (p: ModePair): string =>
  [
    p.ra ? `ipv6_ra_mode=${p.ra}` : 'ipv6_ra_mode unset',
    p.address ? `ipv6_address_mode=${p.address}` : 'ipv6_address_mode unset',
  ].join(', ')
