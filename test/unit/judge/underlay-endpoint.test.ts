import { describe, expect, test } from 'vitest'
import { httpV6, parity, tcpV6, tls, urlFormat } from '../../../lib/judge/underlay-endpoint.ts'
import {
  answer,
  caCert,
  catalog,
  CTL,
  endpoint,
  entry,
  httpFail,
  httpOk,
  httpsRejected,
  leafCert,
  nxdomain,
  outcomes,
  R1,
  tcpFail,
  tcpOk,
  view,
  wellFormed,
} from './underlay-view.ts'

const KS = 'keystone.lab.test'
const KS_URL = `https://${KS}:5000/v3`
const LIT_URL = `https://[${CTL}]:5000/v3`

describe('underlay.endpoint.url-format', () => {
  const judge = (url: string) => urlFormat(view({ endpoints: [endpoint('ks', url)] }))[0]

  test.for([
    [KS_URL, `the host is the name ${KS}`],
    ['http://198.51.100.11:5000/v3', 'the host is the IPv4 literal 198.51.100.11'],
    [LIT_URL, `[${CTL}] is bracketed and canonical`],
  ] as const)('%s passes: %s', ([url, observed]) => {
    expect(judge(url)).toMatchObject({
      check: 'underlay.endpoint.url-format',
      subject: 'ks',
      ok: true,
      observed,
      evidence: url,
    })
  })

  test.for([
    ['https://[2001:DB8:0:1:0:0:0:11]:5000/v3', `write ${LIT_URL}`],
    ['http://2001:db8:0:1::11/v3', `write http://[${CTL}]/v3`],
    ['http://[fe80::1%eth0]:8080/', 'write http://[fe80::1%25eth0]:8080/'],
    ['http://user@[2001:db8:0:1:0::11]/', `write http://user@[${CTL}]/`],
  ] as const)('%s fails: %s', ([url, remedy]) => {
    const [v] = wellFormed(urlFormat(view({ endpoints: [endpoint('ks', url)] })))
    expect(v).toMatchObject({ ok: false, subject: 'ks', remedy })
    expect(v?.observed.startsWith(`${url}: `)).toBe(true)
  })

  test('an unbracketed literal that may end in a port: both readings in the remedy', () => {
    const v = judge('http://2001:db8::1:5000/v3')
    expect(v?.remedy).toBe(
      'write http://[2001:db8::1:5000]/v3 (or http://[2001:db8::1]:5000/v3, if the last group was meant as the port)',
    )
    expect(v?.observed).toContain('could also mean a port')
  })

  test('a non-canonical literal is a failure here, though parseUrlAuthority only warns', () => {
    const v = judge('https://[2001:db8:0:1:0:0:0:11]:5000/v3')
    expect(v?.observed).toBe(
      'https://[2001:db8:0:1:0:0:0:11]:5000/v3: IPv6 address "2001:db8:0:1:0:0:0:11" is not in RFC 5952 canonical form "2001:db8:0:1::11"',
    )
  })

  test('a %25 zone in a web URL passes; the RFC 9844 warning goes in the evidence', () => {
    const v = judge('http://[fe80::a9fe:a9fe%25eth0]/openstack')
    expect(v).toMatchObject({ ok: true, observed: '[fe80::a9fe:a9fe%25eth0] is bracketed and canonical' })
    expect(v?.evidence).toContain('warning: zone ID in a web URL: RFC 9844')
  })

  test('a URL that does not parse fails', () => {
    const [v] = wellFormed(urlFormat(view({ endpoints: [endpoint('ks', 'http://[2001:db8::11/v3')] })))
    expect(v).toMatchObject({
      ok: false,
      observed: 'http://[2001:db8::11/v3: malformed bracketed host "[2001:db8::11"',
    })
  })

  test('catalog entries too, named service/interface, only the interfaces asked for, @region when needed', () => {
    const entries = [
      entry('identity', 'public', KS_URL),
      entry('identity', 'internal', 'http://2001:db8:0:1::11:5000/v3'),
      entry('identity', 'admin', 'http://198.51.100.11:35357/v3'),
      entry('network', 'public', `http://[${CTL}]:9696`),
      entry('network', 'public', 'http://[2001:db8:0:2:0::11]:9696', 'RegionTwo'),
    ]
    const v = view({
      endpoints: [endpoint('ks', KS_URL)],
      catalog: catalog(entries),
      target: { openstack: { catalog: { interfaces: ['public', 'internal'] } } },
    })
    expect(outcomes(wellFormed(urlFormat(v)))).toEqual({
      ks: 'pass',
      'identity/public': 'pass',
      'identity/internal': 'fail',
      'network/public@RegionOne': 'pass',
      'network/public@RegionTwo': 'fail',
    })
  })

  test('a catalog that could not be read: only the endpoints', () => {
    const c = {
      ok: false as const,
      authUrl: `http://[${CTL}]:5000/v3`,
      error: {
        method: 'POST',
        url: `http://[${CTL}]:5000/v3/auth/tokens`,
        status: 401,
        message: '401 Unauthorized: The request you have made requires authentication.',
      },
      ms: 31,
    }
    expect(outcomes(urlFormat(view({ endpoints: [endpoint('ks', KS_URL)], catalog: c })))).toEqual({ ks: 'pass' })
  })
})

