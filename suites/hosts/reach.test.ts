// Can every host be reached and observed? Everything else about a host rests on this.
import { hostsSuite } from '../../lib/suite/hosts.ts'

hostsSuite({ 'hosts.reach.ssh': 'reach' })
