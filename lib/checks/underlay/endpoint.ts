// underlay.endpoint: Endpoints dialled over IPv6 only.
import { catalogEntries, endpoints } from '../subjects.ts'
import { underlayCheck } from '../define.ts'
import { urlName } from '../../targets/checked-names.ts'

export const ENDPOINT_TCP_V6 = underlayCheck({
  id: 'underlay.endpoint.tcp-v6',
  tags: ['smoke'],
  title: 'Every endpoint accepts a TCP connection over IPv6 at each of its addresses',
  why: "The OPNFV underlay test asks one question: are the endpoints really listening on IPv6? Every AAAA of the URL's name (or its literal) is dialled over AF_INET6, and the family of the connected socket is recorded, so nothing falls back to IPv4 silently (docs/design.md). Refused means nothing listens there; a timeout means a filter.",
  fix: 'Bind the service or the HAProxy frontend to :: (or the IPv6 address), and open the port for IPv6: ip6tables -I INPUT -p tcp --dport <port> -j ACCEPT, or the security group.',
  subjects: endpoints,
})

export const ENDPOINT_HTTP_V6 = underlayCheck({
  id: 'underlay.endpoint.http-v6',
  tags: [],
  title: 'Every endpoint answers HTTP with the expected status over IPv6',
  why: 'A port that accepts a connection can still have no working service behind it: HAProxy bound to :: with a backend down, or a backend that only listens on IPv4, as an Ocata IPv6 migration found. The request goes over IPv6 only, pinned to an address that connected, and the status must be one the targets file expects (200-399 by default).',
  fix: "Check the service behind the endpoint and the proxy's backend (a 503 from HAProxy means no backend is up), or list the real status in expect_status.",
  subjects: endpoints,
})

export const ENDPOINT_TLS = underlayCheck({
  id: 'underlay.endpoint.tls',
  tags: ['security'],
  title: "Every HTTPS endpoint presents a certificate from the target's CA, naming the host, not about to expire",
  why: 'An operator\'s rule from an IPv6 migration: "certificates must be issued from our PKI and trusted. No snake oil certificates or self-signed monkey business." The chain is verified against tls.ca alone, never the system store; the SANs must cover the URL\'s host (an IP SAN for an IP-literal URL; the CN is never used, RFC 6125), and nothing in the chain may expire within min_days_valid.',
  fix: "Install a certificate issued by the CA in tls.ca, with subjectAltName covering the URL's host, and serve the intermediates with it (HAProxy: the crt file holds leaf, intermediates and key); renew before min_days_valid.",
  subjects: (t) => t.endpoints.filter((e) => e.url.startsWith('https:')).map((e) => e.name),
})

export const ENDPOINT_PARITY = underlayCheck({
  id: 'underlay.endpoint.parity',
  tags: [],
  title: 'On dual-stack targets, endpoints answer the same over IPv4 and IPv6',
  why: 'Internet.nl\'s "same website on IPv6 and IPv4": the same ports and status codes over both families. A service that answers over one family only, or differently, breaks whichever clients RFC 6724 sends the other way.',
  fix: "Make both families reach the same frontend and backend: compare the proxy's IPv4 and IPv6 binds (HAProxy bind :::<port> v4v6, nginx listen [::]:<port>) and where each sends requests.",
  subjects: (t) =>
    t.stack === 'dual-stack' ? t.endpoints.filter((e) => urlName(e.url) !== undefined).map((e) => e.name) : [],
})

export const ENDPOINT_URL_FORMAT = underlayCheck({
  id: 'underlay.endpoint.url-format',
  tags: [],
  title: 'IPv6 literals in endpoint and catalog URLs are bracketed and canonical',
  why: 'RFC 3986 §3.2.2 requires brackets around an IPv6 literal in a URI (without them 2001:db8::1:5000 reads as an address or as a port, RFC 5952 §6); RFC 5952 gives one text per address, so URLs compare and match certificates and configs; a zone ID is written %25<zone> (RFC 6874), and RFC 9844 deprecates zones in web URLs.',
  fix: 'Write the URL with the canonical literal in brackets, e.g. http://[2001:db8::11]:5000/v3 (openstack endpoint set --url ... <endpoint-id> for catalog entries).',
  subjects: (t) => [...endpoints(t), ...catalogEntries(t)],
})

/** The underlay.endpoint checks, in report order: a new one is appended here. */
export const ENDPOINT_CHECKS = [
  ENDPOINT_TCP_V6,
  ENDPOINT_HTTP_V6,
  ENDPOINT_TLS,
  ENDPOINT_PARITY,
  ENDPOINT_URL_FORMAT,
] as const