describe('underlay.endpoint.tcp-v6', () => {
  const B = '2001:db8:0:1::12'

  test('every address connects over IPv6: pass, where is the first probe', () => {
    const [v] = tcpV6(view({ endpoints: [endpoint('ks', KS_URL, { tcp: [tcpOk(CTL, 5000), tcpOk(B, 5000)] })] }))
    expect(v).toMatchObject({
      check: 'underlay.endpoint.tcp-v6',
      subject: 'ks',
      ok: true,
      observed: `connected over IPv6 to [${CTL}]:5000, [${B}]:5000`,
      where: { address: CTL, family: 'IPv6' },
    })
    expect(v?.evidence).toBe(
      `[${CTL}]:5000 connected over IPv6 from 2001:db8:0:1::100 (1 ms)\n[${B}]:5000 connected over IPv6 from 2001:db8:0:1::100 (1 ms)`,
    )
  })

  test.for([
    [
      'ECONNREFUSED',
      `[${B}]:5000: connection refused, nothing listens on that IPv6 address and port`,
      `bind the service (or the HAProxy frontend) to :: or to [${B}]:5000`,
    ],
    ['timeout', `[${B}]:5000: no answer within 2000 ms, filtered`, 'ip6tables -I INPUT -p tcp --dport 5000 -j ACCEPT'],
    ['EHOSTUNREACH', `[${B}]:5000: no route (EHOSTUNREACH)`, `ip -6 route get ${B}`],
    ['ENETUNREACH', `[${B}]:5000: no route (ENETUNREACH)`, `ip -6 route get ${B}`],
  ] as const)('one address of two %s: fail, where is the failing address', ([code, observed, remedy]) => {
    const [v] = wellFormed(
      tcpV6(view({ endpoints: [endpoint('ks', KS_URL, { tcp: [tcpOk(CTL, 5000), tcpFail(B, 5000, code)] })] })),
    )
    expect(v).toMatchObject({ ok: false, observed, where: { address: B } })
    expect(v?.where?.family).toBeUndefined()
    expect(v?.remedy).toContain(remedy)
  })

  test.for([
    [
      'an IPv4 literal',
      'http://198.51.100.11:5000/v3',
      'nothing dialled: the URL holds the IPv4 literal 198.51.100.11',
    ],
    [
      'a mapped literal',
      'http://[::ffff:198.51.100.11]:5000/v3',
      'nothing dialled: ::ffff:198.51.100.11 is IPv4-mapped: the packets would go to 198.51.100.11 over IPv4',
    ],
  ] as const)('nothing to dial, %s: fail, with the bracketed remedy', ([, url, observed]) => {
    const [v] = wellFormed(tcpV6(view({ endpoints: [endpoint('ks', url)] })))
    expect(v).toMatchObject({
      ok: false,
      observed,
      remedy:
        "write the URL with the service's IPv6 address in brackets or a name that has an AAAA: http://[<IPv6 address>]:5000/v3",
    })
    expect(v?.where).toBeUndefined()
  })

  test('nothing to dial, a name without AAAA: what the resolvers said', () => {
    const [v] = wellFormed(
      tcpV6(view({ names: [KS], dns: [nxdomain(KS, 'AAAA')], endpoints: [endpoint('ks', KS_URL)] })),
    )
    expect(v).toMatchObject({
      ok: false,
      observed: `nothing dialled: ${KS} has no dialable AAAA (${R1}: NXDOMAIN)`,
      remedy: `publish an AAAA for ${KS} (see underlay.dns.aaaa)`,
    })
    expect(v?.evidence).toBe(`${KS_URL}\n${R1} udp NXDOMAIN aa: no records`)
    const [m] = tcpV6(
      view({ names: [KS], dns: [answer(KS, 'AAAA', ['::ffff:198.51.100.11'])], endpoints: [endpoint('ks', KS_URL)] }),
    )
    expect(m?.observed).toBe(
      `nothing dialled: ${KS} has no dialable AAAA (${R1}: only IPv4-mapped: ::ffff:198.51.100.11 is IPv4 in disguise)`,
    )
  })

  test('nothing to dial, no resolvers to ask', () => {
    const [v] = wellFormed(tcpV6(view({ resolvers: [], endpoints: [endpoint('ks', KS_URL)] })))
    expect(v?.observed).toBe(`nothing dialled: ${KS} was not resolved (no dns.resolvers in the targets file)`)
  })
})

