// The kernel's effective IPv6 settings, per interface: what the kernel does, not what a key says.
import { acceptRa, disableIpv6, expectedSysctls, forwarding, redirects } from '../../lib/judge/sysctl.ts'
import { hostsSuite } from '../../lib/suite/hosts.ts'

hostsSuite({
  'hosts.sysctl.disable-ipv6': disableIpv6,
  'hosts.sysctl.accept-ra': acceptRa,
  'hosts.sysctl.forwarding': forwarding,
  'hosts.sysctl.redirects': redirects,
  'hosts.sysctl.expected': expectedSysctls,
})
