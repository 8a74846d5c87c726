// Judge of link properties IPv6 depends on.
import { fail, pass, type Verdict } from '../verdict.ts'
import { conf, expectOf, ipv6On, isLoopback, needs, subjectOf, whereOf, type HostView } from './host-view.ts'
import { LINK_MTU } from '../checks/hosts/link.ts'
import { judgeFacts } from './judged.ts'

/** RFC 8200 §5: every link must carry 1280-byte packets; below that the kernel turns IPv6 off. */
export const IPV6_MIN_MTU = 1280

export const mtu = judgeFacts(LINK_MTU, (v: HostView): Verdict[] => {
  const check = LINK_MTU.id
  return needs(
    check,
    v,
    ['interfaces', 'sysctls'],
    () =>
      // Stryker disable next-line ArrayDeclaration: needs() runs this only when the interfaces were read
      (v.facts.interfaces.ok ? v.facts.interfaces.value : [])
        .filter((i) => !isLoopback(i) && (ipv6On(v, i.name) || i.mtu < IPV6_MIN_MTU))
        .map((i) => {
          const confMtu = conf(v, i.name, 'mtu')
          const low = Math.min(i.mtu, confMtu ?? i.mtu)
          const want = expectOf(v, i.name).mtu ?? IPV6_MIN_MTU
          const base = {
            check,
            subject: subjectOf(v, i.name),
            expected: `MTU ≥ ${want}`,
            observed: `link mtu ${i.mtu}${confMtu !== undefined ? `, net.ipv6.conf.${i.name}.mtu ${confMtu}` : ''}`,
            where: whereOf(v, i.name),
          }
          if (low >= want) return pass(base)
          return fail({
            ...base,
            remedy: `ip link set ${i.name} mtu ${Math.max(want, 1500)} and set net.ipv6.conf.${i.name}.mtu to at least ${want}`,
          })
        }),
    'fail', // a low MTU read is low: a line that could not be read can only lower it further
  )
})