describe('underlay.endpoint.http-v6', () => {
  const one = (e: ReturnType<typeof endpoint>, expect_status?: number[]) =>
    httpV6(
      view({
        endpoints: [e],
        target: { endpoints: [{ name: e.name, url: e.url, ...(expect_status && { expect_status }) }] },
      }),
    )[0]

  test('200 over IPv6 passes; where is the socket used', () => {
    const v = one(endpoint('ks', KS_URL, { http: httpOk(KS_URL) }))
    expect(v).toMatchObject({
      ok: true,
      subject: 'ks',
      expected: 'HTTP 200-399 over IPv6',
      observed: `HTTP 200 over IPv6 from [${CTL}]:5000`,
      where: { address: CTL, family: 'IPv6' },
    })
    expect(v?.evidence).toBe(
      [
        `GET ${KS_URL} → HTTP 200 (server: Apache/2.4.62 (Debian))`,
        `address [${CTL}]:5000 family IPv6; connect 1, tls 6, headers 19, total 20 ms`,
        'body: {"version": {"id": "v3.14", "status": "stable"}}',
      ].join('\n'),
    )
  })

  test('expect_status rules: 300 expected and got, 200 not expected', () => {
    const url = `http://[${CTL}]:5000/`
    expect(one(endpoint('ks', url, { http: httpOk(url, 300) }), [300])?.ok).toBe(true)
    const v = wellFormed([one(endpoint('ks', url, { http: httpOk(url, 200) }), [300])!])[0]
    expect(v).toMatchObject({
      ok: false,
      expected: 'HTTP 300 over IPv6',
      observed: 'HTTP 200',
      remedy: "check the URL's path, or list 200 in expect_status if that answer is right",
    })
  })

  // The boundaries of the default range (200-399) and of the remedy's status classes.
  test.for([
    [199, false],
    [200, true],
    [399, true],
    [400, false],
  ] as const)('no expect_status: HTTP %i passes %s', ([status, ok]) => {
    const v = one(endpoint('ks', KS_URL, { http: httpOk(KS_URL, status, { ok: true }) }))
    expect(v).toMatchObject({ ok, expected: 'HTTP 200-399 over IPv6' })
  })
  test.for([
    [299, 'path'],
    [300, 'redirect'],
    [399, 'redirect'],
    [400, 'path'],
    [499, 'path'],
    [500, 'backend'],
  ] as const)('expect_status [200], HTTP %i: the %s remedy', ([status, kind]) => {
    const v = one(endpoint('ks', KS_URL, { http: httpOk(KS_URL, status, { ok: true }) }), [200])
    expect(v?.ok).toBe(false)
    expect(v?.remedy).toMatch(
      { path: /^check the URL's path/, redirect: /^the endpoint redirects/, backend: /^the service failed/ }[kind],
    )
  })

  test('a 503 from HAProxy: the backend', () => {
    const v = one(endpoint('ks', KS_URL, { http: httpOk(KS_URL, 503, { ok: true }) }))
    expect(v).toMatchObject({ ok: false, observed: 'HTTP 503' })
    expect(v?.remedy).toContain('no backend is up')
  })

  test('a redirect outside expect_status names where it goes', () => {
    const url = `http://[${CTL}]/`
    const v = one(
      endpoint('ks', url, { http: httpOk(url, 302, { headers: { location: `http://[${CTL}]/dashboard` } }) }),
      [200],
    )
    expect(v).toMatchObject({ ok: false, observed: `HTTP 302 (location: http://[${CTL}]/dashboard)` })
    expect(v?.remedy).toContain(`redirects to http://[${CTL}]/dashboard`)
  })

  test('no response after connecting: the error, its phase, and the backend remedy', () => {
    const v = wellFormed([
      one(
        endpoint('ks', KS_URL, { http: httpFail(KS_URL, 'timeout', 'no complete answer within 2000 ms', 'headers') }),
      )!,
    ])[0]
    expect(v).toMatchObject({
      ok: false,
      observed: 'timeout in the headers phase: no complete answer within 2000 ms',
      where: { address: CTL, family: 'IPv6' },
    })
    expect(v?.remedy).toContain('the connection was accepted but no response came')
  })

  test('no IPv6 connection, or TLS that did not verify: skipped, naming the check that reports it', () => {
    expect(one(endpoint('ks', KS_URL))?.skip).toBe('no IPv6 connection, see underlay.endpoint.tcp-v6')
    const bad = httpsRejected(LIT_URL, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate', [
      leafCert({ issuer: 'CN=Somebody Else CA' }),
    ])
    expect(one(endpoint('ks', LIT_URL, { http: bad }))?.skip).toBe('TLS did not verify, see underlay.endpoint.tls')
  })
})

