// httpProbe over TLS against real servers on ::1, with a PKI made by openssl for this run: the chain
// verifies against the given CA alone, and every failure keeps its OpenSSL code and the chain.
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { httpProbe, tlsFindings } from '../../../lib/http/index.ts'
import { makeLabPki, type LabPki } from './lab-pki.ts'
import { expectNoLeakedSockets, serveHttps, serveTcp, socketHandles, type Served } from './servers.ts'

const repo = fileURLToPath(new URL('../../../', import.meta.url))
const DAY = 86_400_000

let pki: LabPki
const srv: Record<string, Served> = {}
let baseline = 0

beforeAll(async () => {
  pki = await makeLabPki()
  const hello = (_req: unknown, res: { end(s: string): void }) => res.end('secure hello')
  const serve = (key: string, ...certs: string[]) => serveHttps('::1', { key, cert: certs.join('') }, hello)
  srv.good = await serve(pki.leaf.key, pki.leaf.cert)
  srv.noIp = await serve(pki.leafNoIp.key, pki.leafNoIp.cert)
  srv.fullChain = await serve(pki.leafViaIntermediate.key, pki.leafViaIntermediate.cert, pki.intermediate.cert)
  srv.noIntermediate = await serve(pki.leafViaIntermediate.key, pki.leafViaIntermediate.cert)
  srv.expired = await serve(pki.expired.key, pki.expired.cert)
  srv.otherCa = await serve(pki.leafOtherCa.key, pki.leafOtherCa.cert)
  srv.otherCaWithRoot = await serve(pki.leafOtherCa.key, pki.leafOtherCa.cert, pki.otherCa.cert)
  srv.silent = await serveTcp('::1')
})
afterAll(async () => {
  for (const s of Object.values(srv)) await s.close()
  await pki?.cleanup()
})
beforeEach(() => {
  for (const s of Object.values(srv)) {
    s.connections = 0
    s.requests = 0
  }
  baseline = socketHandles()
})
afterEach(() => expectNoLeakedSockets(baseline))

const port = (name: string) => srv[name]?.port ?? 0
const literal = (name: string) => `https://[::1]:${port(name)}/`
const named = (name: string, host = 'api.lab.test') => `https://${host}:${port(name)}/`

