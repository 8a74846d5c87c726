// Name resolution on the host: a resolver it can reach, and an address-selection policy that prefers IPv6.
import { gaiPrecedence, v6Nameserver } from '../../lib/judge/resolver.ts'
import { hostsSuite } from '../../lib/suite/hosts.ts'

hostsSuite([
  v6Nameserver, // On IPv6-only targets, resolv.conf holds an IPv6 nameserver
  gaiPrecedence, // gai.conf does not make IPv4 win address selection
])