describe('underlay.endpoint.tls', () => {
  const judge = (http: ReturnType<typeof httpOk> | undefined, url = KS_URL, target = {}) =>
    tls(view({ endpoints: [endpoint('ks', url, http ? { http } : {})], target }))

  test('http URLs are not judged', () =>
    expect(judge(httpOk('http://[2001:db8:0:1::11]:9696/'), 'http://[2001:db8:0:1::11]:9696/')).toEqual([]))

  test('a verified chain from the lab CA that names the host and lasts: pass, with the chain as evidence', () => {
    const [v] = judge(httpOk(KS_URL))
    expect(v).toMatchObject({
      check: 'underlay.endpoint.tls',
      subject: 'ks',
      ok: true,
      observed: `verified against tls.ca; DNS:${KS} covers ${KS}; CN=keystone.lab.test expires first, in 335 days`,
      where: { address: CTL, family: 'IPv6' },
    })
    expect(v?.evidence?.split('\n')).toEqual([
      `#0 subject CN=keystone.lab.test; issuer CN=v6lab CA; SANs DNS:keystone.lab.test, DNS:api.lab.test, IP:${CTL}; valid 2026-10-25T00:00:00.000Z to 2027-10-25T00:00:00.000Z; sha256 ${leafCert().fingerprint256}`,
      `#1 subject CN=v6lab CA; issuer CN=v6lab CA; SANs none; valid ${caCert.validFrom} to ${caCert.validTo}; sha256 ${caCert.fingerprint256}`,
      'chain from verified-connection',
    ])
  })

  test('no tls.ca in the targets file: fail, nothing can be trusted', () => {
    const [v] = wellFormed(judge(httpOk(KS_URL), KS_URL, { tls: undefined }))
    expect(v).toMatchObject({
      ok: false,
      observed: "no tls.ca in the targets file: the chain cannot be verified against the lab's CA",
    })
  })

  test('verified but expiring within min_days_valid: fail, renew', () => {
    const [v] = wellFormed(judge(httpOk(KS_URL), KS_URL, { tls: { ca: 'ca.pem', min_days_valid: 400 } }))
    expect(v).toMatchObject({
      ok: false,
      observed: 'CN=keystone.lab.test expires on 2027-10-25T00:00:00.000Z, in 335 days (fewer than 400)',
    })
    expect(v?.remedy).toBe('renew the certificate: it must stay valid for at least 400 days (tls.min_days_valid)')
  })

  test('a certificate from another CA: who issued it', () => {
    const other = leafCert({ issuer: 'CN=Somebody Else CA' })
    const [v] = wellFormed(
      judge(
        httpsRejected(KS_URL, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate', [other]),
      ),
    )
    expect(v).toMatchObject({
      ok: false,
      observed: 'issued by CN=Somebody Else CA, which does not chain to tls.ca (UNABLE_TO_VERIFY_LEAF_SIGNATURE)',
    })
    expect(v?.remedy).toContain('install a certificate issued by the CA in tls.ca')
    expect(v?.evidence).toContain(
      'chain from evidence-handshake\nverify error UNABLE_TO_VERIFY_LEAF_SIGNATURE: unable to verify the first certificate',
    )
  })

  test('self-signed', () => {
    const self = leafCert({ issuer: 'CN=keystone.lab.test' })
    const [v] = judge(httpsRejected(KS_URL, 'DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate', [self]))
    expect(v?.observed).toBe(
      'self-signed (CN=keystone.lab.test), which does not chain to tls.ca (DEPTH_ZERO_SELF_SIGNED_CERT)',
    )
  })

  test('an IP-literal URL without the IP SAN: the SAN problem, and an IP SAN in the remedy', () => {
    const noIp = leafCert({ sans: { dns: [KS], ip: [] } })
    const msg = `Hostname/IP does not match certificate's altnames: IP: ${CTL} is not in the cert's list: `
    const [v] = wellFormed(judge(httpsRejected(LIT_URL, 'ERR_TLS_CERT_ALTNAME_INVALID', msg, [noIp, caCert]), LIT_URL))
    expect(v?.observed).toBe(
      `verification failed with ERR_TLS_CERT_ALTNAME_INVALID; the certificate's SANs (DNS:${KS}) do not cover ${CTL}`,
    )
    expect(v?.remedy).toBe(
      `reissue the certificate with subjectAltName IP:${CTL} (an IP-literal URL needs an IP SAN; the CN is never used, RFC 6125)`,
    )
  })

  test('expired', () => {
    const old = leafCert({ validFrom: '2020-01-01T00:00:00.000Z', validTo: '2020-01-02T00:00:00.000Z' })
    const [v] = wellFormed(judge(httpsRejected(KS_URL, 'CERT_HAS_EXPIRED', 'certificate has expired', [old, caCert])))
    expect(v?.observed).toBe(
      'verification failed with CERT_HAS_EXPIRED; CN=keystone.lab.test expired on 2020-01-02T00:00:00.000Z',
    )
    expect(v?.remedy).toContain('renew the certificate')
  })

  test('a handshake that never completes: no certificate, and the port is suspected', () => {
    const h = httpsRejected(KS_URL, 'timeout', 'no complete answer within 2000 ms', [])
    delete h.tls!.chainSource
    const [v] = wellFormed(judge(h))
    expect(v?.observed).toBe(
      'the TLS handshake failed: timeout: no complete answer within 2000 ms; no certificate was recorded',
    )
    expect(v?.remedy).toBe('check that the port speaks TLS (HAProxy: bind ... ssl crt ...) and completes the handshake')
  })

  test('no IPv6 connection: skipped, naming tcp-v6', () => {
    expect(judge(undefined)[0]?.skip).toBe('no IPv6 connection, see underlay.endpoint.tcp-v6')
    expect(judge(httpFail(KS_URL, 'ECONNREFUSED', `connect ECONNREFUSED ${CTL}:5000`, 'connect'))[0]?.skip).toBe(
      'no IPv6 connection, see underlay.endpoint.tcp-v6',
    )
  })
})

describe('underlay.endpoint.parity', () => {
  const V4 = '198.51.100.11'
  const url = 'http://api.lab.test:8080/'
  const v4 = (status?: number) =>
    status === undefined
      ? httpFail(url, 'ECONNREFUSED', `connect ECONNREFUSED ${V4}:8080`, 'connect', { address: V4 })
      : httpOk(url, status, { address: V4, remoteAddress: V4, family: 'IPv4', localAddress: '198.51.100.62' })
  const judge = (e: ReturnType<typeof endpoint>, stack: 'dual-stack' | 'ipv6-only' = 'dual-stack') =>
    parity(view({ endpoints: [e], target: { stack } }))

  test('only on dual-stack targets, only for endpoints probed over IPv4', () => {
    expect(judge(endpoint('api', url, { http: httpOk(url), v4: v4(200) }), 'ipv6-only')).toEqual([])
    expect(judge(endpoint('api', url, { http: httpOk(url) }))).toEqual([])
  })

  test('the same port and status class: pass', () => {
    const [v] = judge(endpoint('api', url, { http: httpOk(url, 200), v4: v4(204) }))
    expect(v).toMatchObject({
      ok: true,
      subject: 'api',
      observed: 'HTTP 200 over IPv6 on port 8080, HTTP 204 over IPv4 on port 8080',
      where: { address: CTL, family: 'IPv6' },
    })
  })

  test('another status class: fail with both', () => {
    const [v] = wellFormed(judge(endpoint('api', url, { http: httpOk(url, 200), v4: v4(503) })))
    expect(v).toMatchObject({ ok: false, observed: 'HTTP 200 over IPv6 on port 8080, HTTP 503 over IPv4 on port 8080' })
  })

  test('another port: fail, even with the same status', () => {
    const [v] = wellFormed(
      judge(endpoint('api', url, { http: httpOk(url, 200), v4: { ...v4(200), port: 8081, remotePort: 8081 } })),
    )
    expect(v).toMatchObject({ ok: false, observed: 'HTTP 200 over IPv6 on port 8080, HTTP 200 over IPv4 on port 8081' })
  })

  test('IPv4 answers, IPv6 does not', () => {
    const [v] = wellFormed(judge(endpoint('api', url, { v4: v4(200) })))
    expect(v).toMatchObject({
      ok: false,
      observed: 'answers over IPv4 (HTTP 200) but not over IPv6 (no connection)',
      where: { address: V4, family: 'IPv4' },
    })
    const [t] = judge(
      endpoint('api', url, {
        http: httpFail(url, 'timeout', 'no complete answer within 2000 ms', 'headers'),
        v4: v4(200),
      }),
    )
    expect(t?.observed).toBe('answers over IPv4 (HTTP 200) but not over IPv6 (timeout in the headers phase)')
  })

  test('IPv6 answers, IPv4 does not', () => {
    const [v] = wellFormed(judge(endpoint('api', url, { http: httpOk(url), v4: v4() })))
    expect(v).toMatchObject({
      ok: false,
      observed: 'answers over IPv6 (HTTP 200) but not over IPv4 (ECONNREFUSED in the connect phase)',
    })
    expect(v?.remedy).toContain('answer over IPv4 too')
  })

  test('neither answers: skipped, naming tcp-v6', () => {
    expect(judge(endpoint('api', url, { v4: v4() }))[0]?.skip).toBe(
      'no answer over either family, see underlay.endpoint.tcp-v6',
    )
  })
})