describe('httpProbe over TLS: verified against the lab CA only', () => {
  test('IP-literal URL, IP SAN present: verified, with the chain as OpenSSL built it', async () => {
    const r = await httpProbe(literal('good'), { ca: pki.ca.cert, timeoutMs: 5000 })
    expect(r).toMatchObject({
      ok: true,
      status: 200,
      family: 'IPv6',
      remoteAddress: '::1',
      body: { text: 'secure hello' },
    })
    expect(r.tls).toMatchObject({
      verified: true,
      identity: '::1',
      chainSource: 'verified-connection',
      alpn: 'http/1.1',
    })
    expect(r.tls?.servername).toBeUndefined() // no SNI for an IP (RFC 6066 §3)
    expect(r.tls?.protocol).toMatch(/^TLSv1\.[23]$/)
    const [leaf, root, ...rest] = r.tls?.chain ?? []
    expect(rest).toEqual([])
    expect(leaf).toMatchObject({
      subject: 'O=v6ready lab, CN=api.lab.test',
      issuer: 'O=v6ready lab, CN=v6ready lab CA',
      // Node prints the IP SAN as 0:0:0:0:0:0:0:1; recorded in RFC 5952 form.
      sans: { dns: ['api.lab.test'], ip: ['::1'] },
      fingerprint256: pki.leaf.fingerprint256,
      isCA: false,
    })
    expect(root).toMatchObject({
      subject: 'O=v6ready lab, CN=v6ready lab CA',
      fingerprint256: pki.ca.fingerprint256,
      isCA: true,
    })
    const from = Date.parse(leaf?.validFrom ?? '')
    expect(Date.parse(leaf?.validTo ?? '') - from).toBe(3 * DAY)
    expect(Math.abs(from - Date.now())).toBeLessThan(DAY)
    const t = r.timings
    expect(t.tlsMs).toBeGreaterThanOrEqual(t.connectMs ?? Infinity)
    expect(t.headersMs).toBeGreaterThanOrEqual(t.tlsMs ?? Infinity)
    expect(srv.good?.requests).toBe(1)
  })

  test('the recorded chain feeds tlsFindings: SAN covers [::1], and 3 days is short of 30', async () => {
    const r = await httpProbe(literal('good'), { ca: pki.ca.cert, timeoutMs: 5000 })
    const f = tlsFindings(r.tls?.chain ?? [], { host: '[::1]', now: new Date(), minDaysValid: 30 })
    expect(f).toMatchObject({ sanCovers: true, matchedSan: 'IP:::1', expired: false, expiringSoon: true, daysLeft: 2 })
  })

  test('a non-canonical literal ([0:0:0:0:0:0:0:1]) is the same address: verified', async () => {
    const r = await httpProbe(`https://[0:0:0:0:0:0:0:1]:${port('good')}/`, { ca: pki.ca.cert, timeoutMs: 5000 })
    expect(r).toMatchObject({ ok: true, status: 200, tls: { verified: true, identity: '::1' } })
  })

  test('a name pinned to ::1: SNI and the DNS SAN', async () => {
    const r = await httpProbe(named('good'), { addresses: ['::1'], ca: pki.ca.cert, timeoutMs: 5000 })
    expect(r).toMatchObject({
      ok: true,
      status: 200,
      family: 'IPv6',
      tls: { verified: true, identity: 'api.lab.test', servername: 'api.lab.test' },
    })
  })

  test('IP-literal URL without an IP SAN: ERR_TLS_CERT_ALTNAME_INVALID, chain kept as evidence, no request sent', async () => {
    const r = await httpProbe(literal('noIp'), { ca: pki.ca.cert, timeoutMs: 5000 })
    expect(r).toMatchObject({
      ok: false,
      family: 'IPv6',
      error: { code: 'ERR_TLS_CERT_ALTNAME_INVALID', phase: 'tls' },
      tls: {
        verified: false,
        identity: '::1',
        error: { code: 'ERR_TLS_CERT_ALTNAME_INVALID' },
        chainSource: 'evidence-handshake',
      },
    })
    expect(r.status).toBeUndefined()
    expect(r.tls?.chain[0]).toMatchObject({
      sans: { dns: ['api.lab.test'], ip: [] },
      fingerprint256: pki.leafNoIp.fingerprint256,
    })
    expect(srv.noIp?.requests).toBe(0)
    // The evidence handshake is the second connection; nothing was sent over either.
    expect(srv.noIp?.connections).toBe(2)
    expect(tlsFindings(r.tls?.chain ?? [], { host: '::1', now: new Date(), minDaysValid: 1 }).sanCovers).toBe(false)
  })

  test('the same certificate by its name: verified (the failure above was the IP SAN)', async () => {
    const r = await httpProbe(named('noIp'), { addresses: ['::1'], ca: pki.ca.cert, timeoutMs: 5000 })
    expect(r).toMatchObject({ ok: true, tls: { verified: true } })
  })

  test('a name the certificate does not cover: ERR_TLS_CERT_ALTNAME_INVALID', async () => {
    const r = await httpProbe(named('good', 'other.lab.test'), { addresses: ['::1'], ca: pki.ca.cert, timeoutMs: 5000 })
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'ERR_TLS_CERT_ALTNAME_INVALID', phase: 'tls' },
      tls: {
        verified: false,
        identity: 'other.lab.test',
        servername: 'other.lab.test',
        chainSource: 'evidence-handshake',
      },
    })
    expect(r.tls?.chain[0]?.fingerprint256).toBe(pki.leaf.fingerprint256)
    expect(srv.good?.requests).toBe(0)
  })

  test('a certificate from another CA: UNABLE_TO_VERIFY_LEAF_SIGNATURE, issuer recorded', async () => {
    const r = await httpProbe(literal('otherCa'), { ca: pki.ca.cert, timeoutMs: 5000 })
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', phase: 'tls' },
      tls: { verified: false },
    })
    expect(r.tls?.chain.map((c) => c.issuer)).toEqual(['O=v6ready lab, CN=v6ready other CA'])
    expect(srv.otherCa?.requests).toBe(0)
  })

  test("another CA's root sent along: SELF_SIGNED_CERT_IN_CHAIN", async () => {
    const r = await httpProbe(literal('otherCaWithRoot'), { ca: pki.ca.cert, timeoutMs: 5000 })
    expect(r).toMatchObject({ ok: false, error: { code: 'SELF_SIGNED_CERT_IN_CHAIN' } })
    expect(r.tls?.chain.map((c) => c.fingerprint256)).toEqual([
      pki.leafOtherCa.fingerprint256,
      pki.otherCa.fingerprint256,
    ])
  })

  test('both CAs given: the other CA is trusted too (ca is a list)', async () => {
    const r = await httpProbe(literal('otherCa'), { ca: [pki.ca.cert, pki.otherCa.cert], timeoutMs: 5000 })
    expect(r).toMatchObject({ ok: true, tls: { verified: true } })
  })

  test('an expired certificate: CERT_HAS_EXPIRED, dates recorded', async () => {
    const r = await httpProbe(literal('expired'), { ca: pki.ca.cert, timeoutMs: 5000 })
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'CERT_HAS_EXPIRED' },
      tls: { verified: false, chainSource: 'evidence-handshake' },
    })
    expect(r.tls?.chain[0]).toMatchObject({
      validFrom: '2020-01-01T00:00:00.000Z',
      validTo: '2020-01-02T00:00:00.000Z',
    })
    expect(tlsFindings(r.tls?.chain ?? [], { host: '::1', now: new Date(), minDaysValid: 30 })).toMatchObject({
      expired: true,
      sanCovers: true,
    })
  })

  test('leaf and intermediate sent: verified, chain of three', async () => {
    const r = await httpProbe(literal('fullChain'), { ca: pki.ca.cert, timeoutMs: 5000 })
    expect(r).toMatchObject({ ok: true, tls: { verified: true } })
    expect(r.tls?.chain.map((c) => c.fingerprint256)).toEqual([
      pki.leafViaIntermediate.fingerprint256,
      pki.intermediate.fingerprint256,
      pki.ca.fingerprint256,
    ])
  })

  test('intermediate missing: UNABLE_TO_VERIFY_LEAF_SIGNATURE, only the leaf was presented', async () => {
    const r = await httpProbe(literal('noIntermediate'), { ca: pki.ca.cert, timeoutMs: 5000 })
    expect(r).toMatchObject({ ok: false, error: { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', phase: 'tls' } })
    expect(r.tls?.chain.map((c) => c.issuer)).toEqual(['O=v6ready lab, CN=v6ready lab intermediate'])
  })

  test('no ca at all: nothing is trusted, not even what the system store holds', async () => {
    const r = await httpProbe(literal('good'), { timeoutMs: 5000 })
    expect(r).toMatchObject({ ok: false, error: { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' }, tls: { verified: false } })
    expect(srv.good?.requests).toBe(0)
  })

  test('a TLS server that never answers the ClientHello: `timeout` in the tls phase', async () => {
    const r = await httpProbe(`https://[::1]:${port('silent')}/`, { ca: pki.ca.cert, timeoutMs: 800 })
    expect(r).toMatchObject({
      ok: false,
      family: 'IPv6',
      error: { code: 'timeout', phase: 'tls' },
      tls: { verified: false },
    })
    expect(r.tls?.chainSource).toBeUndefined()
    expect(r.timings.totalMs).toBeLessThan(800 + 1500)
  })
})

describe('the system trust store is never used', () => {
  // NODE_EXTRA_CA_CERTS is read once at start-up, so this runs in a child process.
  test('with the lab CA in the default store: the control trusts it, the probe does not', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        '--import',
        'tsx',
        join(repo, 'test/fixtures/http/system-store-child.ts'),
        literal('good'),
        join(pki.dir, 'other-ca.pem'),
      ],
      { cwd: repo, env: { ...process.env, NODE_EXTRA_CA_CERTS: join(pki.dir, 'ca.pem') }, timeout: 20_000 },
    )
    const out = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>
    expect(out.control).toBe(200)
    for (const k of ['noCa', 'wrongCa', 'emptyCa'])
      expect(out[k], k).toEqual({ ok: false, verified: false, code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' })
    // The control's request, and nothing from the probe.
    expect(srv.good?.requests).toBe(1)
  })
})
