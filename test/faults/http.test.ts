// Faulty endpoints (issue 7, item 3): one full `v6ready run` probes ten endpoints on ::1 at once,
// real HTTP(S) servers with one fault each, and must report each one on its own, within the probe
// deadline (5000 ms per connect or request), with the cause in the message, while the good
// endpoints and the DNS findings stay intact. Then the same target is observed in this process to
// prove that no socket outlives the observation. The PKI is made by openssl for this run.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import type net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { HttpProbeResult } from '../../lib/http/index.ts'
import type { EndpointObservation, UnderlayObservation } from '../../lib/observe/underlay-record.ts'
import { observeUnderlay } from '../../lib/observe/underlay.ts'
import { UNDERLAY_DEFAULTS } from '../../lib/observe/underlay-options.ts'
import { loadTargetsFile } from '../../lib/targets/load.ts'
import { resolveTarget } from '../../lib/targets/resolve.ts'
import type { Case } from '../integration/cli/cli.ts'
import { aaaa, startServer, type TestServer } from '../unit/dns/dns-server.ts'
import { makeLabPki, type LabPki } from '../unit/http/lab-pki.ts'
import { serveHttp, serveHttps, serveTcp, type Served } from '../unit/http/servers.ts'
import { cliAsync, readReports, states, type CliRun, type Reports } from './cli-async.ts'
import { expectSocketsBack, openSockets } from './handles.ts'

const DEADLINE = UNDERLAY_DEFAULTS.probeTimeoutMs
const BODY_CAP = UNDERLAY_DEFAULTS.maxBodyBytes
const SLACK = 600
const GiB = 2 ** 30
const WRONG_NAME = 'wrong.fault.test'

/** A status line and headers that would be complete after 41 s, one byte a second. */
const DRIP = Buffer.from('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok')
/** Per connection to the drip server: bytes written before the client hung up. */
const dripped: number[] = []
/** Per response of the 1 GiB server: bytes handed to the socket, and whether the client hung up. */
const huge: { written: number; closed: boolean }[] = []

const hello = (_req: unknown, res: { end(s: string): void }) => res.end('hello')

