// Judges of IPv6 security group rules (SecGroupIPv6Test; NegativeSecGroupIPv6Test.
// test_create_security_group_rule_wrong_ip_prefix_version): rules echoed as asked, and a group
// that lets IPv6 out by default, as it does IPv4.
import type { ApiResult } from '../../openstack/neutron.ts'
import type { SecurityGroupRuleT, SecurityGroupT } from '../../openstack/neutron-types.ts'
import type { Verdict } from '../../verdict.ts'
import { judged, type Base } from '../verdicts.ts'
import { echoProblems } from './echo.ts'
import { lifeProblems, notGone, type LifeFacts } from './life.ts'

export const showRule = (r: SecurityGroupRuleT): string =>
  `rule ${r.id}: ${r.direction} ${r.ethertype} ${r.protocol ?? 'any'}${r.port_range_min != null ? ` ${r.port_range_min}-${r.port_range_max ?? ''}` : ''} from ${r.remote_ip_prefix ?? 'any'}`

/** ::/0 and "no prefix" both mean any IPv6 source; Neutron may store either. */
const anyPrefix = (p: unknown) => p === null || p === undefined || p === '::/0' || p === '0.0.0.0/0'

export interface RuleFacts {
  asked: Record<string, unknown>
  created: SecurityGroupRuleT
  shown: SecurityGroupRuleT
  deleted: ApiResult<undefined>
  after: ApiResult<unknown>
}

export function judgeRule(base: Base, f: RuleFacts): Verdict {
  const { remote_ip_prefix: prefix, ...rest } = f.asked
  const problems = [
    ...echoProblems('the rule', rest, f.created),
    !(anyPrefix(prefix)
      ? anyPrefix(f.created.remote_ip_prefix)
      : echoProblems('', { prefix }, { prefix: f.created.remote_ip_prefix }).length === 0) &&
      `the rule's remote_ip_prefix is ${f.created.remote_ip_prefix ?? 'none'}, asked for ${String(prefix)}`,
    f.shown.id !== f.created.id && 'showing the rule gave another one',
    !f.deleted.ok && `deleting the rule failed: ${f.deleted.error.message}`,
    f.deleted.ok && notGone('the rule', f.after),
  ]
  return judged(base, problems, `created as asked (${showRule(f.created)}), shown and deleted`, showRule(f.created))
}

export interface GroupFacts extends LifeFacts<SecurityGroupT> {
  update: { name: string; description: string }
  shown: SecurityGroupT
}

export function judgeGroup(base: Base, f: GroupFacts): Verdict {
  const rules = f.created.security_group_rules ?? []
  const egress = (e: string) => rules.some((r) => r.direction === 'egress' && r.ethertype === e)
  const problems = [
    egress('IPv4') &&
      !egress('IPv6') &&
      'the new group lets IPv4 out but not IPv6: its default egress rules have no IPv6 one (check the default security group rules)',
    ...lifeProblems('group', 'the list filtered by its ID', f),
    f.shown.name !== f.update.name && `showing the group gave the name ${f.shown.name ?? ''}, not the updated one`,
  ]
  return judged(
    base,
    problems,
    'created with IPv4 and IPv6 egress rules, listed, updated, shown and deleted',
    rules.map(showRule).join('\n'),
  )
}
