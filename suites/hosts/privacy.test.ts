// Guests make the addresses Neutron expects: EUI-64 on SLAAC subnets, no temporary addresses.
import { addrGen } from '../../lib/judge/privacy.ts'
import { hostsSuite } from '../../lib/suite/hosts.ts'

hostsSuite([
  addrGen, // The guest's addresses are the ones Neutron's port security allows
])
