// The underlay's observation phase (docs/design.md §1.1): the target's resolvers asked directly, every
// endpoint probed over IPv6 at the addresses our own DNS client found, and the Keystone catalog
// read and probed. All I/O of the underlay suite happens here; the judges only read the record.
import {
  nameKey,
  ptrName,
  recordData,
  resolveAll,
  resultsFor,
  serverLabel,
  type DnsResult,
  type DnsServer,
  type DnsType,
} from '../dns/index.ts'
import { httpProbe, tcpProbe6, type HttpProbeOptions } from '../http/index.ts'
import { dialable, parseUrlAuthority } from '../net/index.ts'
import { credentialsOf, readCa, requestTimeoutMs } from '../openstack/credentials.ts'
import { authenticate } from '../openstack/keystone.ts'
import { checkedNames } from '../targets/checked-names.ts'
import type { ResolvedTarget } from '../targets/resolve.ts'
import { parseResolver } from '../targets/schema.ts'
import { mapLimit } from '../util/map-limit.ts'
import { UNDERLAY_DEFAULTS, type UnderlayOptions } from './underlay-options.ts'
import type { CatalogObservation, CatalogProbe, EndpointObservation, UnderlayObservation } from './underlay-record.ts'

/** The records of `type` for `name` across every resolver's answer, each once, in order. */
const recordsOf = (dns: readonly DnsResult[], name: string, type: DnsType): string[] => [
  ...new Set(resultsFor(dns, name, type).flatMap(recordData)),
]

/** Where a URL can be dialled over IPv6: its literal, or the dialable AAAA our resolvers gave its name. */
function v6Addresses(
  url: string,
  dns: readonly DnsResult[],
): { port?: number; addresses: string[]; name?: string; v4: string[] } {
  const a = parseUrlAuthority(url)
  if (!a.ok) return { addresses: [], v4: [] }
  const port = a.port
  if (a.kind === 'ipv6')
    return {
      ...(port !== undefined && { port }),
      addresses: [a.zone === undefined ? a.host : `${a.host}%${a.zone}`].filter(dialable),
      v4: [],
    }
  if (a.kind === 'ipv4') return { ...(port !== undefined && { port }), addresses: [], v4: [] }
  return {
    ...(port !== undefined && { port }),
    name: a.host,
    addresses: recordsOf(dns, a.host, 'AAAA').filter(dialable),
    v4: recordsOf(dns, a.host, 'A'),
  }
}

export async function observeUnderlay(
  target: ResolvedTarget,
  opts: UnderlayOptions = UNDERLAY_DEFAULTS,
): Promise<UnderlayObservation> {
  const startedAt = new Date().toISOString()
  const t0 = performance.now()
  const creds = credentialsOf(target)
  const ca = readCa(target, creds?.cacert)
  const servers: DnsServer[] = (target.dns?.resolvers ?? []).flatMap((r) => parseResolver(r) ?? [])
  const dns: DnsResult[] = []
  const ask = async (names: readonly string[], types: DnsType[]) => {
    if (servers.length === 0 || names.length === 0) return
    dns.push(
      ...(await resolveAll(servers, names, types, { concurrency: opts.concurrency, timeoutMs: opts.dnsTimeoutMs })),
    )
  }
  const probeOpts = (extra: Partial<HttpProbeOptions> = {}): HttpProbeOptions => ({
    timeoutMs: opts.probeTimeoutMs,
    maxBodyBytes: opts.maxBodyBytes,
    ...(ca !== undefined && { ca }),
    ...extra,
  })

  const names = checkedNames(target)
  await ask(names, ['AAAA', 'A'])

  const endpoint = async (e: ResolvedTarget['endpoints'][number]): Promise<EndpointObservation> => {
    const where = v6Addresses(e.url, dns)
    const port = where.port ?? 0
    const tcp = await mapLimit(where.addresses, opts.concurrency, (a) =>
      tcpProbe6(a, port, { timeoutMs: opts.probeTimeoutMs }),
    )
    const reached = tcp.filter((p) => p.ok).map((p) => p.address)
    const http =
      reached.length > 0
        ? await httpProbe(
            e.url,
            probeOpts({ addresses: [...reached, ...where.addresses.filter((a) => !reached.includes(a))] }),
          )
        : undefined
    const v4 =
      target.stack === 'dual-stack' && where.name !== undefined && where.v4.length > 0
        ? await httpProbe(e.url, probeOpts({ addresses: where.v4, family: 4 }))
        : undefined
    return { name: e.name, url: e.url, tcp, ...(http && { http }), ...(v4 && { v4 }) }
  }

  const catalog = async (): Promise<CatalogObservation | undefined> => {
    if (!creds) return undefined
    const c = creds.credentials
    const auth = v6Addresses(c.authUrl, dns)
    const r = await authenticate(c, {
      timeoutMs: requestTimeoutMs(target) ?? opts.authTimeoutMs,
      ...(ca !== undefined && { ca }),
      ...(auth.name !== undefined && { addresses: auth.addresses }),
    })
    if (!r.ok) return { ok: false, authUrl: c.authUrl, error: r.error, ms: r.ms }
    const interfaces = new Set(target.openstack?.catalog?.interfaces ?? ['public', 'internal', 'admin'])
    const entries = r.catalog.filter((x) => interfaces.has(x.interface))
    await ask(
      checkedNames(target, entries).filter((n) => !names.includes(n)),
      ['AAAA', 'A'],
    )
    const urls = [...new Set(entries.map((x) => x.url))]
    const probes = await mapLimit(urls, opts.concurrency, async (url): Promise<CatalogProbe> => {
      const where = v6Addresses(url, dns)
      if (where.addresses.length === 0) return { url }
      return {
        url,
        http: await httpProbe(url, probeOpts(where.name !== undefined ? { addresses: where.addresses } : {})),
      }
    })
    return { ok: true, authUrl: c.authUrl, expiresAt: r.expiresAt, entries, probes, ms: r.ms }
  }

  const [endpoints, cat] = await Promise.all([mapLimit(target.endpoints, opts.concurrency, endpoint), catalog()])
  const allNames = checkedNames(target, cat?.ok ? cat.entries : [])

  // Reverse DNS last: it needs every name's AAAA set, the catalog's included.
  if (target.dns?.reverse) {
    const ptrs = [
      ...new Set(allNames.flatMap((n) => recordsOf(dns, n, 'AAAA').filter(dialable)).flatMap((a) => ptrName(a) ?? [])),
    ]
    await ask(ptrs, ['PTR'])
    const targets = [...new Set(ptrs.flatMap((p) => recordsOf(dns, p, 'PTR')).map(nameKey))]
    await ask(
      targets.filter((n) => !allNames.includes(n)),
      ['AAAA'],
    )
  }
  const first = opts.tcpOnlyName ?? allNames[0]
  const tcpOnly =
    first === undefined
      ? []
      : await resolveAll(servers, [first], ['AAAA'], {
          concurrency: opts.concurrency,
          timeoutMs: opts.dnsTimeoutMs,
          tcpOnly: true,
        })

  return {
    startedAt,
    durationMs: Math.round(performance.now() - t0),
    resolvers: servers.map(serverLabel),
    names: allNames,
    dns,
    tcpOnly,
    endpoints,
    ...(cat && { catalog: cat }),
  }
}
