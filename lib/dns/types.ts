// What a DNS query returns: an answer or a failure, both plain JSON data (they go into observations.json).
import type { RecordType } from 'dns-packet'

/** Any question type dns-packet can encode; OPT is a pseudo-record, never a question. */
export type DnsType = Exclude<RecordType, 'OPT'>

export interface DnsServer {
  /** IPv6 literal, `%zone` allowed (link-local resolvers); no brackets. */
  address: string
  port: number
}

export type Rcode =
  | 'NOERROR'
  | 'FORMERR'
  | 'SERVFAIL'
  | 'NXDOMAIN'
  | 'NOTIMP'
  | 'REFUSED'
  | 'YXDOMAIN'
  | 'YXRRSET'
  | 'NXRRSET'
  | 'NOTAUTH'
  | 'NOTZONE'
  | 'BADVERS'
  | `RCODE_${number}`

export type Transport = 'udp' | 'tcp'

export interface DnsRecord {
  name: string
  type: string
  ttl: number
  /** Presentation text: AAAA in RFC 5952 form, A dotted, names without the trailing dot. */
  data: string
}

export interface DnsAnswer {
  ok: true
  /** `[addr]:port`, the subject of the resolver checks. */
  server: string
  name: string
  type: DnsType
  rcode: Rcode
  aa: boolean
  /** TC as seen on the UDP reply: true means the final answer came over TCP after truncation. */
  tc: boolean
  ra: boolean
  /** What carried the final answer. */
  transport: Transport
  /** The answer section in order, CNAME chain included (see finalRecords). */
  answers: DnsRecord[]
  authority: DnsRecord[]
  /** NXDOMAIN/NODATA: min(SOA TTL, SOA minimum), the negative-caching TTL of RFC 2308 §5. */
  negativeTtl?: number
  /** The server's EDNS UDP payload size, when its reply had an OPT record. */
  ednsUdpSize?: number
  ms: number
}

export type DnsErrorKind =
  | 'timeout' // the deadline passed with no acceptable reply
  | 'aborted' // the caller's signal fired
  | 'refused' // ICMP port unreachable on UDP, or ECONNREFUSED on TCP
  | 'unreachable' // no route, host unreachable, administratively prohibited
  | 'closed' // TCP: the server closed the connection before a reply
  | 'bad-reply' // a reply with the right ID came but could not be decoded
  | 'tcp-failed' // UDP said TC, and the TCP retry failed (see cause, truncated)
  | 'socket-error' // any other socket error
  | 'not-ipv6' // the server is IPv4 or ::ffff:-mapped: the check is "over IPv6"
  | 'invalid' // a bad server address, port, name or timeout

export interface DnsFailure {
  ok: false
  /** `[addr]:port`, or the server as given when it does not parse. */
  server: string
  name: string
  type: DnsType
  error: DnsErrorKind
  detail: string
  /** Where it failed, once a socket was opened. */
  transport?: Transport
  /** tcp-failed: what went wrong over TCP. */
  cause?: DnsErrorKind
  /** tcp-failed: the truncated UDP answer that sent us to TCP. */
  truncated?: DnsAnswer
  ms: number
}

export type DnsResult = DnsAnswer | DnsFailure

export interface QueryOptions {
  signal?: AbortSignal
  /** The whole query, UDP and the TCP retry together. */
  timeoutMs: number
  /** Skip UDP: the resolver-v6 check asks both transports on their own. */
  tcpOnly?: boolean
}
