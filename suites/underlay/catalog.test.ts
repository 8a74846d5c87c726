// The Keystone catalog, every interface: IPv6 literals or names with AAAA, and each one answering over IPv6.
import { catalogIpv6Only, catalogReachable } from '../../lib/judge/underlay-catalog.ts'
import { underlaySuite } from '../../lib/suite/underlay.ts'

underlaySuite(
  {
    'underlay.catalog.ipv6-only': catalogIpv6Only,
    'underlay.catalog.reachable': catalogReachable,
  },
  () => 'catalog',
)
