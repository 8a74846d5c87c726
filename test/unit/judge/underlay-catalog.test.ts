import { describe, expect, test } from 'vitest'
import { catalogIpv6Only, catalogReachable } from '../../../lib/judge/underlay-catalog.ts'
import type { CatalogObservation } from '../../../lib/observe/underlay-record.ts'
import {
  answer,
  catalog,
  CTL,
  entry,
  httpFail,
  httpOk,
  httpsRejected,
  leafCert,
  nxdomain,
  outcomes,
  R1,
  R2,
  view,
  wellFormed,
} from './underlay-view.ts'

const KS = 'keystone.lab.test'
const AUTH_URL = `http://[${CTL}]:5000/v3`
const authFailed: CatalogObservation = {
  ok: false,
  authUrl: AUTH_URL,
  error: {
    method: 'POST',
    url: `${AUTH_URL}/auth/tokens`,
    status: 401,
    message: '401 Unauthorized: The request you have made requires authentication.',
  },
  ms: 31,
}

describe('underlay.catalog.ipv6-only', () => {
  test('no openstack in the target: no verdicts', () => expect(catalogIpv6Only(view())).toEqual([]))

  test('authentication failed: one failure on `catalog`, naming the request', () => {
    const vs = wellFormed(catalogIpv6Only(view({ catalog: authFailed })))
    expect(vs).toHaveLength(1)
    expect(vs[0]).toMatchObject({
      check: 'underlay.catalog.ipv6-only',
      subject: 'catalog',
      ok: false,
      observed: `Keystone authentication failed: 401 Unauthorized: The request you have made requires authentication. (POST ${AUTH_URL}/auth/tokens)`,
    })
    expect(vs[0]?.remedy).toContain('check the credentials')
    expect(vs[0]?.remedy).toContain(`openstack --os-auth-url '${AUTH_URL}' token issue`)
  })

  test("a 500 is Keystone's own failure: its log, not the credentials", () => {
    const failed500 = {
      ...authFailed,
      error: { ...authFailed.error, status: 500, message: '500 Internal Server Error' },
    }
    const [v] = wellFormed(catalogIpv6Only(view({ catalog: failed500 })))
    expect(v?.remedy).toMatch(/^Keystone failed on its own side \(HTTP 500\): find the request in its log/)
    expect(v?.remedy).not.toContain('credentials')
  })

  test('an IPv6 literal passes; an IPv4 literal fails with the endpoint set command', () => {
    const c = catalog([
      entry('identity', 'public', AUTH_URL),
      entry('identity', 'internal', 'http://198.51.100.11:5000/v3'),
    ])
    const vs = wellFormed(catalogIpv6Only(view({ catalog: c })))
    expect(outcomes(vs)).toEqual({ 'identity/public': 'pass', 'identity/internal': 'fail' })
    expect(vs[0]?.observed).toBe(`IPv6 literal ${CTL}`)
    expect(vs[1]).toMatchObject({
      observed: 'IPv4 literal 198.51.100.11: IPv6-only clients cannot reach it',
      remedy:
        "openstack endpoint set --url 'http://[<IPv6 address>]:5000/v3' <endpoint-id> (openstack endpoint list --service identity --interface internal gives the ID)",
      evidence: 'identity keystone internal RegionOne: http://198.51.100.11:5000/v3',
    })
  })

  test('a mapped literal is IPv4; a URL that does not parse fails', () => {
    const c = catalog([
      entry('network', 'public', 'http://[::ffff:198.51.100.11]:9696'),
      entry('network', 'internal', 'http://[2001:db8::11:9696'),
    ])
    const vs = wellFormed(catalogIpv6Only(view({ catalog: c })))
    expect(vs.map((v) => v.observed)).toEqual([
      '::ffff:198.51.100.11 is IPv4-mapped: the packets would go to 198.51.100.11 over IPv4',
      'the URL does not parse: malformed bracketed host "[2001:db8::11:9696"',
    ])
  })

  test('a name passes with a dialable AAAA at some resolver, and fails with none', () => {
    const c = catalog([
      entry('identity', 'public', `https://${KS}:5000/v3`),
      entry('image', 'public', 'http://glance.lab.test:9292'),
    ])
    const dns = [
      nxdomain(KS, 'AAAA'),
      answer(KS, 'AAAA', [CTL], { server: R2 }),
      answer('glance.lab.test', 'AAAA', ['::ffff:198.51.100.11']),
      nxdomain('glance.lab.test', 'AAAA', { server: R2 }),
    ]
    const vs = wellFormed(
      catalogIpv6Only(view({ resolvers: [R1, R2], names: [KS, 'glance.lab.test'], dns, catalog: c })),
    )
    expect(outcomes(vs)).toEqual({ 'identity/public': 'pass', 'image/public': 'fail' })
    expect(vs[0]?.observed).toBe(`${KS} has AAAA ${CTL}`)
    expect(vs[1]?.observed).toBe(
      `glance.lab.test has no dialable AAAA (${R1}: only IPv4-mapped: ::ffff:198.51.100.11 is IPv4 in disguise; ${R2}: NXDOMAIN)`,
    )
    expect(vs[1]?.evidence).toBe(
      `image glance public RegionOne: http://glance.lab.test:9292\n${R1} udp NOERROR aa: AAAA ::ffff:198.51.100.11 (ttl 600)\n${R2} udp NXDOMAIN aa: no records`,
    )
  })

  test('a name with no resolver to ask: skipped with the cause', () => {
    const vs = catalogIpv6Only(
      view({ resolvers: [], catalog: catalog([entry('identity', 'public', `https://${KS}:5000/v3`)]) }),
    )
    expect(vs[0]?.skip).toBe('no dns.resolvers in the targets file')
  })

  test('only the interfaces the targets file names; @region only where a service/interface is in several', () => {
    const c = catalog([
      entry('identity', 'public', AUTH_URL),
      entry('identity', 'admin', AUTH_URL),
      entry('compute', 'public', `http://[${CTL}]:8774/v2.1`),
      entry('compute', 'public', 'http://[2001:db8:0:2::11]:8774/v2.1', 'RegionTwo'),
    ])
    const vs = catalogIpv6Only(view({ catalog: c, target: { openstack: { catalog: { interfaces: ['public'] } } } }))
    expect(vs.map((v) => v.subject)).toEqual([
      'identity/public',
      'compute/public@RegionOne',
      'compute/public@RegionTwo',
    ])
  })
})

