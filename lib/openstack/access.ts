// How the main process reaches Neutron for the overlay suite and `v6ready cleanup`: a token from
// Keystone (the target's credentials, inline or clouds.yaml), the catalog's `network` URL, names
// resolved by our own DNS client at the target's resolvers and pinned (never the system's
// answer), and GET /v2.0/extensions once, which also proves that Neutron takes the token.
import { recordData, resolveAll, type DnsServer } from '../dns/index.ts'
import { dialable, parseUrlAuthority } from '../net/index.ts'
import type { ResolvedTarget } from '../targets/resolve.ts'
import { parseResolver } from '../targets/schema.ts'
import { credentialsOf, readCa, requestTimeoutMs } from './credentials.ts'
import { authenticate } from './keystone.ts'
import { authRemedy, tokensUrl, type CatalogEntry } from './keystone-token.ts'
import { neutron, type NeutronEndpoint } from './neutron.ts'
import { showCall, showError, type ApiCall } from './neutron-error.ts'

export interface AccessOptions {
  /** Per HTTP request. */
  timeoutMs: number
  dnsTimeoutMs: number
}

export const ACCESS_DEFAULTS: AccessOptions = { timeoutMs: 30_000, dnsTimeoutMs: 2000 }

/** The defaults, with the target's `openstack.timeout`: a cloud that hangs costs that long per request, no more. */
export const accessOptions = (t: ResolvedTarget): AccessOptions => ({
  ...ACCESS_DEFAULTS,
  timeoutMs: requestTimeoutMs(t) ?? ACCESS_DEFAULTS.timeoutMs,
})

export type Access =
  | { ok: true; endpoint: NeutronEndpoint; entry: CatalogEntry; extensions: string[]; evidence: string[] }
  /** `remedy`: where the failure's own cause is known (Keystone's answer), what to do about it. */
  | { ok: false; message: string; evidence: string[]; remedy?: string }

/** The addresses to pin a URL's name to; undefined for an IPv6 literal or when the target names no resolver. */
export async function pinFor(
  url: string,
  servers: readonly DnsServer[],
  dnsTimeoutMs: number,
): Promise<{ ok: true; addresses?: string[] } | { ok: false; message: string }> {
  const a = parseUrlAuthority(url)
  if (!a.ok) return { ok: false, message: `${url} does not parse: ${a.error}` }
  if (a.kind === 'ipv4')
    return { ok: false, message: `${url} has the IPv4 literal ${a.host}: the overlay suite talks IPv6 only` }
  if (a.kind === 'ipv6' || servers.length === 0) return { ok: true }
  const answers = await resolveAll(servers, [a.host], ['AAAA'], {
    concurrency: servers.length,
    timeoutMs: dnsTimeoutMs,
  })
  const addresses = [...new Set(answers.flatMap(recordData).filter(dialable))]
  return addresses.length
    ? { ok: true, addresses }
    : {
        ok: false,
        message: `${a.host} has no AAAA that can be dialled at the target's resolvers (${servers.map((s) => s.address).join(', ')})`,
      }
}

export async function networkAccess(t: ResolvedTarget, opts: AccessOptions = accessOptions(t)): Promise<Access> {
  const evidence: string[] = []
  const failed = (message: string, remedy?: string): Access => ({
    ok: false,
    message,
    evidence,
    ...(remedy !== undefined && { remedy }),
  })
  const creds = credentialsOf(t)
  if (!creds) return failed(`target ${t.name} has no openstack section`)
  const ca = readCa(t, creds.cacert)
  const servers = (t.dns?.resolvers ?? []).flatMap((r) => parseResolver(r) ?? [])

  const authPin = await pinFor(creds.credentials.authUrl, servers, opts.dnsTimeoutMs)
  if (!authPin.ok) return failed(`Keystone: ${authPin.message}`)
  const auth = await authenticate(creds.credentials, {
    timeoutMs: opts.timeoutMs,
    ...(ca !== undefined && { ca }),
    ...(authPin.addresses && { addresses: authPin.addresses }),
  })
  evidence.push(
    `POST ${tokensUrl(creds.credentials.authUrl)} → ${auth.ok ? 201 : (auth.error.status ?? 'no answer')} (${auth.ms} ms)`,
  )
  if (!auth.ok)
    return failed(
      `Keystone authentication failed: ${auth.error.message}`,
      authRemedy(auth.error.status, creds.credentials.authUrl),
    )

  const wanted = t.openstack?.catalog?.interfaces?.[0] ?? 'public'
  const networks = auth.catalog.filter((e) => e.service === 'network')
  evidence.push(...networks.map((e) => `catalog: network ${e.interface} ${e.region}: ${e.url}`))
  const entry = networks.find((e) => e.interface === wanted)
  if (!entry)
    return failed(
      `the catalog has no ${wanted} endpoint of the network service${networks.length ? ` (it has ${networks.map((e) => e.interface).join(', ')})` : ''}`,
    )

  const pin = await pinFor(entry.url, servers, opts.dnsTimeoutMs)
  if (!pin.ok) return failed(`Neutron: ${pin.message}`)
  const endpoint: NeutronEndpoint = {
    url: entry.url,
    token: auth.token,
    timeoutMs: opts.timeoutMs,
    ...(pin.addresses && { addresses: pin.addresses }),
    ...(ca !== undefined && { ca }),
  }
  const calls: ApiCall[] = []
  const ext = await neutron(endpoint, { onCall: (c) => calls.push(c) }).extensions()
  evidence.push(...calls.map(showCall))
  if (!ext.ok) return failed(`Neutron at ${entry.url} did not list its extensions: ${showError(ext.error)}`)
  return { ok: true, endpoint, entry, extensions: ext.value, evidence }
}
