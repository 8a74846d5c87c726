// hosts.firewall.icmpv6 on rule sets recorded from real ip6tables-save and nft
// (test/fixtures/observe/firewall/capture.sh: each rule set loaded into its own namespace, ufw's
// defaults enabled in one): whole observations for ufw, the two tools' outputs for the rest.
import { describe, expect, test } from 'vitest'
import { icmpv6Firewall } from '../../../lib/judge/firewall.ts'
import type { HostFacts } from '../../../lib/observe/facts.ts'
import { firewallFacts, parseHostFacts } from '../../../lib/observe/parse/index.ts'
import type { Part } from '../../../lib/observe/parse/parts.ts'
import { FIREWALL_PARTS } from '../../../lib/observe/parts-script.ts'
import { splitSections } from '../../../lib/observe/script.ts'
import type { Verdict } from '../../../lib/verdict.ts'
import { fixture } from '../observe/fixtures.ts'
import { host, rich, view, withConf } from './view.ts'

const full = (name: string): HostFacts =>
  parseHostFacts(splitSections(fixture(`firewall/${name}`), 'fixture1').sections)

const part = (label: string, file: string | undefined, exit = 0): Part[] =>
  file === undefined
    ? [{ label, text: 'sh: 15: ip6tables-save: not found\n', exit: 127, truncated: false }]
    : [{ label, text: fixture(`firewall/${file}`), exit, truncated: false }]

/** The rich namespace's facts with the firewall parts of one recorded rule set (its ip6tables-save left out when undefined). */
function recorded(name: string, ip6tablesSave: string | undefined, forwarding = false): HostFacts {
  const value = firewallFacts([
    ...part(FIREWALL_PARTS.ip6tables, ip6tablesSave),
    ...part(FIREWALL_PARTS.nft, `${name}.nft.json`),
  ])
  return { ...withConf(rich, { all: { forwarding: forwarding ? '1' : '0' } }), firewall: { ok: true, value } }
}
const nft = (c: string, forwarding = false) => recorded(`nft.${c}`, `nft.${c}.ip6tables-save.txt`, forwarding)
const ipt = (c: string, forwarding = false) =>
  recorded(`ip6tables.${c}`, `ip6tables.${c}.ip6tables-save.txt`, forwarding)

function judge(f: HostFacts): Verdict {
  const vs = icmpv6Firewall(view(host({ name: 'fw1' }), f))
  expect(vs).toHaveLength(1)
  return vs[0] as Verdict
}
const failed = (f: HostFacts) => {
  const v = judge(f)
  expect(v).toMatchObject({ ok: false, subject: 'fw1' })
  expect(v.skip).toBeUndefined()
  return v
}

