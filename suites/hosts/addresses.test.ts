// The IPv6 addresses each interface holds, and whether the kernel can use them.
import { dad, forbidden, linkLocal, required } from '../../lib/judge/addresses.ts'
import { hostsSuite } from '../../lib/suite/hosts.ts'

hostsSuite({
  'hosts.addr.required': required,
  'hosts.addr.forbidden': forbidden,
  'hosts.addr.dad': dad,
  'hosts.addr.link-local': linkLocal,
})
