// Test subnets carved from openstack.overlay.cidr by a stable index, so that no two checks, no
// two subjects and no two subnets of one subject ever overlap, whichever runs concurrently with
// which: [check: 4 bits][subject: 4 bits][slot: 2 bits] above a /64. That needs a /54 or shorter.
// IPv4 subnets (dual-stack checks) come from 198.18.0.0/15, the block RFC 2544 reserves for
// benchmark tests: Neutron only records them, no packet is sent.
import { addressText, addressValue, isAlignedCidr, parseCidr } from '../net/index.ts'

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
  if (c.prefixlen > MAX_PREFIXLEN) return `overlay.cidr ${cidr} is too small: the overlay checks need a /${MAX_PREFIXLEN} or shorter (a /48 is typical)`
  return undefined
}

/** The /64 of (check, subject, slot) inside `cidr`. Throws for a bad cidr or index: a bug, since both are checked first. */
export function carve(cidr: string, at: Slot): string {
  const problem = carveProblem(cidr)
  if (problem) throw new Error(problem)
  if (!fits(at.check, CHECK_BITS) || !fits(at.subject, SUBJECT_BITS) || !fits(at.slot, SLOT_BITS)) throw new Error(`no room for ${JSON.stringify(at)}`)
  const base = addressValue(cidr.split('/')[0] ?? '')?.value ?? 0n
  const index = (((BigInt(at.check) << SUBJECT_BITS) | BigInt(at.subject)) << SLOT_BITS) | BigInt(at.slot)
  return `${addressText(6, base + (index << 64n))}/64`
}

const V4_BASE = addressValue('198.18.0.0')?.value ?? 0n

/** The IPv4 /24 of (check, subject, slot < 2) in 198.18.0.0/15 (512 of them). */
export function carveV4(at: Slot): string {
  if (!fits(at.check, CHECK_BITS) || !fits(at.subject, SUBJECT_BITS) || !fits(at.slot, 1n)) throw new Error(`no IPv4 room for ${JSON.stringify(at)}`)
  const index = (((BigInt(at.check) << SUBJECT_BITS) | BigInt(at.subject)) << 1n) | BigInt(at.slot)
  return `${addressText(4, V4_BASE + (index << 8n))}/24`
}
