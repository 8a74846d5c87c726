// Test subnets carved from openstack.overlay.cidr by a stable index, so that no two checks, no
// two subjects and no two subnets of one subject ever overlap, whichever runs concurrently with
// which: [check: 4 bits][subject: 4 bits][slot: 2 bits] above a /64. That needs a /54 or shorter.
// IPv4 subnets (dual-stack checks) come from 198.18.0.0/15, the block RFC 2544 reserves for
// benchmark tests: Neutron only records them, no packet is sent.
import { IPv4, IPv4CidrRange, IPv4Prefix, IPv6, IPv6CidrRange, IPv6Prefix } from 'ip-num'
import { addressText, expandIPv6, isAlignedCidr, parseCidr } from '../net/index.ts'

const CHECK_BITS = 4n
const SUBJECT_BITS = 4n
const SLOT_BITS = 2n
/** The longest overlay cidr that holds every check's subnets. */
export const MAX_PREFIXLEN = 64 - Number(CHECK_BITS + SUBJECT_BITS + SLOT_BITS)

export interface Slot {
  /** The check's index in OVERLAY_CHECKS. */
  check: number
  /** The subject's index in its check's list. */
  subject: number
  /** Which of the subject's own subnets, from 0. */
  slot: number
}

const fits = (n: number, bits: bigint) => Number.isInteger(n) && n >= 0 && n < 2 ** Number(bits)

/** Why `cidr` can't be carved, or undefined when it can. */
export function carveProblem(cidr: string): string | undefined {
  const c = parseCidr(cidr)
  if (!c || c.family !== 6 || !isAlignedCidr(cidr)) return `overlay.cidr "${cidr}" is not an aligned IPv6 prefix`
  if (c.prefixlen > MAX_PREFIXLEN)
    return `overlay.cidr ${cidr} is too small: the overlay checks need a /${MAX_PREFIXLEN} or shorter (a /48 is typical)`
  return undefined
}

/** The /64 of (check, subject, slot) inside `cidr`. Throws for a bad cidr or index: a bug, since both are checked first. */
export function carve(cidr: string, at: Slot): string {
  const problem = carveProblem(cidr)
  if (problem) throw new Error(problem)
  if (!fits(at.check, CHECK_BITS) || !fits(at.subject, SUBJECT_BITS) || !fits(at.slot, SLOT_BITS))
    throw new Error(`no room for ${JSON.stringify(at)}`)
  const c = parseCidr(cidr)!
  const base = IPv6CidrRange.fromCidr(`${expandIPv6(c.address)}/${c.prefixlen}`)
  const index = (((BigInt(at.check) << SUBJECT_BITS) | BigInt(at.subject)) << SLOT_BITS) | BigInt(at.slot)
  const sub = new IPv6CidrRange(IPv6.fromBigInt(base.getFirst().getValue() + (index << 64n)), new IPv6Prefix(64n))
  if (!sub.inside(base)) throw new Error(`${JSON.stringify(at)} lies outside ${cidr}`)
  return `${addressText(6, sub.getFirst().getValue())}/64`
}

const V4_BLOCK = IPv4CidrRange.fromCidr('198.18.0.0/15')

/** The IPv4 /24 of (check, subject, slot < 2) in 198.18.0.0/15 (512 of them). */
export function carveV4(at: Slot): string {
  if (!fits(at.check, CHECK_BITS) || !fits(at.subject, SUBJECT_BITS) || !fits(at.slot, 1n))
    throw new Error(`no IPv4 room for ${JSON.stringify(at)}`)
  const index = (((BigInt(at.check) << SUBJECT_BITS) | BigInt(at.subject)) << 1n) | BigInt(at.slot)
  const sub = new IPv4CidrRange(IPv4.fromNumber(V4_BLOCK.getFirst().getValue() + (index << 8n)), new IPv4Prefix(24n))
  if (!sub.inside(V4_BLOCK)) throw new Error(`${JSON.stringify(at)} lies outside ${V4_BLOCK.toCidrString()}`)
  return `${addressText(4, sub.getFirst().getValue())}/24`
}
