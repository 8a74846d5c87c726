// The Keystone catalog, every interface: IPv6 literals or names with AAAA, and each one answering over IPv6.
import { catalogIpv6Only, catalogReachable } from '../../lib/judge/underlay-catalog.ts'
import { underlaySuite } from '../../lib/suite/underlay.ts'

underlaySuite(
  [
    catalogIpv6Only, // Every Keystone catalog endpoint can be reached over IPv6
    catalogReachable, // Every Keystone catalog endpoint answers over IPv6
  ],
  () => 'catalog',
)
