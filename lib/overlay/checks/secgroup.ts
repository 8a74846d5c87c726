// overlay.secgroup.ipv6-rules: IPv6 rules in a security group (SecGroupIPv6Test), one test per
// rule; the two contradictory ones must be refused (NegativeSecGroupIPv6Test).
import type { OverlayCheck } from '../check.ts'
import { createSecurityGroup, deleteTracked } from '../fixtures.ts'
import { judgeRefusals } from '../judge/refusal.ts'
import { judgeGroup, judgeRule } from '../judge/secgroup.ts'
import type { Scope } from '../registry.ts'
import { step } from '../step.ts'
import type { Base } from '../verdicts.ts'
import { SECGROUP_IPV6_RULES } from '../../checks/overlay/secgroup.ts'

const ingress = { direction: 'ingress' }
/** Each rule subject's request; Neutron prefers `ipv6-icmp` to the legacy `icmpv6` (Tempest's comment). */
export const RULES: Record<string, Record<string, unknown>> = {
  'ipv6-icmp': { ...ingress, ethertype: 'IPv6', protocol: 'ipv6-icmp', remote_ip_prefix: '::/0' },
  // ICMPv6 type 128 (echo request), code 0: Neutron carries type and code in the port range.
  'icmpv6-echo-request': {
    ...ingress,
    ethertype: 'IPv6',
    protocol: 'ipv6-icmp',
    port_range_min: 128,
    port_range_max: 0,
    remote_ip_prefix: '::/0',
  },
  'tcp-22': {
    ...ingress,
    ethertype: 'IPv6',
    protocol: 'tcp',
    port_range_min: 22,
    port_range_max: 22,
    remote_ip_prefix: '::/0',
  },
  'v4-prefix-with-ipv6': { ...ingress, ethertype: 'IPv6', protocol: 'tcp', remote_ip_prefix: '0.0.0.0/0' },
  'v6-prefix-with-ipv4': { ...ingress, ethertype: 'IPv4', protocol: 'tcp', remote_ip_prefix: '::/0' },
}

const NEGATIVE = new Set(['v4-prefix-with-ipv6', 'v6-prefix-with-ipv4'])

async function groupLife(s: Scope, base: Base) {
  const created = await createSecurityGroup(s)
  const update = { name: s.name('sg', 'updated'), description: 'v6ready, updated' }
  const [listed, updated] = await Promise.all([
    // By ID: the rename runs alongside.
    step('list security groups by ID', s.api.list('security-group', { id: created.id })),
    step('update the security group', s.api.update('security-group', created.id, update)),
  ])
  const shown = await step('show the security group', s.api.show('security-group', created.id))
  await deleteTracked(s, 'security-group', created.id)
  return judgeGroup(base, {
    created,
    listed,
    update,
    updated,
    shown,
    after: await s.api.show('security-group', created.id),
  })
}

async function rule(s: Scope, base: Base) {
  const asked = RULES[s.subject] ?? {}
  const sg = await s.fixture(`${s.check}:sg`, (shared) => createSecurityGroup(shared))
  if (NEGATIVE.has(s.subject)) {
    const r = await s.api.create('security-group-rule', { security_group_id: sg.id, ...asked })
    return judgeRefusals(base, 400, [
      {
        asked: `ethertype ${String(asked.ethertype)} with remote_ip_prefix ${String(asked.remote_ip_prefix)}`,
        result: r,
      },
    ])
  }
  const created = await step(
    'create the rule',
    s.api.create('security-group-rule', { security_group_id: sg.id, ...asked }),
  )
  const shown = await step('show the rule', s.api.show('security-group-rule', created.id))
  const deleted = await s.api.remove('security-group-rule', created.id)
  return judgeRule(base, { asked, created, shown, deleted, after: await s.api.show('security-group-rule', created.id) })
}

export const secgroupIpv6Rules: OverlayCheck = {
  check: SECGROUP_IPV6_RULES,
  expected: (subject) => {
    if (subject === 'group')
      return 'a security group is created with an IPv6 egress rule beside the IPv4 one, listed, updated, shown and deleted'
    const r = RULES[subject] ?? {}
    const what = `an ${String(r.direction)} rule with ethertype ${String(r.ethertype)}, protocol ${String(r.protocol)}${r.port_range_min !== undefined ? ` ${String(r.port_range_min)}/${String(r.port_range_max)}` : ''} from ${String(r.remote_ip_prefix)}`
    return NEGATIVE.has(subject)
      ? `${what} is refused with 400 Bad Request (the prefix contradicts the ethertype)`
      : `${what} is created as asked, shown and deleted`
  },
  run: (s, base) => (s.subject === 'group' ? groupLife(s, base) : rule(s, base)),
}
