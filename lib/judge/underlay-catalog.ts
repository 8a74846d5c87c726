// Judges of the Keystone catalog: what clients are told to dial must be reachable over IPv6
// (the OPNFV IPv6 project's release notes: its underlay test walks the catalog's public, internal
// and admin URLs).
import { notIPv6, parseUrlAuthority } from '../net/index.ts'
import { authRemedy } from '../openstack/keystone-token.ts'
import { fail, pass, skipped } from '../verdict.ts'
import { aaaaAt, showAaaaAt } from './underlay-dns.ts'
import { httpFailure, httpWhere, showHttp, withHost } from './underlay-endpoint.ts'
import { catalogSubjects, NO_RESOLVERS, showDns, type UnderlayJudge } from './underlay-view.ts'
import { CATALOG_IPV6_ONLY, CATALOG_REACHABLE } from '../checks/underlay/catalog.ts'
import { judgeUnderlay } from './judged.ts'

export const catalogIpv6Only = judgeUnderlay(CATALOG_IPV6_ONLY, (v) => {
  const check = CATALOG_IPV6_ONLY.id
  const c = v.underlay.catalog
  if (!c) return []
  if (!c.ok) {
    const e = c.error
    return [
      fail({
        check,
        subject: 'catalog',
        expected: 'a token and its catalog from Keystone, over IPv6',
        observed: `Keystone authentication failed: ${e.message} (${e.method} ${e.url})`,
        remedy: authRemedy(e.status, c.authUrl),
        evidence: `${e.method} ${e.url} → ${e.status ?? 'no status'}: ${e.message} (${c.ms} ms)`,
      }),
    ]
  }
  return catalogSubjects(v).map(({ entry, subject }) => {
    const base = {
      check,
      subject,
      expected: 'an IPv6 literal, or a name with an AAAA that is not IPv4-mapped',
      evidence: `${entry.service} ${entry.name} ${entry.interface} ${entry.region}: ${entry.url}`,
    }
    const set = `openstack endpoint set --url '${withHost(entry.url, '[<IPv6 address>]')}' <endpoint-id> (openstack endpoint list --service ${entry.service} --interface ${entry.interface} gives the ID)`
    const a = parseUrlAuthority(entry.url)
    if (!a.ok) return fail({ ...base, observed: `the URL does not parse: ${a.error}`, remedy: set })
    if (a.kind === 'ipv4')
      return fail({ ...base, observed: `IPv4 literal ${a.host}: IPv6-only clients cannot reach it`, remedy: set })
    if (a.kind === 'ipv6') {
      const bad = notIPv6(a.host)
      return bad ? fail({ ...base, observed: bad, remedy: set }) : pass({ ...base, observed: `IPv6 literal ${a.host}` })
    }
    if (!v.underlay.resolvers.length) return skipped(check, subject, NO_RESOLVERS)
    const at = aaaaAt(v, a.host)
    const evidence = [base.evidence, ...at.flatMap((x) => (x.result ? [showDns(x.result)] : []))].join('\n')
    const good = [...new Set(at.flatMap((x) => x.dialable))]
    if (good.length) return pass({ ...base, observed: `${a.host} has AAAA ${good.join(', ')}`, evidence })
    return fail({
      ...base,
      observed: `${a.host} has no dialable AAAA (${showAaaaAt(at)})`,
      remedy: `publish an AAAA for ${a.host} (see underlay.dns.aaaa), or point the endpoint at an IPv6 literal: ${set}`,
      evidence,
    })
  })
})

export const catalogReachable = judgeUnderlay(CATALOG_REACHABLE, (v) => {
  const check = CATALOG_REACHABLE.id
  const c = v.underlay.catalog
  if (!c) return []
  if (!c.ok) return [skipped(check, 'catalog', 'Keystone authentication failed, see underlay.catalog.ipv6-only')]
  return catalogSubjects(v).map(({ entry, subject }) => {
    const h = c.probes.find((p) => p.url === entry.url)?.http
    if (!h) return skipped(check, subject, 'no IPv6 address to dial, see underlay.catalog.ipv6-only')
    // Any answer below 500 means the service itself answered: 401 without a token, 404 on a bare path.
    const base = {
      check,
      subject,
      expected: 'an HTTP answer below 500 over IPv6',
      evidence: showHttp(h),
      ...httpWhere(h),
    }
    if (h.ok && h.status !== undefined && h.status < 500)
      return pass({ ...base, observed: `HTTP ${h.status} over IPv6` })
    return fail({ ...base, ...httpFailure(h) })
  })
})
