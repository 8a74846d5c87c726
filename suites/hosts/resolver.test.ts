// Name resolution on the host: a resolver it can reach, and an address-selection policy that prefers IPv6.
import { gaiPrecedence, v6Nameserver } from '../../lib/judge/resolver.ts'
import { hostsSuite } from '../../lib/suite/hosts.ts'

hostsSuite({
  'hosts.resolver.v6-nameserver': v6Nameserver,
  'hosts.resolver.gai-precedence': gaiPrecedence,
})
