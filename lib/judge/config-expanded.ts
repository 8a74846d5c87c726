// hosts.config.expanded: in files marked `style: expanded` every IPv6 address is written in full,
// eight groups of four hex digits, no `::` and no dropped leading zero. The BOSH Director compares
// addresses as strings ("does this address fall in this range?"), so an abbreviated one breaks it;
// Cloud Foundry's BOSH-on-vSphere IPv6 notes ask for 0000:0000:0000:0000:0000:0000:0000:0001 even for ::1.
import { ipv6Literals } from '../config/literals.ts'
import { expandIPv6 } from '../net/index.ts'
import type { Verdict } from '../verdict.ts'
import { judgeConfigs } from './config-file.ts'
import type { HostView } from './host-view.ts'
import { CONFIG_EXPANDED } from '../checks/hosts/config.ts'
import { judgeFacts } from './judged.ts'

const FULL = /^[0-9A-Fa-f]{4}(:[0-9A-Fa-f]{4}){7}(%.+)?$/

export const configExpanded = judgeFacts(CONFIG_EXPANDED, (v: HostView): Verdict[] => {
  const check = CONFIG_EXPANDED.id
  return judgeConfigs(
    check,
    v,
    () => 'every IPv6 address fully expanded (8 groups of 4 hex digits, no ::)',
    (f) => {
      const literals = f.parsed.values.flatMap((x) => ipv6Literals(x.text).map((l) => ({ line: x.line, ...l })))
      const findings = literals
        .filter((l) => !FULL.test(l.text))
        .map((l) => {
          const full = expandIPv6(l.text) ?? l.text
          return {
            line: l.line,
            why: `${l.text} is abbreviated${l.text.includes('::') ? ' (::)' : ' (leading zeros dropped)'}`,
            fix: `write ${full}`,
          }
        })
      return {
        findings,
        observed: literals.length
          ? `${literals.length} IPv6 address${literals.length === 1 ? '' : 'es'}, all fully expanded`
          : 'no IPv6 address',
      }
    },
    (spec) => spec.style === 'expanded',
  )
})
