// Whether an address literal can be dialled over one family: pure predicates, shared by the probes
// (lib/http), the OpenStack clients and the judges that explain why nothing was dialled.
import { isIPv4, parseIPv6, v4FromMapped } from './addr.ts'

/**
 * Why `address` can't be dialled over IPv6, or undefined when it can. `::ffff:a.b.c.d` is refused:
 * an AF_INET6 socket sends that over IPv4 (RFC 4291 §2.5.5.2, RFC 4038 §4.2).
 */
export function notIPv6(address: string): string | undefined {
  if (isIPv4(address)) return `${address} is an IPv4 address`
  const a = parseIPv6(address)
  if (!a) return `"${address}" is not an IPv6 address`
  const v4 = v4FromMapped(a.address)
  if (v4 !== undefined) return `${address} is IPv4-mapped: the packets would go to ${v4} over IPv4`
  return undefined
}

/** Why `address` can't be dialled over IPv4 (the parity probe's other half), or undefined when it can. */
export function notIPv4(address: string): string | undefined {
  return isIPv4(address) ? undefined : `"${address}" is not an IPv4 address`
}

/** Can be dialled over IPv6: `::ffff:a.b.c.d` cannot, it is IPv4 in disguise (notIPv6). */
export const dialable = (address: string): boolean => notIPv6(address) === undefined
