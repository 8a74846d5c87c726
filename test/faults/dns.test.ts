// Faulty resolvers (issue 7, item 2): one full `v6ready run` asks seven resolvers on ::1 at once,
// each a real UDP+TCP DNS server with one fault, and must report each one on its own, at its
// deadline (2000 ms per query, UDP and the TCP retry together), with the cause in the message,
// while the good resolver's findings stay intact. Then the same target is observed in this process
// to prove that no socket outlives the observation.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { DnsResult } from '../../lib/dns/index.ts'
import type { UnderlayObservation } from '../../lib/observe/underlay-record.ts'
import { observeUnderlay } from '../../lib/observe/underlay.ts'
import { UNDERLAY_DEFAULTS } from '../../lib/observe/underlay-options.ts'
import { loadTargetsFile } from '../../lib/targets/load.ts'
import { resolveTarget } from '../../lib/targets/resolve.ts'
import type { Case } from '../integration/cli/cli.ts'
import { aaaa, startServer, type Behaviour, type TestServer } from '../unit/dns/dns-server.ts'
import { cliAsync, readReports, states, type CliRun, type Reports } from './cli-async.ts'
import { expectSocketsBack, openSockets } from './handles.ts'

const NAME = 'svc.fault.test'
const ADDR = '2001:db8:f::1'
/** What only the wrong-ID resolver ever sends: it must never be taken for an answer. */
const SPOOFED = '2001:db8:f::bad'
const DEADLINE = UNDERLAY_DEFAULTS.dnsTimeoutMs
// The deadline is an exact timer; the slack is for a 2-core box running other test files.
const SLACK = 600

const answer: Behaviour = (c) => c.send(c.type === 'AAAA' ? { answers: [aaaa(c.name, ADDR)] } : {})
/** UDP datagrams already lost, by query ID: the first copy of each query is dropped, a resend is answered. */
const lost = new Set<number>()

const RESOLVERS = {
  good: { behaviour: answer },
  lossy: {
    behaviour: ((c) => {
      if (c.transport === 'tcp' || lost.has(c.q.id ?? -1)) return answer(c)
      lost.add(c.q.id ?? -1)
    }) as Behaviour,
  },
  // Reads every query, UDP and TCP, and never answers: packets dropped on the way.
  drop: { behaviour: (() => {}) as Behaviour },
  // A well-formed answer to the right question, with the ID off by one (a blind spoofer, RFC 5452).
  'wrong-id': {
    behaviour: ((c) => c.send({ id: ((c.q.id ?? 0) + 1) & 0xffff, answers: [aaaa(c.name, SPOOFED)] })) as Behaviour,
  },
  // TC over UDP; over TCP it accepts the connection and reads the query, then says nothing.
  'tc-hang': { behaviour: ((c) => (c.transport === 'udp' ? c.send({ tc: true }) : undefined)) as Behaviour },
  // TC over UDP, and nothing listens on TCP.
  'tc-no-tcp': { behaviour: ((c) => c.send({ tc: true })) as Behaviour, tcp: false },
  servfail: { behaviour: ((c) => c.send({ rcode: 'SERVFAIL', aa: false })) as Behaviour },
} satisfies Record<string, { behaviour: Behaviour; tcp?: boolean }>
type Fault = keyof typeof RESOLVERS

