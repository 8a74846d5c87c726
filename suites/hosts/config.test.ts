// Config files named in the targets file: IPv6 literals bracketed where a port or URL needs it,
// binds on :: rather than the IPv4 wildcard, and BOSH-style files with every address expanded.
import { configBindAny } from '../../lib/judge/config-bind-any.ts'
import { configBrackets } from '../../lib/judge/config-brackets.ts'
import { configExpanded } from '../../lib/judge/config-expanded.ts'
import { hostsSuite } from '../../lib/suite/hosts.ts'

hostsSuite([
  configBrackets, // IPv6 literals in config files are bracketed where a port or a URL needs it
  configBindAny, // Service configs bind :: rather than the IPv4 wildcard alone
  configExpanded, // Files marked `style: expanded` write every IPv6 address in full
])