describe('underlay.catalog.reachable', () => {
  const URL6 = `http://[${CTL}]:9696/`
  const judge = (
    probes: { url: string; http?: ReturnType<typeof httpOk> }[],
    entries = [entry('network', 'internal', URL6)],
  ) => catalogReachable(view({ catalog: catalog(entries, probes) }))

  test('no catalog: nothing; authentication failed: one skip on `catalog` pointing to ipv6-only', () => {
    expect(catalogReachable(view())).toEqual([])
    expect(catalogReachable(view({ catalog: authFailed }))).toEqual([
      expect.objectContaining({
        subject: 'catalog',
        skip: 'Keystone authentication failed, see underlay.catalog.ipv6-only',
      }),
    ])
  })

  test.for([200, 300, 401, 404, 499])('HTTP %i: the service answered, pass', (status) => {
    const [v] = judge([{ url: URL6, http: httpOk(URL6, status) }])
    expect(v).toMatchObject({
      check: 'underlay.catalog.reachable',
      subject: 'network/internal',
      ok: true,
      observed: `HTTP ${status} over IPv6`,
      where: { address: CTL, family: 'IPv6' },
    })
  })

  test('HTTP 500, the boundary: fail, the backend', () => {
    const [v] = wellFormed(judge([{ url: URL6, http: httpOk(URL6, 500) }]))
    expect(v).toMatchObject({ ok: false, observed: 'HTTP 500' })
    expect(v?.remedy).toMatch(/^the service failed behind the endpoint/)
  })

  test('HTTP 503: fail, the backend', () => {
    const [v] = wellFormed(judge([{ url: URL6, http: httpOk(URL6, 503) }]))
    expect(v).toMatchObject({ ok: false, observed: 'HTTP 503' })
    expect(v?.remedy).toContain('no backend is up')
  })

  test('refused: fail with the error and its phase; where has no family, nothing connected', () => {
    const [v] = wellFormed(
      judge([{ url: URL6, http: httpFail(URL6, 'ECONNREFUSED', `connect ECONNREFUSED ${CTL}:9696`, 'connect') }]),
    )
    expect(v).toMatchObject({
      ok: false,
      observed: `ECONNREFUSED in the connect phase: connect ECONNREFUSED ${CTL}:9696`,
      where: { address: CTL },
    })
    expect(v?.where?.family).toBeUndefined()
  })

  test('https whose certificate does not verify: fail, pointing at the CA', () => {
    const url = `https://[${CTL}]:13696/`
    const http = httpsRejected(url, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate', [
      leafCert({ issuer: 'CN=Somebody Else CA' }),
    ])
    const [v] = wellFormed(judge([{ url, http }], [entry('network', 'public', url)]))
    expect(v).toMatchObject({
      ok: false,
      observed: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE in the tls phase: unable to verify the first certificate',
    })
    expect(v?.remedy).toContain('tls.ca')
  })

  test('no probe over IPv6 (an IPv4 literal, a name without AAAA): skipped, pointing to ipv6-only', () => {
    const url4 = 'http://198.51.100.11:9696/'
    const vs = judge(
      [{ url: url4 }],
      [entry('network', 'admin', url4), entry('network', 'internal', 'http://neutron.lab.test:9696/')],
    )
    expect(vs.map((v) => [v.subject, v.skip])).toEqual([
      ['network/admin', 'no IPv6 address to dial, see underlay.catalog.ipv6-only'],
      ['network/internal', 'no IPv6 address to dial, see underlay.catalog.ipv6-only'],
    ])
  })

  test('entries that share a URL share its probe', () => {
    const entries = [entry('identity', 'public', AUTH_URL), entry('identity', 'internal', AUTH_URL)]
    const vs = catalogReachable(view({ catalog: catalog(entries, [{ url: AUTH_URL, http: httpOk(AUTH_URL, 200) }]) }))
    expect(outcomes(vs)).toEqual({ 'identity/public': 'pass', 'identity/internal': 'pass' })
  })
})
