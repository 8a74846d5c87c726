// Container hosts: Docker's IPv6 settings, the container prefix, no NAT66, and NDP proxy for
// containers that share the uplink's prefix (seed 001, the OPNFV container notes).
import { containerCidr, daemonIpv6, ndpProxy, noNat66 } from '../../lib/judge/container.ts'
import { hostsSuite } from '../../lib/suite/hosts.ts'

hostsSuite({
  'hosts.container.daemon-ipv6': daemonIpv6,
  'hosts.container.cidr': containerCidr,
  'hosts.container.no-nat66': noNat66,
  'hosts.container.ndp-proxy': ndpProxy,
})
