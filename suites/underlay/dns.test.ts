// Names as the target's own resolvers answer them over IPv6: an AAAA for every name, no A record
// that leads clients astray, addresses in scope, resolvers that agree, and reverse DNS that confirms.
import { aaaa, aaaaScope, consistent, noOrphanA, resolverV6, reverse } from '../../lib/judge/underlay-dns.ts'
import { underlaySuite } from '../../lib/suite/underlay.ts'

underlaySuite({
  'underlay.dns.aaaa': aaaa,
  'underlay.dns.no-orphan-a': noOrphanA,
  'underlay.dns.aaaa-scope': aaaaScope,
  'underlay.dns.resolver-v6': resolverV6,
  'underlay.dns.consistent': consistent,
  'underlay.dns.reverse': reverse,
})
