// "What to fix" groups by check and remedy template: a remedy names its own interface, address or
// port, so grouping by its text never grouped anything (29 findings gave 29 remedies).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { codeSpans, fixGroups } from '../../../lib/report/fixes.ts'
import type { TestRecord } from '../../../lib/report/record.ts'
import type { Results } from '../../../lib/report/trend.ts'
import { fail, type Where } from '../../../lib/verdict.ts'

const record = (check: string, subject: string, remedy: string, where: Where = {}): TestRecord => {
  const v = fail({ check, subject, expected: 'e', observed: 'o', remedy, where })
  return {
    suite: check.startsWith('hosts.') ? 'hosts' : 'underlay',
    group: subject.split(':')[0] ?? subject,
    check,
    name: check,
    state: 'failed',
    verdict: v,
    durationMs: 0,
  }
}

/** 40 compute hosts with accept_ra 1 while forwarding, on interfaces of two names. */
const fleet = Array.from({ length: 40 }, (_, i) => {
  const ifn = i % 2 ? 'eth0' : 'ens3'
  return record(
    'hosts.sysctl.accept-ra',
    `cmp${i + 1}:${ifn}`,
    `sysctl -w net.ipv6.conf.${ifn}.accept_ra=2 (forwarding hosts need 2; 1 is ignored while forwarding is on)`,
    { host: `cmp${i + 1}`, interface: ifn },
  )
})

describe('fixGroups', () => {
  test('one fix for 40 hosts is one entry, its interface a placeholder', () => {
    const groups = fixGroups(fleet)
    expect(groups).toHaveLength(1)
    expect(groups[0]).toMatchObject({
      check: 'hosts.sysctl.accept-ra',
      template:
        'sysctl -w net.ipv6.conf.<if>.accept_ra=2 (forwarding hosts need 2; 1 is ignored while forwarding is on)',
      varies: true,
    })
    expect(groups[0]?.records.map((r) => r.verdict?.subject).slice(0, 3)).toEqual([
      'cmp1:ens3',
      'cmp2:eth0',
      'cmp3:ens3',
    ])
  })

  test('ports, line numbers and addresses are placeholders too; shared words stay', () => {
    const ports = [8776, 5000, 9696].map((p, i) =>
      record(
        'hosts.listeners.reachable',
        `ctl${i}:${p}`,
        `open TCP ${p} for IPv6 (ip6tables/nftables, security group) and check that the service binds ::`,
        { host: `ctl${i}`, address: `2001:db8::${i + 1}` },
      ),
    )
    expect(fixGroups(ports).map((g) => g.template)).toEqual([
      'open TCP <n> for IPv6 (ip6tables/nftables, security group) and check that the service binds ::',
    ])
    const tls = ['2001:db8::11', '2001:db8::12'].map((a, i) =>
      record(
        'underlay.endpoint.tls',
        `ep${i}`,
        `reissue the certificate with subjectAltName IP:${a} (an IP-literal URL needs an IP SAN)`,
        { address: a },
      ),
    )
    expect(fixGroups(tls).map((g) => g.template)).toEqual([
      'reissue the certificate with subjectAltName IP:<address> (an IP-literal URL needs an IP SAN)',
    ])
  })

  test('different fixes for one check stay apart: accept_ra=0 on a forbidden interface is not accept_ra=2', () => {
    const groups = fixGroups([
      ...fleet,
      record('hosts.sysctl.accept-ra', 'ctl:eth1', 'sysctl -w net.ipv6.conf.eth1.accept_ra=0', {
        host: 'ctl',
        interface: 'eth1',
      }),
    ])
    expect(groups.map((g) => [g.records.length, g.template])).toEqual([
      [40, 'sysctl -w net.ipv6.conf.<if>.accept_ra=2 (forwarding hosts need 2; 1 is ignored while forwarding is on)'],
      [1, 'sysctl -w net.ipv6.conf.eth1.accept_ra=0'],
    ])
    expect(groups[1]?.varies).toBe(false)
  })

  test('ordered by the number of subjects, then severity (a smoke check first), then the catalog', () => {
    const groups = fixGroups([
      record('hosts.sysctl.redirects', 'a:eth0', 'sysctl -w net.ipv6.conf.eth0.accept_redirects=0', {
        host: 'a',
        interface: 'eth0',
      }),
      record('hosts.reach.ssh', 'b', 'start sshd on b'),
      ...[1, 2].map((i) =>
        record('hosts.addr.link-local', `c${i}:eth0`, 'give the interface a link-local address', {
          host: `c${i}`,
          interface: 'eth0',
        }),
      ),
    ])
    expect(groups.map((g) => g.check)).toEqual(['hosts.addr.link-local', 'hosts.reach.ssh', 'hosts.sysctl.redirects'])
  })

  test("the seeded-fault lab's 29 findings: grouped by check, each with its own fix", () => {
    const results = JSON.parse(
      readFileSync(join(import.meta.dirname, '../../fixtures/report/lab-faults.results.json'), 'utf8'),
    ) as Results
    const groups = fixGroups(results.records)
    expect(groups.reduce((n, g) => n + g.records.length, 0)).toBe(29)
    // With the lab's 40 compute hosts beside it, cmp's accept_ra fix joins theirs.
    const merged = fixGroups([...results.records, ...fleet])
    expect(merged[0]?.records.map((r) => r.verdict?.subject)).toContain('cmp:eth0')
    expect(merged[0]?.records).toHaveLength(41)
    expect(merged).toHaveLength(groups.length)
  })
})

describe('codeSpans: commands set as code', () => {
  const code = (remedy: string) =>
    codeSpans(remedy)
      .filter((s) => s.code)
      .map((s) => s.text)

  test.for([
    [
      'open TCP 53 on 2001:db8::54 (ip6tables -I INPUT -p tcp --dport 53 -j ACCEPT): RFC 7766',
      ['ip6tables -I INPUT -p tcp --dport 53 -j ACCEPT'],
    ],
    [
      'add a default route (ip -6 route add default via fe80::1 dev <if>) or accept RAs',
      ['ip -6 route add default via fe80::1 dev <if>'],
    ],
    [
      'sysctl -w net.ipv6.conf.eth0.accept_ra=2 (forwarding hosts need 2)',
      ['sysctl -w net.ipv6.conf.eth0.accept_ra=2'],
    ],
    ['ip link set tun0 mtu 1500 and set net.ipv6.conf.tun0.mtu to at least 1280', ['ip link set tun0 mtu 1500']],
    [
      "compare the zone's SOA serial at each resolver (dig @<resolver> <zone> SOA): a stale secondary",
      ['dig @<resolver> <zone> SOA'],
    ],
    [
      "openstack endpoint set --url 'http://[<IPv6 address>]:5000/v3' <endpoint-id> (see the list)",
      ["openstack endpoint set --url 'http://[<IPv6 address>]:5000/v3' <endpoint-id>"],
    ],
    ['remove `precedence ::ffff:0:0/96 100` (IPv4 first) from /etc/gai.conf', ['precedence ::ffff:0:0/96 100']],
    ['open TCP 8776 for IPv6 (ip6tables/nftables, security group)', []],
    ['stop the leak with net.ipv6.conf.eth1.accept_ra=0 and autoconf=0', []],
  ] as const)('%s', ([remedy, want]) => {
    expect(code(remedy)).toEqual(want)
    expect(
      codeSpans(remedy)
        .map((s) => s.text)
        .join(''),
    ).toBe(remedy.replaceAll('`', ''))
  })
})
