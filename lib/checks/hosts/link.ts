// hosts.link: Link MTUs.
import { hostCheck } from '../define.ts'
import { perInterface } from '../subjects.ts'

export const LINK_MTU = hostCheck({
  id: 'hosts.link.mtu',
  tags: [],
  title: 'IPv6 interfaces have an MTU of at least 1280',
  why: 'IPv6 requires every link to carry 1280-byte packets (RFC 8200 §5); the kernel disables IPv6 on a link whose MTU is lower.',
  fix: 'Raise the interface MTU (ip link set <if> mtu 1500) and net.ipv6.conf.<if>.mtu to at least 1280.',
  subjects: perInterface,
})

/** The hosts.link checks, in report order: a new one is appended here. */
export const LINK_CHECKS = [LINK_MTU] as const