describe('ufw (Debian 12, ufw 0.36.2 defaults): a whole observation', () => {
  const ufw = full('full.netns-ufw.txt')

  test('passes: ufw accepts RELATED first, then 1-4, ND with hop limit 255 and MLD from fe80::/10 explicitly', () => {
    const v = judge(ufw)
    expect(v).toMatchObject({ ok: true })
    expect(v.skip).toBeUndefined()
    expect(v.observed).toContain('INPUT (hook input, priority 0)')
    expect(v.observed).toContain('as RELATED')
  })

  test('the nft view of ufw (iptables-nft, xt matches) is not judged twice: ip6tables-save reads that table', () => {
    expect(judge(ufw).evidence).not.toContain('table ip6 filter')
  })

  test('a forwarding ufw host passes too: ufw6-before-forward accepts 1-4', () => {
    const v = judge(withConf(ufw, { all: { forwarding: '1' } }))
    expect(v).toMatchObject({ ok: true })
    expect(v.expected).toContain('forward (forwarding is on) accepts 1-4')
  })

  test('run by a user who is not root: not judged, and the skip says both tools need root', () => {
    const v = judge(full('full.netns-ufw.non-root.txt'))
    expect(v.skip).toMatch(/both tools need root \(set ssh.become: sudo/)
    expect(v.skip).toContain('you must be root')
  })

  test('neither tool installed: not judged, naming both', () => {
    const v = judge(full('full.netns-ufw.no-tools.txt'))
    expect(v.skip).toMatch(/^neither ip6tables-save nor nft is installed/)
    expect(v.skip).toContain('ip6tables-save -t filter: not installed')
    expect(v.skip).toContain('nft -j list ruleset: not installed')
  })
})

describe('conntrack: RELATED covers errors, never neighbour discovery', () => {
  test('default-drop input that accepts RELATED and ND/MLD from link-local sources passes (the trap)', () => {
    const v = judge(nft('stateful-nd'))
    expect(v).toMatchObject({ ok: true })
    expect(v.skip).toBeUndefined()
    expect(v.observed).toMatch(/errors \(1-4\) on input are accepted as RELATED.*conntrack tracks/)
  })

  test('default-drop input with RELATED but no ND rule drops ND and MLD by the policy, naming the chain', () => {
    const v = failed(nft('stateful-no-nd'))
    expect(v.observed).toBe(
      'input drops nd-router-solicit (133), nd-router-advert (134), nd-neighbor-solicit (135), nd-neighbor-advert (136), mld-listener-query (130), mld-listener-report (131), mld-listener-done (132), mld2-listener-report (143): the policy drop of table inet filter chain input',
    )
    expect(v.remedy).toContain(
      'nft insert rule inet filter input icmpv6 type { nd-router-solicit, nd-router-advert, nd-neighbor-solicit, nd-neighbor-advert } ip6 hoplimit 255 accept',
    )
    expect(v.remedy).toContain(
      'nft insert rule inet filter input ip6 saddr fe80::/10 icmpv6 type { mld-listener-query, mld-listener-report, mld-listener-done, mld2-listener-report } accept',
    )
  })

  test('on a forwarding host the same trap fails: forward has policy drop and no RELATED accept', () => {
    const v = failed(nft('stateful-nd', true))
    expect(v.observed).toBe(
      'forward drops destination-unreachable (1), packet-too-big (2), time-exceeded (3), parameter-problem (4): the policy drop of table inet filter chain forward',
    )
    expect(v.remedy).toContain(
      'nft insert rule inet filter forward icmpv6 type { destination-unreachable, packet-too-big, time-exceeded, parameter-problem } accept',
    )
  })
})

describe('rule order, tables, chains', () => {
  test('nft: Packet Too Big dropped by a rule before the RELATED accept', () => {
    const v = failed(nft('ptb-dropped'))
    expect(v.observed).toBe(
      'input drops packet-too-big (2): table inet filter chain input: icmpv6 type packet-too-big counter packets 0 bytes 0 drop',
    )
    expect(v.remedy).toMatch(/^nft insert rule inet filter input icmpv6 type \{ packet-too-big \} accept; /)
  })

  test('ip6tables (iptables-nft): the -A line drops PTB, though an nft table at a higher priority accepts all ICMPv6', () => {
    const v = failed(ipt('ptb-dropped'))
    expect(v.observed).toBe(
      'input drops packet-too-big (2): -A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 2 -m comment --comment "no PMTUD here" -j DROP',
    )
    expect(v.remedy).toMatch(/^ip6tables -I INPUT -p ipv6-icmp --icmpv6-type 2 -j ACCEPT; /)
    expect(v.evidence).toContain('table inet extra chain input (hook input, priority -10)')
  })

  test('a jump to a user chain that drops ICMPv6: RETURN for link-local, then hop limit 255 lets ND in, MLD meets the policy', () => {
    const v = failed(ipt('user-chain'))
    expect(v.observed).toBe(
      'input drops mld-listener-query (130), mld-listener-report (131), mld-listener-done (132), mld2-listener-report (143): the policy drop of INPUT',
    )
    expect(v.remedy).toContain('ip6tables -I INPUT -s fe80::/10 -p ipv6-icmp --icmpv6-type 130 -j ACCEPT')
  })

  test('verdict maps: meta l4proto vmap jumps, an anonymous icmpv6 vmap accepts ND, a named map drops PTB', () => {
    const v = failed(nft('vmap'))
    expect(v.observed).toBe(
      'input drops packet-too-big (2): table inet filter chain icmp_in: icmpv6 type vmap @icmp_policy',
    )
    expect(v.remedy).toMatch(/^nft insert rule inet filter icmp_in icmpv6 type \{ packet-too-big \} accept/)
  })

  test('an ip6 table with ct state vmap and ip6 nexthdr passes, forward included (RELATED)', () => {
    const v = judge(nft('ip6-table', true))
    expect(v).toMatchObject({ ok: true })
    expect(v.skip).toBeUndefined()
    expect(v.observed).toContain('table ip6 filter chain forward (hook forward, priority 0)')
  })

  test('two input base chains: an accept in inet filter does not bypass the reject in ip6 strict', () => {
    const v = failed(nft('two-base-chains'))
    expect(v.observed).toBe(
      'input drops packet-too-big (2), time-exceeded (3): table ip6 strict chain input: icmpv6 type { packet-too-big, time-exceeded } reject with icmpv6 port-unreachable',
    )
    expect(v.remedy).toMatch(/^nft insert rule ip6 strict input icmpv6 type \{ packet-too-big, time-exceeded \} accept/)
  })
})

describe('forwarding hosts', () => {
  test("Docker's FORWARD (policy drop, RELATED to docker0, all from docker0): errors pass for the flows it forwards", () => {
    const v = judge(ipt('docker-forward', true))
    expect(v).toMatchObject({ ok: true })
    expect(v.skip).toBeUndefined()
    expect(v.observed).toContain('errors (1-4) on forward are accepted as RELATED')
  })

  test('a FORWARD that accepts only TCP drops errors in transit, by its policy', () => {
    const v = failed(ipt('user-chain', true))
    expect(v.observed).toContain(
      'forward drops destination-unreachable (1), packet-too-big (2), time-exceeded (3), parameter-problem (4): the policy drop of FORWARD',
    )
  })
})

describe('what cannot be decided is said, not guessed', () => {
  test('a drop on one interface is a drop, said with the interface; a drop on a mark cannot be told', () => {
    const v = failed(nft('iface-drop'))
    expect(v.observed).toContain(
      'input drops packet-too-big (2): table inet filter chain input: iifname "eth1" icmpv6 type packet-too-big drop when arriving on eth1;',
    )
    expect(v.observed).toContain(
      'cannot tell for time-exceeded (3) on input: dropped by table inet filter chain input: mark 1 icmpv6 type time-exceeded drop if meta mark',
    )
    expect(v.remedy).toMatch(/^nft insert rule inet filter input icmpv6 type \{ packet-too-big \} accept/)
  })

  test('iptables-nft rules read from nft alone (no ip6tables-save): xt matches are named and the check is not judged', () => {
    const v = judge(recorded('ip6tables.ptb-dropped', undefined))
    expect(v.skip).toContain('iptables-nft match icmp6, which nft does not show')
    expect(v.skip).toContain('not read: ip6tables-save -t filter: not installed')
  })
})

describe('the firewall section feeds the container NAT reading too', () => {
  test("a container host's nft ruleset is read once, from the firewall section", () => {
    const sections = splitSections(fixture('firewall/full.netns-ufw.txt'), 'fixture1').sections
    const daemon = FIREWALL_PARTS.ip6tables.replace(/.*/, '/etc/docker/daemon.json')
    const hex = (s: string) => Buffer.from(s).toString('hex')
    const containers = `\n@@v6ready:fixture1:part:${hex(daemon)}@@\n{"ipv6": true}\n@@v6ready:fixture1:rc:0@@`
    const f = parseHostFacts({ ...sections, containers })
    expect(f.containers.ok && f.containers.value.nat.nft.read.state).toBe('ok')
  })
})
