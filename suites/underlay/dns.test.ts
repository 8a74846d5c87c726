// Names as the target's own resolvers answer them over IPv6: an AAAA for every name, no A record
// that leads clients astray, addresses in scope, resolvers that agree, and reverse DNS that confirms.
import { aaaa, aaaaScope, consistent, noOrphanA, resolverV6, reverse } from '../../lib/judge/underlay-dns.ts'
import { underlaySuite } from '../../lib/suite/underlay.ts'

underlaySuite([
  aaaa, // Every checked name has an AAAA at every resolver
  noOrphanA, // No A record leads clients to an address no host holds
  aaaaScope, // AAAA records hold global addresses, or addresses in the target's own prefixes
  resolverV6, // Each resolver answers over IPv6, on UDP and on TCP
  consistent, // All resolvers return the same AAAA set
  reverse, // Every AAAA has a PTR that resolves back to it
])
