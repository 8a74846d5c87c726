// Records as the vitest reporter hands them over: one of each state, plus a waived finding.
import type { RunInfo, TestRecord } from '../../../lib/report/record.ts'
import { fail, pass, skipped } from '../../../lib/verdict.ts'

export const info: RunInfo = {
  target: 'lab1',
  runId: 'r20250501-1',
  startedAt: '2025-05-01T10:00:00.000+02:00',
  durationMs: 12_345,
  reportDir: 'reports/lab1',
}

const acceptRa = fail({
  check: 'hosts.sysctl.accept-ra',
  subject: 'cmp1:eth0',
  expected: 'accept_ra effective (accept_ra=2 or 1 with forwarding=0)',
  observed: 'accept_ra=1, forwarding=1: RAs ignored',
  remedy: 'set net.ipv6.conf.eth0.accept_ra=2',
  evidence: 'net.ipv6.conf.eth0.accept_ra = 1\nnet.ipv6.conf.eth0.forwarding = 1',
  where: { host: 'cmp1', interface: 'eth0', address: '2001:db8::10', family: 'IPv6' },
})

export const records: TestRecord[] = [
  {
    suite: 'hosts',
    group: 'cmp1.lab1.example.net',
    check: 'hosts.sysctl.accept-ra',
    name: 'hosts.sysctl.accept-ra eth0',
    state: 'failed',
    verdict: acceptRa,
    message:
      'cmp1:eth0: expected accept_ra effective, observed accept_ra=1, forwarding=1. Fix: set net.ipv6.conf.eth0.accept_ra=2',
    body: acceptRa.evidence,
    durationMs: 8.4834679,
  },
  {
    suite: 'hosts',
    group: 'cmp1.lab1.example.net',
    check: 'hosts.disable-ipv6',
    name: 'hosts.disable-ipv6 eth0',
    state: 'passed',
    verdict: pass({
      check: 'hosts.disable-ipv6',
      subject: 'cmp1:eth0',
      expected: '0',
      observed: '0',
      where: { host: 'cmp1', interface: 'eth0' },
    }),
    durationMs: 0.0000001,
  },
  {
    suite: 'hosts',
    group: 'cmp1.lab1.example.net',
    check: 'hosts.listeners.ipv6',
    name: 'hosts.listeners.ipv6 all',
    state: 'skipped',
    verdict: skipped('hosts.listeners.ipv6', 'cmp1', 'ss not installed on cmp1'),
    message: 'ss not installed on cmp1',
    durationMs: 1,
  },
  {
    suite: 'hosts',
    group: 'ctl1',
    check: 'hosts.listeners.ipv6',
    name: 'hosts.listeners.ipv6 5672',
    state: 'skipped',
    verdict: fail({
      check: 'hosts.listeners.ipv6',
      subject: 'ctl1:5672',
      expected: 'listens on IPv6',
      observed: '0.0.0.0:5672 only',
      remedy: 'bind rabbitmq to [::]',
    }),
    message: 'waived: LP#1460177 (until 2027-01-31)',
    waiver: { reason: 'LP#1460177', expires: '2027-01-31' },
    durationMs: 2,
  },
  {
    suite: 'underlay',
    group: 'keystone-public',
    check: 'underlay.http.reachable',
    name: 'underlay.http.reachable keystone-public',
    state: 'passed',
    verdict: pass({
      check: 'underlay.http.reachable',
      subject: 'keystone-public',
      expected: '2xx over IPv6',
      observed: '200 from [2001:db8::5]:5000',
      where: { address: '2001:db8::5', family: 'IPv6' },
    }),
    durationMs: 120.5,
  },
]

/** n failures of one check on n hosts, all cleared by the same remedy. */
export function sameRemedy(n: number, remedy = 'set net.ipv6.conf.all.disable_ipv6=0'): TestRecord[] {
  return Array.from({ length: n }, (_, i) => {
    const v = fail({ check: 'hosts.disable-ipv6', subject: `cmp${i + 1}`, expected: '0', observed: '1', remedy })
    return {
      suite: 'hosts',
      group: `cmp${i + 1}`,
      check: v.check,
      name: `${v.check} all`,
      state: 'failed',
      verdict: v,
      durationMs: 1,
    } satisfies TestRecord
  })
}