describe('ten endpoints, eight faults, one v6ready run', () => {
  const dir = mkdtempSync(join(tmpdir(), 'v6d-http-'))
  const srv: Record<string, Served> = {}
  let dns: TestServer
  let pki: LabPki
  let run: CliRun
  let r: Reports
  let u: UnderlayObservation
  /** Each server's counters after the CLI run. */
  const seen: Record<string, { connections: number; requests: number }> = {}
  let drippedInRun: number[] = []
  let hugeInRun: typeof huge = []

  const verdict = (check: string, endpoint: string): Case | undefined =>
    r.cases.get(`v6ready.underlay.${endpoint} ${check} ${endpoint}`)
  const endpoint = (name: string): EndpointObservation => {
    const e = u.endpoints.find((x) => x.name === name)
    if (!e) throw new Error(`no observation of ${name}`)
    return e
  }
  const http = (name: string): HttpProbeResult => {
    const h = endpoint(name).http
    if (!h) throw new Error(`${name} was not requested`)
    return h
  }

  beforeAll(async () => {
    pki = await makeLabPki()
    writeFileSync(join(dir, 'ca.pem'), pki.ca.cert)
    // Every name is at ::1, and has no A: the target is IPv6-only.
    dns = await startServer(() => (c) => c.send(c.type === 'AAAA' ? { answers: [aaaa(c.name, '::1')] } : {}))
    // Accepts, reads the request, never answers.
    srv.silent = await serveTcp('::1')
    // Slowloris on the client: the response one byte a second.
    srv.drip = await serveTcp('::1', (s: net.Socket) => {
      const at = dripped.push(0) - 1
      const t = setInterval(() => {
        const i = dripped[at] ?? 0
        if (i < DRIP.length) s.write(DRIP.subarray(i, i + 1))
        dripped[at] = i + 1
      }, 1000)
      s.once('close', () => clearInterval(t))
    })
    // Redirects to itself, forever.
    srv.loop = await serveHttp('::1', (_req, res) =>
      res.writeHead(302, { location: `http://[::1]:${srv.loop?.port}/` }).end(),
    )
    // 1 GiB announced and sent as fast as the client takes it.
    srv.huge = await serveHttp('::1', (_req, res) => {
      const me = { written: 0, closed: false }
      huge.push(me)
      res.once('close', () => (me.closed = true))
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(GiB) })
      const chunk = Buffer.alloc(64 * 1024, 'x')
      const pump = () => {
        while (!res.destroyed && me.written < GiB) {
          me.written += chunk.length
          if (!res.write(chunk)) return void res.once('drain', pump)
        }
        if (!res.destroyed) res.end()
      }
      pump()
    })
    srv.good = await serveHttp('::1', hello)
    srv.expired = await serveHttps('::1', pki.expired, hello)
    // The certificate names api.lab.test and ::1; the URL asks for wrong.fault.test.
    srv.wrongName = await serveHttps('::1', pki.leaf, hello)
    // Signed by the intermediate, which the server does not send.
    srv.noIntermediate = await serveHttps('::1', pki.leafViaIntermediate, hello)
    srv.goodTls = await serveHttps(
      '::1',
      { key: pki.leafViaIntermediate.key, cert: pki.leafViaIntermediate.cert + pki.intermediate.cert },
      hello,
    )
    const at = (k: string) => `[::1]:${srv[k]?.port}`
    writeFileSync(
      join(dir, 'targets.yaml'),
      `targets:
  faults:
    stack: ipv6-only
    prefixes: ["::1/128"]
    dns: { resolvers: ["[::1]:${dns.port}"] }
    tls: { ca: ./ca.pem, min_days_valid: 1 }
    endpoints:
      - { name: silent, url: "http://${at('silent')}/" }
      - { name: drip, url: "http://${at('drip')}/" }
      - { name: loop, url: "http://${at('loop')}/" }
      - { name: loop-strict, url: "http://${at('loop')}/", expect_status: [200] }
      - { name: huge, url: "http://${at('huge')}/" }
      - { name: good, url: "http://${at('good')}/" }
      - { name: expired, url: "https://${at('expired')}/" }
      - { name: wrong-name, url: "https://${WRONG_NAME}:${srv.wrongName?.port}/" }
      - { name: no-intermediate, url: "https://${at('noIntermediate')}/" }
      - { name: good-tls, url: "https://${at('goodTls')}/" }
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
    for (const [k, s] of Object.entries(srv)) seen[k] = { connections: s.connections, requests: s.requests }
    drippedInRun = [...dripped]
    hugeInRun = huge.map((h) => ({ ...h }))
    r = readReports(join(dir, 'reports'))
    if (!r.observations.underlay) throw new Error('no underlay observation')
    u = r.observations.underlay
  }, 90_000)
  afterAll(async () => {
    await Promise.all(Object.values(srv).map((s) => s.close()))
    await dns?.close()
    await pki?.cleanup()
    rmSync(dir, { recursive: true, force: true })
  })

  test('the run ends by itself with exit 1, within the probe deadline, and writes well-formed reports', () => {
    expect(run.signal, run.stderr).toBeNull()
    expect(run.status, run.stderr).toBe(1)
    // The endpoints are probed side by side: the slowest costs one deadline, not one each.
    expect(u.durationMs).toBeLessThan(DEADLINE + 2000)
    expect(run.ms).toBeLessThan(45_000)
    for (const e of u.endpoints) {
      for (const t of e.tcp) expect(t.ms, e.name).toBeLessThan(DEADLINE)
      expect(e.http?.timings.totalMs, e.name).toBeLessThan(DEADLINE + SLACK)
    }
  })

  test('every endpoint is judged on its own, and the good ones and the DNS findings are intact', () => {
    const four = (name: string, http: Case['state'], tls?: Case['state']) => ({
      [`underlay.endpoint.tcp-v6 ${name}`]: 'passed',
      [`underlay.endpoint.http-v6 ${name}`]: http,
      ...(tls && { [`underlay.endpoint.tls ${name}`]: tls }),
      [`underlay.endpoint.url-format ${name}`]: 'passed',
    })
    expect(states(r.cases)).toEqual({
      ...four('silent', 'failed'),
      ...four('drip', 'failed'),
      ...four('loop', 'passed'),
      ...four('loop-strict', 'failed'),
      ...four('huge', 'passed'),
      ...four('good', 'passed'),
      ...four('expired', 'skipped', 'failed'),
      ...four('wrong-name', 'skipped', 'failed'),
      ...four('no-intermediate', 'skipped', 'failed'),
      ...four('good-tls', 'passed', 'passed'),
      [`underlay.dns.resolver-v6 [::1]:${dns.port}`]: 'passed',
      [`underlay.dns.aaaa ${WRONG_NAME}`]: 'passed',
      [`underlay.dns.no-orphan-a ${WRONG_NAME}`]: 'passed',
      [`underlay.dns.aaaa-scope ${WRONG_NAME}`]: 'passed',
      [`underlay.dns.consistent ${WRONG_NAME}`]: 'passed',
    })
  })

  test('an endpoint that accepts and never answers: http-v6 fails with a timeout in the headers phase, at the deadline', () => {
    expect(verdict('underlay.endpoint.http-v6', 'silent')?.message).toContain(
      `observed timeout in the headers phase: no complete answer within ${DEADLINE} ms. Fix: the connection was accepted but no response came`,
    )
    const h = http('silent')
    expect(h).toMatchObject({ ok: false, family: 'IPv6', error: { code: 'timeout', phase: 'headers' } })
    expect(h.timings.totalMs).toBeGreaterThanOrEqual(DEADLINE - 10)
  })

  test('headers one byte a second (slowloris): the trickle does not extend the deadline', () => {
    expect(verdict('underlay.endpoint.http-v6', 'drip')?.message).toContain(
      `observed timeout in the headers phase: no complete answer within ${DEADLINE} ms`,
    )
    const h = http('drip')
    expect(h).toMatchObject({ ok: false, error: { code: 'timeout', phase: 'headers' } })
    expect(h.status).toBeUndefined()
    expect(h.timings.totalMs).toBeGreaterThanOrEqual(DEADLINE - 10)
    // Two connections (tcp-v6, then the request); the request's got about five bytes, then the hang-up.
    expect(drippedInRun).toHaveLength(2)
    expect(Math.max(...drippedInRun)).toBeLessThanOrEqual(DEADLINE / 1000 + 1)
  })

  test('a redirect loop: one request, the Location recorded and not followed; 302 passes unless expect_status says otherwise', () => {
    expect(seen.loop?.requests).toBe(2) // loop and loop-strict, one each
    const location = `http://[::1]:${srv.loop?.port}/`
    expect(http('loop')).toMatchObject({ ok: true, status: 302, headers: { location } })
    expect(http('loop').timings.totalMs).toBeLessThan(DEADLINE / 2)
    expect(verdict('underlay.endpoint.http-v6', 'loop-strict')?.message).toContain(
      `expected HTTP 200 over IPv6, observed HTTP 302 (location: ${location}). Fix: the endpoint redirects to ${location}: put the final URL in the targets file, or list 302 in expect_status`,
    )
  })

  test('a 1 GiB body: only the first 4 KiB are read, then the connection is closed', () => {
    expect(http('huge')).toMatchObject({ ok: true, status: 200, body: { bytes: BODY_CAP, truncated: true } })
    expect(http('huge').timings.totalMs).toBeLessThan(DEADLINE / 2)
    expect(hugeInRun).toHaveLength(1)
    // What the server got rid of is what the socket buffers held when the client hung up.
    expect(hugeInRun[0]?.closed).toBe(true)
    expect(hugeInRun[0]?.written).toBeLessThan(64 * 2 ** 20)
  })

  test('an expired certificate: tls fails with CERT_HAS_EXPIRED and the date; no request is sent', () => {
    const m = verdict('underlay.endpoint.tls', 'expired')?.message
    expect(m).toContain(
      'observed verification failed with CERT_HAS_EXPIRED; O=v6ready lab, CN=api.lab.test expired on 2020-01-02T00:00:00.000Z',
    )
    expect(m).toContain('Fix: renew the certificate')
    expect(verdict('underlay.endpoint.http-v6', 'expired')?.message).toBe(
      'TLS did not verify, see underlay.endpoint.tls',
    )
    expect(http('expired').tls).toMatchObject({
      verified: false,
      error: { code: 'CERT_HAS_EXPIRED' },
      chainSource: 'evidence-handshake',
    })
    expect(seen.expired?.requests).toBe(0)
  })

  test('a certificate for another name: tls fails naming the SANs it has and the name it lacks', () => {
    const m = verdict('underlay.endpoint.tls', 'wrong-name')?.message
    expect(m).toContain(
      `observed verification failed with ERR_TLS_CERT_ALTNAME_INVALID; the certificate's SANs (DNS:api.lab.test, IP:::1) do not cover ${WRONG_NAME}. Fix: reissue the certificate with subjectAltName DNS:${WRONG_NAME}`,
    )
    expect(http('wrong-name').tls).toMatchObject({ verified: false, identity: WRONG_NAME, servername: WRONG_NAME })
    expect(seen.wrongName?.requests).toBe(0)
  })

  test('a chain missing its intermediate: tls fails naming the issuer that does not chain, and says to serve the intermediates', () => {
    const m = verdict('underlay.endpoint.tls', 'no-intermediate')?.message
    expect(m).toContain(
      'observed issued by O=v6ready lab, CN=v6ready lab intermediate, which does not chain to tls.ca (UNABLE_TO_VERIFY_LEAF_SIGNATURE)',
    )
    expect(m).toContain('serve its intermediates with it')
    expect(http('no-intermediate').tls?.chain).toHaveLength(1)
    expect(seen.noIntermediate?.requests).toBe(0)
    // The same leaf with its intermediate sent along verifies: the fault is the missing certificate.
    expect(http('good-tls').tls).toMatchObject({ verified: true })
    expect(http('good-tls').tls?.chain).toHaveLength(3)
  })

  test('in this process, the same observation leaves no socket open, on either side', async () => {
    const target = resolveTarget(loadTargetsFile(join(dir, 'targets.yaml')), 'faults')
    const baseline = openSockets().length
    const t0 = performance.now()
    const again = await observeUnderlay(target)
    expect(performance.now() - t0).toBeLessThan(DEADLINE + 2000)
    await expectSocketsBack(
      baseline,
      () => dns.openConnections() === 0 && Object.values(srv).every((s) => s.sockets.size === 0),
    )
    const outcome = (o: UnderlayObservation) =>
      o.endpoints.map(
        (e) => `${e.name} ${e.http?.status ?? '-'} ${e.http?.error?.code ?? e.http?.tls?.error?.code ?? 'ok'}`,
      )
    expect(outcome(again)).toEqual(outcome(u))
    // The 1 GiB server was left with its response cut short again.
    expect(huge.at(-1)).toMatchObject({ closed: true })
    expect(huge.at(-1)?.written).toBeLessThan(64 * 2 ** 20)
  }, 15_000)
})
