// Config files named in the targets file: IPv6 literals bracketed where a port or URL needs it,
// binds on :: rather than the IPv4 wildcard, and BOSH-style files with every address expanded.
import { configBindAny } from '../../lib/judge/config-bind-any.ts'
import { configBrackets } from '../../lib/judge/config-brackets.ts'
import { configExpanded } from '../../lib/judge/config-expanded.ts'
import { hostsSuite } from '../../lib/suite/hosts.ts'

hostsSuite({
  'hosts.config.brackets': configBrackets,
  'hosts.config.bind-any': configBindAny,
  'hosts.config.expanded': configExpanded,
})
