// The raw underlay observation, saved in observations.json and judged again by --replay: what the
// target's resolvers said, what the endpoints answered over IPv6 (and IPv4 for parity), and the
// Keystone catalog. Never the token or the password.
import type { DnsResult } from '../dns/types.ts'
import type { HttpProbeResult, TcpProbeResult } from '../http/index.ts'
import type { CatalogEntry, KeystoneError } from '../openstack/keystone-token.ts'

export interface EndpointObservation {
  /** As in the targets file: the subject of the endpoint checks. */
  name: string
  url: string
  /** A TCP connect to each dialable IPv6 address of the URL's host (its AAAA set, or the literal). */
  tcp: TcpProbeResult[]
  /** The request over IPv6, pinned to the first address that connected; absent when none did. */
  http?: HttpProbeResult
  /** Dual-stack targets, when the host is a name with A records: the same request over IPv4. */
  v4?: HttpProbeResult
}

export interface CatalogProbe {
  url: string
  /** One request over IPv6; absent when the URL has no IPv6 address to dial (an IPv4 literal, a name without AAAA). */
  http?: HttpProbeResult
}

export type CatalogObservation =
  | { ok: true; authUrl: string; expiresAt: string; entries: CatalogEntry[]; probes: CatalogProbe[]; ms: number }
  | { ok: false; authUrl: string; error: KeystoneError; ms: number }

export interface UnderlayObservation {
  startedAt: string
  durationMs: number
  /** `[addr]:port` of each resolver, in targets-file order (the subjects of underlay.dns.resolver-v6). */
  resolvers: string[]
  /** The checked names (see checkedNames), lower case, without the trailing dot. */
  names: string[]
  /**
   * Every answer or failure, from every resolver: AAAA and A for each checked name; with
   * `dns.reverse`, PTR for each dialable AAAA, and AAAA for each PTR target that is not a checked name.
   */
  dns: DnsResult[]
  /** One TCP-only AAAA query per resolver, for the first checked name (underlay.dns.resolver-v6). */
  tcpOnly: DnsResult[]
  endpoints: EndpointObservation[]
  /** Absent when the target has no `openstack`. */
  catalog?: CatalogObservation
}