describe('seven resolvers, six faults, one v6ready run', () => {
  const dir = mkdtempSync(join(tmpdir(), 'v6d-dns-'))
  const servers = {} as Record<Fault, TestServer>
  let run: CliRun
  let r: Reports
  let u: UnderlayObservation
  /** Queries each server received during the CLI run. */
  const received = {} as Record<Fault, { udp: number; tcp: number }>

  const label = (f: Fault) => `[::1]:${servers[f].port}`
  const verdict = (check: string, subject: string): Case | undefined =>
    r.cases.get(`v6ready.underlay.${subject.replaceAll('.', '_')} ${check} ${subject}`)
  const resolverV6 = (f: Fault) => verdict('underlay.dns.resolver-v6', label(f))
  const results = (f: Fault): DnsResult[] => [...u.dns, ...u.tcpOnly].filter((x) => x.server === label(f))

  beforeAll(async () => {
    for (const [f, s] of Object.entries(RESOLVERS) as [Fault, (typeof RESOLVERS)[Fault]][])
      servers[f] = await startServer(() => s.behaviour, 'tcp' in s ? { tcp: s.tcp } : {})
    writeFileSync(
      join(dir, 'targets.yaml'),
      `targets:
  faults:
    stack: ipv6-only
    prefixes: ["2001:db8:f::/48"]
    dns:
      resolvers: [${Object.keys(RESOLVERS)
        .map((f) => `"${label(f as Fault)}"`)
        .join(', ')}]
      names: [${NAME}]
`,
    )
    run = await cliAsync([
      'run',
      '--targets',
      join(dir, 'targets.yaml'),
      '--target',
      'faults',
      '--report-dir',
      join(dir, 'reports'),
    ])
    for (const f of Object.keys(servers) as Fault[])
      received[f] = { udp: servers[f].stats.udp, tcp: servers[f].stats.tcp }
    r = readReports(join(dir, 'reports'))
    if (!r.observations.underlay) throw new Error('no underlay observation')
    u = r.observations.underlay
  }, 90_000)
  afterAll(async () => {
    await Promise.all(Object.values(servers).map((s) => s.close()))
    rmSync(dir, { recursive: true, force: true })
  })

  test('the run ends by itself with exit 1, within its deadlines, and writes well-formed reports', () => {
    expect(run.signal, run.stderr).toBeNull()
    expect(run.status, run.stderr).toBe(1)
    // Two rounds of queries one after the other (AAAA and A, then the TCP-only check), each
    // bounded by one deadline however many resolvers fail.
    expect(u.durationMs).toBeLessThan(2 * DEADLINE + SLACK)
    expect(run.ms).toBeLessThan(45_000)
    for (const x of [...u.dns, ...u.tcpOnly]) expect(x.ms, `${x.server} ${x.type}`).toBeLessThan(DEADLINE + SLACK)
  })

  test('every resolver is judged on its own, and the good one is not blamed', () => {
    const subject = (f: Fault) => `underlay.dns.resolver-v6 ${label(f)}`
    expect(states(r.cases)).toEqual({
      [subject('good')]: 'passed',
      [subject('lossy')]: 'passed',
      [subject('drop')]: 'failed',
      [subject('wrong-id')]: 'failed',
      [subject('tc-hang')]: 'failed',
      [subject('tc-no-tcp')]: 'failed',
      [subject('servfail')]: 'failed',
      [`underlay.dns.aaaa ${NAME}`]: 'failed',
      [`underlay.dns.no-orphan-a ${NAME}`]: 'passed',
      [`underlay.dns.aaaa-scope ${NAME}`]: 'passed',
      // The good and the lossy resolver answered, with the same set.
      [`underlay.dns.consistent ${NAME}`]: 'passed',
    })
  })

  test('dns.aaaa: one finding that names each failing resolver with its cause', () => {
    const m = verdict('underlay.dns.aaaa', NAME)?.message ?? ''
    expect(m).toContain(`${label('good')}: AAAA ${ADDR}`)
    expect(m).toContain(`${label('lossy')}: AAAA ${ADDR}`)
    expect(m).toContain(
      `${label('drop')}: timeout: no reply within the ${DEADLINE} ms deadline (the query was sent 3 times)`,
    )
    expect(m).toContain(
      `${label('wrong-id')}: timeout: no reply within the ${DEADLINE} ms deadline (the query was sent 3 times; ignored 3 messages with another ID (RFC 5452 §9.1))`,
    )
    expect(m).toContain(
      `${label('tc-hang')}: tcp-failed: UDP reply truncated (TC), TCP retry failed: timeout: no reply within the ${DEADLINE} ms deadline (the TCP connection was open)`,
    )
    expect(m).toContain(
      `${label('tc-no-tcp')}: tcp-failed: UDP reply truncated (TC), TCP retry failed: refused: connect ECONNREFUSED`,
    )
    expect(m).toContain(`${label('servfail')}: SERVFAIL`)
    const fix = m.slice(m.indexOf('. Fix: '))
    for (const f of ['drop', 'wrong-id', 'tc-hang', 'tc-no-tcp', 'servfail'] as const) expect(fix).toContain(label(f))
    for (const f of ['good', 'lossy'] as const) expect(fix).not.toContain(label(f))
  })

  test('a resolver that drops every packet: timeout at the deadline over UDP (sent 3 times) and over TCP', () => {
    const c = resolverV6('drop')
    expect(c?.state).toBe('failed')
    expect(c?.message).toContain(
      `UDP: timeout: no reply within the ${DEADLINE} ms deadline (the query was sent 3 times) (2 queries); TCP: timeout: no reply within the ${DEADLINE} ms deadline (the TCP connection was open) (1 query)`,
    )
    for (const x of results('drop')) expect(x.ms).toBeGreaterThanOrEqual(DEADLINE - 10)
    // AAAA and A, three sends each; one TCP query. Nothing more, nothing after the deadline.
    expect(received.drop).toEqual({ udp: 6, tcp: 1 })
  })

  test('a resolver that loses the first datagram of each query: the resend is answered, and it passes', () => {
    expect(resolverV6('lossy')?.state).toBe('passed')
    const udp = results('lossy').filter((x) => x.transport === 'udp')
    expect(udp.map((x) => x.ok && x.rcode)).toEqual(['NOERROR', 'NOERROR'])
    // Answered after a resend (the first comes a third of the deadline in), never at the deadline.
    for (const x of udp) expect(x.ms).toBeGreaterThanOrEqual(DEADLINE / 3 - 10)
    for (const x of udp) expect(x.ms).toBeLessThan(DEADLINE)
    // Two sends per query (AAAA and A), a third only if the box stalled past the next resend.
    expect(received.lossy.udp).toBeGreaterThanOrEqual(4)
    expect(received.lossy.udp).toBeLessThanOrEqual(6)
    expect(received.lossy.tcp).toBe(1)
  })

  test('a resolver that answers with the wrong ID: never taken for the answer, and the timeout says why', () => {
    const c = resolverV6('wrong-id')
    expect(c?.state).toBe('failed')
    expect(c?.message).toContain(
      `UDP: timeout: no reply within the ${DEADLINE} ms deadline (the query was sent 3 times; ignored 3 messages with another ID (RFC 5452 §9.1)) (2 queries); ` +
        `TCP: timeout: no reply within the ${DEADLINE} ms deadline (the TCP connection was open; ignored 1 message with another ID (RFC 5452 §9.1)) (1 query)`,
    )
    expect(results('wrong-id').every((x) => !x.ok)).toBe(true)
    expect(JSON.stringify(r.observations)).not.toContain(SPOOFED)
  })

  test('a resolver that sets TC and never answers over TCP: UDP counts as answering, TCP fails at the one deadline', () => {
    const c = resolverV6('tc-hang')
    expect(c?.state).toBe('failed')
    expect(c?.message).toContain(
      `UDP: answers; TCP: timeout: no reply within the ${DEADLINE} ms deadline (the TCP connection was open) (1 query)`,
    )
    expect(c?.message).toContain('RFC 7766 makes DNS over TCP mandatory')
    const retried = results('tc-hang').filter((x) => !x.ok && x.error === 'tcp-failed')
    expect(retried).toHaveLength(2)
    // UDP and the TCP retry share one deadline: the retry does not get a deadline of its own.
    for (const x of retried) expect(x.ms).toBeLessThan(DEADLINE + SLACK)
  })

  test('a resolver that sets TC and has no TCP at all: refused at once, not at the deadline', () => {
    const c = resolverV6('tc-no-tcp')
    expect(c?.state).toBe('failed')
    expect(c?.message).toMatch(/UDP: answers; TCP: refused: connect ECONNREFUSED \S+ \(1 query\)/)
    for (const x of results('tc-no-tcp')) expect(x.ms).toBeLessThan(DEADLINE / 2)
  })

  test('a resolver that returns SERVFAIL: failed with the rcode in the message, at once', () => {
    const c = resolverV6('servfail')
    expect(c?.state).toBe('failed')
    expect(c?.message).toContain('UDP: SERVFAIL (2 queries); TCP: SERVFAIL (1 query)')
    for (const x of results('servfail')) expect(x.ms).toBeLessThan(DEADLINE / 2)
  })

  test('in this process, the same observation leaves no socket open and gives the same results', async () => {
    const target = resolveTarget(loadTargetsFile(join(dir, 'targets.yaml')), 'faults')
    const baseline = openSockets().length
    const t0 = performance.now()
    const again = await observeUnderlay(target)
    expect(performance.now() - t0).toBeLessThan(2 * DEADLINE + SLACK)
    await expectSocketsBack(baseline, () => Object.values(servers).every((s) => s.openConnections() === 0))
    const outcome = (o: UnderlayObservation) =>
      [...o.dns, ...o.tcpOnly].map((x) => `${x.server} ${x.type} ${x.ok ? x.rcode : x.error}`)
    expect(outcome(again)).toEqual(outcome(u))
  }, 15_000)
})
