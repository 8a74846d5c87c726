// Config files named in the targets file: IPv6 literals bracketed where a port or URL needs it,
// binds on :: rather than the IPv4 wildcard, BOSH-style files with every address expanded, and
// Neutron's tunnel MTU against the tunnel endpoint's IP version.
import { configBindAny } from '../../lib/judge/config-bind-any.ts'
import { configBrackets } from '../../lib/judge/config-brackets.ts'
import { configExpanded } from '../../lib/judge/config-expanded.ts'
import { overlayMtu } from '../../lib/judge/overlay-mtu.ts'
import { hostsSuite } from '../../lib/suite/hosts.ts'

hostsSuite([
  configBrackets, // IPv6 literals in config files are bracketed where a port or a URL needs it
  configBindAny, // Service configs bind :: rather than the IPv4 wildcard alone
  configExpanded, // Files marked `style: expanded` write every IPv6 address in full
  overlayMtu, // Neutron's tunnel MTU accounts for the tunnel endpoints' IP version
])
