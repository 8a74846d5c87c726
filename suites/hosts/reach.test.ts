// Can every host be reached and observed? Everything else about a host rests on this.
import { reach } from '../../lib/judge/reach.ts'
import { hostsSuite } from '../../lib/suite/hosts.ts'

hostsSuite([
  reach, // The host is reached and observed
])
