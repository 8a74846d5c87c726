// Container hosts: Docker's IPv6 settings, the container prefix, no NAT66, and NDP proxy for
// containers that share the uplink's prefix (the OPNFV IPv6 project's container notes).
import { containerCidr, daemonIpv6, ndpProxy, noNat66 } from '../../lib/judge/container.ts'
import { hostsSuite } from '../../lib/suite/hosts.ts'

hostsSuite([
  daemonIpv6, // Docker's daemon.json turns IPv6 on with a container prefix
  containerCidr, // The container prefix is at least a /80 and fits the host
  noNat66, // No IPv6 NAT on the container host
  ndpProxy, // Containers sharing the uplink prefix are answered for by NDP proxy
])
